import type { Bot, Context, Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import type { Answer, AnswerType } from '../types.js';
import type { AnswerEngine } from '../engine/engine.js';
import { createOps, type Ops } from '../ops/http.js';
import type { BotDeps } from './deps.js';
import type { Answered } from './answering.js';
import { COMMANDS } from './features/help.js';

/** How an answer is counted and logged: what an operator asks is "did it answer, or abstain?". */
const RESULT: Record<AnswerType, string> = { quotes: 'answered', 'not-found': 'abstained', 'small-talk': 'small-talk', 'other-language': 'other-language' };
const KNOWN_COMMANDS = new Set(['start', 'add', ...COMMANDS.map((c) => c.command)]);
const MEDIA = ['photo', 'sticker', 'voice', 'video', 'video_note', 'animation', 'audio', 'document', 'location', 'contact', 'poll'] as const;

/** The answers the engine gave while one update was handled. */
interface Handling {
  update: number;
  answers: Answer[];
}

/**
 * Watches a bot for its operator, without the features knowing: every Telegram call feeds the health and the
 * error counter, and every update gets metrics and one info log line (kind, chat type, answer, extracts, latency;
 * never the text or who sent it: the question is logged only at debug). Returns what is told of each answer an
 * update is given (answering.ts calls it), so the line and the metrics carry them.
 */
export function observe<C extends Context>(bot: Bot<C>, deps: Pick<BotDeps, 'engine' | 'log' | 'ops'>): Answered {
  const ops = deps.ops ?? createOps();
  const { metrics } = ops;
  const { log } = deps;
  bot.api.config.use(watchCalls(ops));

  const handling = new WeakMap<Context, Handling>();
  bot.use(async (ctx, next) => {
    const started = performance.now();
    const h: Handling = { update: ctx.update.update_id, answers: [] };
    handling.set(ctx, h);
    let failed = false;
    try {
      await next();
    } catch (e) {
      failed = true;
      throw e; // bot.catch logs it and apologises
    } finally {
      const ms = Math.round(performance.now() - started);
      const last = h.answers.at(-1);
      metrics.updates.inc({ kind: updateType(ctx.update) });
      for (const a of h.answers) metrics.answers.inc({ result: RESULT[a.type] });
      if (last) metrics.answerSeconds.observe(ms / 1000);
      if (failed) metrics.repliesFailed.inc();
      log.info(
        { update: h.update, kind: updateKind(ctx), chatType: ctx.chat?.type, ...(last && { answer: RESULT[last.type], extracts: last.extracts.length }), ms, ...(failed && { failed }) },
        'update handled',
      );
    }
  });

  recordIndex(ops, deps.engine.current);

  return (ctx, question, answer) => {
    const h = handling.get(ctx);
    h?.answers.push(answer);
    log.debug({ update: h?.update, question, answer: RESULT[answer.type] }, 'question');
  };
}

/** What the loaded index holds, in the metrics and the health; again after the articles are reloaded. */
export function recordIndex({ metrics, health }: Ops, engine: Pick<AnswerEngine, 'sources'>): void {
  const sources = engine.sources();
  const size = { articles: sources.length, passages: sources.reduce((n, s) => n + s.passages, 0) };
  metrics.index.set({ kind: 'articles' }, size.articles);
  metrics.index.set({ kind: 'passages' }, size.passages);
  health.indexLoaded(size);
}

/** An API transformer that records every call's outcome (each attempt: it runs inside the retries). */
function watchCalls({ metrics, health }: Ops): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const res = await prev(method, payload, signal);
      if (!res.ok) metrics.telegramErrors.inc({ method, code: String(res.error_code) });
      health.telegramCall(method, res.ok ? null : res.error_code);
      return res;
    } catch (e) {
      // An aborted call is the bot stopping (or giving up), not Telegram failing.
      if (!signal?.aborted) {
        metrics.telegramErrors.inc({ method, code: 'network' });
        health.telegramCall(method, 'network');
      }
      throw e;
    }
  };
}

/** "message:text", "message:command" (with the command's name when it is one of ours), "callback_query:button"… */
function updateKind(ctx: Context): string {
  const type = updateType(ctx.update);
  if (ctx.callbackQuery) return `${type}:button`;
  const msg = ctx.msg;
  if (!msg) return type;
  const command = msg.text?.match(/^\/([a-z_]+)(?:@\w+)?(?:\s|$)/)?.[1];
  if (command) return `${type}:command:${KNOWN_COMMANDS.has(command) ? command : 'other'}`;
  if (msg.text) return `${type}:text`;
  return `${type}:${MEDIA.find((m) => m in msg) ?? 'other'}`;
}

/** message, edited_message, callback_query…: the one field an update carries besides its id. */
const updateType = (update: Update): string => Object.keys(update).find((k) => k !== 'update_id') ?? 'unknown';
