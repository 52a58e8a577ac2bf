import type { Messages, SentMessage } from './messages.js';
import type { InlineAnswer, Queries } from './queries.js';

/** What a test or the demo waited for did not come in time. */
class WaitTimedOutError extends Error {
  override readonly name = 'WaitTimedOutError';
}

/** Waits until `check` holds (polled), or fails after `timeoutMs`. */
export async function until<T>(check: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new WaitTimedOutError(`mock Bot API: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits for the bot to have sent `count` messages to a chat and returns them. */
export function repliesTo(messages: Messages, chatId: number, count = 1, timeoutMs = 10_000): Promise<SentMessage[]> {
  return until(() => messages.to(chatId).length >= count && messages.to(chatId), timeoutMs, `${count} message(s) to chat ${chatId}`);
}

/** Waits for the bot's answer to an inline query. */
export function inlineAnswer(queries: Queries, id: string, timeoutMs = 10_000): Promise<InlineAnswer> {
  return until(() => queries.inlineAnswers.get(id), timeoutMs, `an answer to inline query ${id}`);
}
