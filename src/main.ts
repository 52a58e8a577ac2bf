import { loadConfig } from './config.js';
import { Engine } from './engine.js';
import { createLogger } from './log.js';
import { progressReporter } from './cli/progress.js';
import { runCli } from './cli/open.js';
import { createOps, serveOps } from './ops/http.js';
import { createBot } from './telegram/bot.js';
import { runDemo } from './telegram/demo.js';
import { runPolling, runWebhook } from './telegram/run.js';

/** `npm start`: the real bot with a token, the local demo without one (or with --demo). */
async function main(): Promise<void> {
  const config = loadConfig();
  const demo = !config.token || process.argv.includes('--demo');
  const log = createLogger({ level: demo ? 'warn' : config.logLevel, secrets: [config.token] });
  const ops = createOps();
  // Up before the index is loaded (which can take a while on a first start), so /healthz can say so. In webhook
  // mode the webhook server serves the same paths; a port of their own only when it is another port.
  const health = !demo && config.healthPort && config.healthPort !== config.webhook?.port ? await serveOps(ops, config.healthPort) : null;
  if (health) log.info(`health and metrics on port ${config.healthPort} (/healthz, /metrics)`);
  const engine = await Engine.open({ ...config, log: (line) => log.warn(line), progress: progressReporter('ingest') });
  const settings = { allowedChatIds: config.allowedChatIds, ratePerMinute: config.ratePerMinute };
  if (demo) return runDemo(engine, settings, log);

  const bot = createBot({ token: config.token!, apiRoot: config.apiRoot, engine, settings, log, ops });
  const run = { startupTimeoutMs: config.startupTimeoutMs, ops, onStop: () => health?.close() };
  if (config.webhook) await runWebhook(bot, log, config.webhook, run);
  else await runPolling(bot, log, run);
}

runCli(main, 'the bot stopped');
