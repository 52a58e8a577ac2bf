import { createServer, type Server } from 'node:http';
import { webhookCallback, type Bot } from 'grammy';
import type { BotContext } from './session.js';
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

/**
 * Long polling until stopped. grammY's stop() aborts the pending getUpdates, lets the update in hand finish,
 * and confirms the last offset, so no update is answered twice or lost across a restart.
 */
export async function runPolling(bot: Bot<BotContext>, log: Logger, opts: RunOptions): Promise<void> {
  await connect(bot, log, opts.startupTimeoutMs);
  const commands = new AbortController();
  void registerCommands(bot, log, commands.signal);
  await bot.api.deleteWebhook();
  stopOnSignals(() => (commands.abort(), bot.stop()), log);
  await bot.start({
    allowed_updates: ALLOWED_UPDATES,
    onStart: (me) => log.info(`@${me.username} is polling for updates`),
  });
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
  hook: { url: string; port: number; secret: string },
  opts: RunOptions & { host?: string },
): Promise<Server> {
  await connect(bot, log, opts.startupTimeoutMs);
  const commands = new AbortController();
  void registerCommands(bot, log, commands.signal);
  const updates = webhookCallback(bot, 'http', { secretToken: hook.secret });
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
