import { Bot, GrammyError, HttpError, type MiddlewareFn } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { sequentialize } from '@grammyjs/runner';
import type { BotDeps } from './deps.js';
import type { Logger } from '../log.js';
import type { BotContext, ChatMemory } from './context.js';
import { BoundedMemoryStorage, BUTTON_TTL_MS, conversations, MAX_CONVERSATIONS, MEMORY_TTL_MS } from './session.js';
import { AskedStore, type Asked } from './asked.js';
import { helpFeature } from './features/help.js';
import { sourcesFeature } from './features/sources.js';
import { timelineFeature } from './features/timeline.js';
import { questionsFeature } from './features/questions.js';
import { fallbackFeature } from './features/other.js';
import { inlineFeature } from './features/inline.js';
import { addFeature } from './features/add.js';
import { followFeature } from './features/follow.js';
import { observe } from './observe.js';
import { pinEngine } from './answering.js';

const RETRY = { maxRetryAttempts: 5, maxDelaySeconds: 60 };

/** Builds the bot from its dependencies; nothing global, so tests and the demo build it against the mock API. */
export function createBot(deps: BotDeps): Bot<BotContext> {
  const { settings, log } = deps;
  const bot = new Bot<BotContext>(deps.token, { client: { apiRoot: deps.apiRoot } });
  const answered = observe(bot, deps); // metrics, health and one log line per update; first, so it sees every update and call
  // Installed first, so it runs inside the retry loop and logs every failed attempt (the logger hides the token).
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      const res = await prev(method, payload, signal);
      if (!res.ok) log.warn({ method, code: res.error_code }, `Telegram answered ${method} with ${res.error_code}: ${res.description}`);
      return res;
    } catch (e) {
      if (!signal?.aborted) log.warn({ method }, `${method} failed: ${(e as Error).message}`);
      throw e;
    }
  });
  // 429 (after retry_after), 5xx and dropped connections are retried instead of failing the update.
  bot.api.config.use(autoRetry(RETRY));

  // Updates are answered concurrently (run.ts); one chat's stay in order, so a follow-up reads the question before.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(async (ctx, next) => {
    const allowed = settings.allowedChatIds;
    if (!allowed || !ctx.chat || allowed.has(ctx.chat.id)) return next();
    log.info({ chat: ctx.chat.id }, 'update from a chat outside the allowlist');
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: 'This bot is private.' });
    else if (ctx.chat.type === 'private' && ctx.message) await ctx.reply('Sorry, this bot only answers in approved chats.');
  });
  if (settings.ratePerMinute !== null) bot.use(perUserLimit(settings.ratePerMinute, log));

  bot.use(conversations(deps.memory ?? new BoundedMemoryStorage<ChatMemory>(MEMORY_TTL_MS, MAX_CONVERSATIONS)));
  bot.use(pinEngine(deps.engine, answered));
  bot.use(helpFeature());
  bot.use(sourcesFeature());
  bot.use(addFeature(settings.adminChatIds ?? new Set(), deps.addSource, log));
  bot.use(followFeature(deps.follow, log));
  bot.use(timelineFeature());
  bot.use(questionsFeature(new AskedStore(deps.asked ?? new BoundedMemoryStorage<Asked>(BUTTON_TTL_MS, MAX_CONVERSATIONS))));
  bot.use(inlineFeature());
  bot.use(fallbackFeature());

  bot.catch(async (err) => {
    const e = err.error;
    const what = e instanceof GrammyError ? `Telegram refused ${e.method}: ${e.description}` : e instanceof HttpError ? `network: ${e.message}` : String((e as Error)?.message ?? e);
    log.error({ update: err.ctx.update.update_id }, `update failed: ${what}`);
    if (err.ctx.chat) await err.ctx.reply('Sorry, something went wrong while answering. Please try again.').catch(() => undefined);
  });
  return bot;
}

/** At most `perMinute` questions and taps a minute from one user, so no one crowds out the others. */
function perUserLimit(perMinute: number, log: Logger): MiddlewareFn<BotContext> {
  return limit({
    timeFrame: 60_000,
    limit: perMinute,
    // Inline queries come at every pause in typing and cost a millisecond each: they are not counted as questions.
    keyGenerator: (ctx) => (ctx.inlineQuery ? undefined : ctx.from?.id.toString()),
    onLimitExceeded: async (ctx) => {
      log.info({ user: ctx.from?.id }, 'rate limit hit');
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: 'Too many taps: please wait a minute.' });
      else if (ctx.chat?.type === 'private') {
        await ctx.reply(`You're asking faster than I can keep up (at most ${perMinute} a minute). Please wait a moment.`);
      }
    },
  });
}
