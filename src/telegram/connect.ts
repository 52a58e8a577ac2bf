import { Api, HttpError, type Bot, type Context } from 'grammy';
import { TelegramUnreachableError } from '../errors.js';
import type { Logger } from '../log.js';

/** The first wait between tries, doubled after each, as @grammyjs/auto-retry waits for the bot's other calls. */
const FIRST_RETRY_MS = 3_000;
/** The longest wait between tries: the longest the bot waits anywhere else (bot.ts RETRY.maxDelaySeconds). */
const LONGEST_RETRY_MS = 60_000;

/**
 * Reaches Telegram at start-up (getMe, which grammY's init would otherwise retry for ever, silently): each failed
 * try is logged with the URL (the token replaced), the cause and when the next try is; when the next try would
 * come after `giveUpMs`, it stops with an error. A refusal (a wrong token is a 401) is not retried: trying again cannot change it.
 */
export async function connect<C extends Context>(bot: Bot<C>, log: Logger, giveUpMs: number): Promise<void> {
  if (bot.isInited()) return;
  // A bare client: the bot's own retries (auto-retry) would hide each failure and never give up.
  const api = new Api(bot.token, bot.api.options);
  const root = bot.api.options?.apiRoot ?? 'https://api.telegram.org';
  const url = `${root}/bot[redacted]/getMe`;
  const deadline = Date.now() + giveUpMs;
  for (let wait = FIRST_RETRY_MS; ; wait = Math.min(wait * 2, LONGEST_RETRY_MS)) {
    const left = deadline - Date.now();
    try {
      bot.botInfo = await api.getMe(AbortSignal.timeout(Math.max(left, 1)) as Parameters<Api['getMe']>[0]);
      return;
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      const why = cause(e, left);
      const remaining = deadline - Date.now();
      if (remaining < wait) {
        throw new TelegramUnreachableError(
          `Telegram could not be reached at ${url} within ${seconds(giveUpMs)} (${why}); giving up. ` +
            'Check TELEGRAM_API_ROOT and the network (TELEGRAM_STARTUP_TIMEOUT_MS sets how long to try).',
          url,
        );
      }
      log.warn({ url, cause: why, retryInMs: wait }, `cannot reach Telegram at ${url}: ${why}; next try in ${seconds(wait)}, giving up in ${seconds(remaining)}`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** The low-level reason ("connect ECONNREFUSED 127.0.0.1:9", "getaddrinfo ENOTFOUND host"), not grammY's wrapper. */
function cause(e: HttpError, waitedMs: number): string {
  const inner = e.error as { name?: string; message?: string } | undefined;
  if (inner?.name === 'AbortError') return `no answer within ${seconds(waitedMs)}`;
  const message = inner?.message ?? e.message;
  return message.match(/reason: (.*)$/)?.[1] ?? message;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
