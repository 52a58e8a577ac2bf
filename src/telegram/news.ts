import { Api, GrammyError, type Bot, type Transformer } from 'grammy';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Deliveries, type DeliveryOptions, type Send } from '../follow/deliver.js';
import type { Numbered } from '../follow/news.js';
import type { BotContext } from './context.js';
import { HTML } from './format.js';

/**
 * Messages a second to followers, for all chats together. Telegram asks bots not to send more than about 30 a
 * second in bulk; 25 leave room for the answers to questions asked meanwhile, which are not throttled.
 */
export const NEWS_PER_SECOND = 25;

/**
 * grammY's throttler at Telegram's limits: NEWS_PER_SECOND for all chats, one message a second to one chat, 20 a
 * minute to one group (its defaults for those two). For all chats, evenly spaced sends rather than its default
 * reservoir refilled each second: a refill just after a full second's burst let 42 through in one second
 * (npm run bench), spaced sends never more than NEWS_PER_SECOND.
 */
export const newsThrottler = (perSecond = NEWS_PER_SECOND): Transformer => apiThrottler({ global: { minTime: Math.ceil(1000 / perSecond) } });

/**
 * The Api followers' messages go through: the bot's own (its log, metrics and auto-retry, every transformer
 * createBot installed), with the throttler outermost, so a flood of followers is paced and a 429 still retried.
 * Questions' answers keep the bot's unthrottled Api.
 */
export function newsApi(bot: Bot<BotContext>, apiRoot: string, throttler: Transformer = newsThrottler()): Api {
  const api = new Api(bot.token, { apiRoot });
  api.config.use(...bot.api.config.installedTransformers(), throttler);
  return api;
}

/** Sends one follower the news; 'gone' when Telegram refuses for good: 403 (blocked the bot, kicked from a group) or a chat that is no more. */
export function sendNews(api: Api): Send {
  return async (chat, html) => {
    try {
      await api.sendMessage(chat, html, HTML);
      return 'sent';
    } catch (e) {
      if (e instanceof GrammyError && (e.error_code === 403 || /chat not found/i.test(e.description))) return 'gone';
      throw e;
    }
  };
}

/** What the news needs of the running engine: the articles now, and a call after each reload (EnginePool, LiveEngine). */
export interface NewsEngine {
  current: { sources(): Numbered[] };
  onReload(listener: (articles: { sources(): Numbered[] }) => void): void;
}

/**
 * Tells followers of each article that arrives: hooked on the engine's reloads, through the throttled Api. `stop`
 * (on SIGTERM) waits for the messages in flight; whoever is left is told at the next start or by another replica.
 */
export function startNews(
  bot: Bot<BotContext>,
  engine: NewsEngine,
  opts: Omit<DeliveryOptions, 'send'> & { apiRoot: string; throttler?: Transformer },
): Deliveries {
  const { apiRoot, throttler, ...rest } = opts;
  const deliveries = new Deliveries({ ...rest, send: sendNews(newsApi(bot, apiRoot, throttler)) });
  engine.onReload((articles) => void deliveries.arrived(articles.sources()));
  deliveries.start(engine.current.sources());
  return deliveries;
}
