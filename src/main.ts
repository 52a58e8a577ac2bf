import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { progressReporter } from './cli/progress.js';
import { runCli } from './cli/open.js';
import { createOps, serveOps } from './ops/http.js';
import { createBot } from './telegram/bot.js';
import { runDemo } from './demo/run.js';
import { runPolling, runWebhook } from './telegram/run.js';
import { recordIndex } from './telegram/observe.js';
import { EnginePool } from './workers/pool.js';
import { watchSeeds } from './sources/watch.js';
import { FETCH_DEFAULTS } from './sources/fetch.js';
import { redisPassword, redisStores } from './telegram/stores.js';
import { FileFollowStore } from './follow/store.js';
import { startNews } from './telegram/news.js';
import { join } from 'node:path';

/** `npm start`: the real bot with a token, the local demo without one (or with --demo). */
async function main(): Promise<void> {
  const config = loadConfig();
  const demo = !config.token || process.argv.includes('--demo');
  const log = createLogger({ level: demo ? 'warn' : config.logLevel, secrets: [config.token, redisPassword(config.redisUrl)] });
  const ops = createOps();
  // Up before the index is loaded (which can take a while on a first start), so /healthz can say so. In webhook
  // mode the webhook server serves the same paths; a port of their own only when it is another port.
  const health = !demo && config.healthPort && config.healthPort !== config.webhook?.port ? await serveOps(ops, config.healthPort) : null;
  if (health) log.info(`health and metrics on port ${config.healthPort} (/healthz, /metrics)`);
  // In the demo a person reads the terminal: status lines ("building the index…") as plain lines, not JSON.
  const status = demo ? (line: string) => process.stderr.write(`${line}\n`) : (line: string) => log.warn(line);
  const fetch = { ...FETCH_DEFAULTS, allowPrivate: config.allowPrivateUrls };
  const { model, modelsDir, allowRemote, timeoutMs, seedsDir, embeddingsDir } = config;
  // The engine runs in worker threads (src/workers/): this thread only talks to Telegram. The demo has one person
  // asking, so one thread, which starts sooner.
  const threads = demo ? 1 : undefined;
  const engine = await EnginePool.open({ model, modelsDir, allowRemote, timeoutMs, seedsDir, embeddingsDir, fetch, threads, log: status, progress: progressReporter('ingest') });
  // Articles added, edited or removed in seeds/ (by `npm run add` or by hand) are answered from without a restart.
  const unwatch = watchSeeds(
    seedsDir,
    () => engine.reloadIfChanged().catch((e: Error) => log.error(`could not read the changed articles (the previous ones still answer): ${e.message}`)),
    (e) => log.error(`stopped watching ${seedsDir} (${e.message}): changes there are read at the next /add or restart`),
  );
  const close = () => (unwatch(), engine.close());
  engine.onReload((reloaded) => recordIndex(ops, reloaded));
  ops.health.engineThreads(engine.running);
  engine.onThreads((running) => ops.health.engineThreads(running));
  const settings = { allowedChatIds: config.allowedChatIds, ratePerMinute: config.ratePerMinute, adminChatIds: config.adminChatIds };
  if (demo) return runDemo(engine, settings, log).finally(close);

  // Without Redis, createBot keeps them in this process's memory.
  const stores = config.redisUrl ? redisStores(config.redisUrl, log, ops.health) : null;
  // Followers are kept where conversations are when Redis is set; otherwise in a file beside the index (the one
  // folder a container or the systemd unit may write).
  const follow = stores?.follow ?? new FileFollowStore(join(embeddingsDir, 'follow'));
  const bot = createBot({ token: config.token!, apiRoot: config.apiRoot, engine, settings, log, ops, addSource: (url) => engine.add(url), memory: stores?.memory, asked: stores?.asked, follow });
  const news = startNews(bot, engine, { apiRoot: config.apiRoot, store: follow, embeddingsDir, log });
  // The messages to followers in flight are sent first; the others are sent at the next start (or by another replica).
  const run = { startupTimeoutMs: config.startupTimeoutMs, ops, onStop: () => news.stop().then(() => Promise.all([close(), health?.close(), stores?.close()])) };
  if (config.webhook) await runWebhook(bot, log, config.webhook, run);
  else await runPolling(bot, log, run);
}

runCli(main, 'the bot stopped');
