import { loadConfig, type Config } from '../config.js';
import { Engine } from '../engine/engine.js';
import { ConfigError, ModelLoadError, Refused } from '../errors.js';
import { progressReporter } from './progress.js';

/** Opens the engine for a command-line tool, with status on stderr so stdout stays machine-readable. */
export async function openEngine(config: Config = loadConfig()): Promise<Engine> {
  return Engine.open({
    ...config,
    log: (line) => process.stderr.write(`${line}\n`),
    progress: progressReporter('ingest'),
  });
}

/**
 * Runs a command's main function; a failure prints one clear line and exits 1, never a stack trace, and never
 * the bot token (the message may come from anywhere).
 */
export function runCli(main: () => Promise<void>, unexpected = 'unexpected failure'): void {
  main().catch((e: unknown) => {
    const known = e instanceof ConfigError || e instanceof ModelLoadError || e instanceof Refused;
    let message = e instanceof Error ? e.message : String(e);
    const token = process.env.TELEGRAM_BOT_TOKEN;
    if (token && token.length >= 8) message = message.split(token).join('[redacted]');
    process.stderr.write(`error: ${known ? message : `${unexpected}: ${message}`}\n`);
    process.exit(1);
  });
}
