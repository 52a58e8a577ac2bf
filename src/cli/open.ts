import { loadConfig, ConfigError, type Config } from '../config.js';
import { Engine } from '../engine.js';
import { ModelLoadError } from '../embeddings/embedder.js';
import { progressReporter } from './progress.js';

/** Opens the engine for a command-line tool, with status on stderr so stdout stays machine-readable. */
export async function openEngine(config: Config = loadConfig()): Promise<Engine> {
  return Engine.open({
    ...config,
    log: (line) => process.stderr.write(`${line}\n`),
    progress: progressReporter('ingest'),
  });
}

/** Runs a command's main function; known failures print one clear line and exit 1, never a stack trace. */
export function runCli(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    const known = e instanceof ConfigError || e instanceof ModelLoadError;
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`error: ${known ? message : `unexpected failure: ${message}`}\n`);
    process.exit(1);
  });
}
