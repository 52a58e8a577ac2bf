import { Writable } from 'node:stream';
import type { Bot, StorageAdapter } from 'grammy';
import type { BotContext, ChatMemory } from '../src/telegram/context.js';
import { createBot } from '../src/telegram/bot.js';
import type { Answering } from '../src/engine/engine.js';
import type { BotDeps, BotSettings } from '../src/telegram/deps.js';
import { MockBotApi } from '../src/mock/server.js';
import { createLogger } from '../src/log.js';
import { startPolling } from '../src/telegram/run.js';

export interface Harness {
  mock: MockBotApi;
  bot: Bot<BotContext>;
  /** Everything the bot logged. */
  logs: () => string;
  /** Resolves once the bot has finished every update the mock has queued so far (its session written too). */
  settled: () => Promise<void>;
  stop: () => Promise<void>;
}

/** The real bot, polling the mock Bot API over loopback HTTP as `npm start` does, with its log captured. */
export async function startBot(
  engine: Answering,
  settings: Partial<BotSettings> = {},
  mock?: MockBotApi,
  memory?: StorageAdapter<ChatMemory>,
  extra: Pick<BotDeps, 'addSource' | 'follow'> = {},
): Promise<Harness> {
  const api = mock ?? (await new MockBotApi().start());
  let logged = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      logged += chunk.toString();
      done();
    },
  });
  const log = createLogger({ level: 'debug', secrets: [api.token], stream });
  const bot = createBot({
    token: api.token,
    apiRoot: api.apiRoot,
    engine,
    settings: { allowedChatIds: null, ratePerMinute: 1000, ...settings },
    log,
    memory,
    ...extra,
  });
  await bot.init();
  let handled = 0;
  const polling = startPolling(bot, { timeout: 1 }, (u) => void (handled = Math.max(handled, u.update_id)));
  return {
    mock: api,
    bot,
    logs: () => logged,
    settled: () => {
      const last = api.lastUpdateId;
      return api.until(() => handled >= last, 10_000, 'the bot to finish its updates').then(() => undefined);
    },
    stop: async () => {
      await polling.stop();
      if (!mock) await api.stop();
    },
  };
}
