import { createServer, type Server } from 'node:http';
import { webhookCallback, type Bot, type BotError } from 'grammy';
import type { Update } from 'grammy/types';
import { run } from '@grammyjs/runner';
import type { BotContext } from './context.js';
import type { Logger } from '../log.js';
import { opsRoutes, type Ops } from '../ops/http.js';
import { connect } from './connect.js';
import { COMMANDS } from './features/help.js';

/** The updates the features handle; anything else Telegram need not send. */
const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'inline_query'] as const;

export interface RunOptions {
  /** How long to keep trying to reach Telegram at start-up (TELEGRAM_STARTUP_TIMEOUT_MS). */
  startupTimeoutMs: number;
  /** Served at /healthz and /metrics by the webhook server. */
  ops?: Ops;
  /** Called once the bot has stopped: closes what the caller opened beside it (the health server). */
  onStop?: () => unknown;
}

/** Registers the command menu; a failure is logged, never fatal. Callers do not wait for it: retries of a
 * failing setMyCommands (auto-retry backs off for minutes) must not delay answering. */
export async function registerCommands(bot: Bot<BotContext>, log: Logger, signal?: AbortSignal): Promise<void> {
  try {
    // grammY types its signal with the abort-controller shim; the platform's AbortSignal is what it uses at run time.
    await bot.api.setMyCommands(COMMANDS, undefined, signal as Parameters<Bot['api']['setMyCommands']>[2]);
  } catch (e) {
    if (!signal?.aborted) log.warn(`could not register the command menu: ${(e as Error).message}`);
  }
}

/** Long polling that has been started; `stop` resolves once every update taken is answered and confirmed. */
export interface Polling {
  stop(): Promise<void>;
  /** Rejects when polling stops by itself: Telegram refused getUpdates for good (a revoked token, another instance). */
  failed: Promise<never>;
}

/**
 * Long polling with grammY's runner: updates of different chats are answered at once (bot.ts sequentializes
 * each chat's own). The runner stops fetching on stop but neither waits for the updates in hand nor confirms the
 * last one to Telegram, so this does both, as grammY's own bot.stop() does: nothing is answered twice or lost
 * across a restart. `onHandled` is told of each update once everything it sent (an apology too) is sent.
 */
export function startPolling(bot: Bot<BotContext>, fetch: { timeout?: number } = {}, onHandled?: (update: Update) => void): Polling {
  const inHand = new Set<Promise<void>>();
  let lastTaken = 0;
  const handle = run(
    {
      api: bot.api,
      init: () => bot.init(),
      errorHandler: (e: BotError<BotContext>) => bot.errorHandler(e),
      handleUpdate: (update: Update) => {
        lastTaken = Math.max(lastTaken, update.update_id);
        // The error handler (its apology) is part of handling the update: `stop` and `onHandled` wait for it too.
        const done = bot
          .handleUpdate(update)
          .catch(async (e: BotError<BotContext>) => void (await bot.errorHandler(e)))
          .finally(() => {
            inHand.delete(done);
            onHandled?.(update);
          });
        inHand.add(done);
        return done;
      },
    },
    { runner: { fetch: { ...fetch, allowed_updates: ALLOWED_UPDATES }, silent: true } },
  );
  const failed = (handle.task() ?? Promise.resolve()).then(() => new Promise<never>(() => undefined));
  failed.catch(() => undefined); // handled by whoever awaits it; a stop in tests need not
  return {
    failed,
    async stop() {
      await handle.stop();
      await Promise.allSettled([...inHand]);
      if (lastTaken) await bot.api.getUpdates({ offset: lastTaken + 1, limit: 1, timeout: 0 });
    },
  };
}

/** Long polling until SIGINT or SIGTERM. */
export async function runPolling(bot: Bot<BotContext>, log: Logger, opts: RunOptions): Promise<void> {
  await connect(bot, log, opts.startupTimeoutMs);
  const commands = new AbortController();
  void registerCommands(bot, log, commands.signal);
  await bot.api.deleteWebhook();
  const polling = startPolling(bot);
  log.info(`@${bot.botInfo.username} is polling for updates`);
  const signalled = new Promise<void>((stopped) =>
    stopOnSignals(async () => {
      commands.abort();
      await polling.stop().finally(stopped);
    }, log),
  );
  await Promise.race([signalled, polling.failed]);
  await opts.onStop?.();
  log.info('stopped');
}

/**
 * Webhook mode: a plain Node HTTP server. GET /healthz and /metrics are answered first; every other request goes
 * to grammY, which refuses it without the secret token.
 */
export async function runWebhook(
  bot: Bot<BotContext>,
  log: Logger,
  hook: { url: string; port: number; secret: string; answerWithinMs?: number },
  opts: RunOptions & { host?: string },
): Promise<Server> {
  await connect(bot, log, opts.startupTimeoutMs);
  const commands = new AbortController();
  void registerCommands(bot, log, commands.signal);
  // Telegram posts an update again when its request is not answered in time, so an update still queued for its chat
  // or the engine after grammY's 10 s is acknowledged anyway (and answered when its turn comes): never twice.
  const updates = webhookCallback(bot, 'http', { secretToken: hook.secret, onTimeout: 'return', timeoutMilliseconds: hook.answerWithinMs });
  const ops = opts.ops && opsRoutes(opts.ops);
  const server = createServer((req, res) => {
    if (!ops?.(req, res)) void updates(req, res);
  });
  await new Promise<void>((resolve) => server.listen(hook.port, opts.host ?? '0.0.0.0', resolve));
  await bot.api.setWebhook(hook.url, {
    secret_token: hook.secret,
    allowed_updates: ALLOWED_UPDATES,
  });
  log.info(`@${bot.botInfo.username} receives updates by webhook on port ${hook.port}`);
  stopOnSignals(async () => {
    commands.abort();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await opts.onStop?.();
  }, log);
  return server;
}

function stopOnSignals(stop: () => Promise<unknown> | unknown, log: Logger): void {
  const handler = (signal: string) => {
    log.info(`${signal} received, stopping`);
    void Promise.resolve(stop()).catch((e) => log.error(`stop failed: ${(e as Error).message}`));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
