import { loadConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import { runCli } from './open.js';

/** How long the check waits for /healthz: well inside the container HEALTHCHECK's own 10 s timeout. */
const WAIT_MS = 5_000;

/**
 * `node dist/cli/healthcheck.js`: exits 0 when the bot running here says it is healthy, 1 with the reason
 * otherwise. The container's HEALTHCHECK (slim images have no curl); it reads the same settings as the bot.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const port = config.healthPort ?? config.webhook?.port;
  if (!port) throw new ConfigError('HEALTH_PORT must be set for a health check (or WEBHOOK_URL: the webhook port serves /healthz too)', ['HEALTH_PORT']);
  const url = `http://127.0.0.1:${port}/healthz`;
  const res = await fetch(url, { signal: AbortSignal.timeout(WAIT_MS) }).catch((e: Error) => {
    throw new Error(`no answer from ${url} (${(e.cause as Error | undefined)?.message ?? e.message})`);
  });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
}

runCli(main, 'unhealthy');
