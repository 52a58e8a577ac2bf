import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import type { Answering, Engine } from '../src/engine/engine.js';
import { MockBotApi } from '../src/mock/server.js';
import { createBot } from '../src/telegram/bot.js';
import { runWebhook, startPolling } from '../src/telegram/run.js';
import { createLogger } from '../src/log.js';
import { freePort, openEngine } from './helpers.js';
import { startBot } from './bot-harness.js';

let engine: Engine;
beforeAll(async () => {
  engine = await openEngine();
});

/** The engine, with questions matching `question` held until `release` is called. */
function holding(question: RegExp): { slow: Answering; release: () => void } {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const slow = new Proxy(engine, {
    get: (target, key) =>
      key === 'ask'
        ? async (...args: Parameters<Engine['ask']>) => {
            if (question.test(args[0])) await held;
            return target.ask(...args);
          }
        : Reflect.get(target, key),
  });
  return { slow: { current: slow }, release };
}

describe('bot lifecycle', () => {
  let mock: MockBotApi;
  beforeAll(async () => {
    mock = await new MockBotApi().start();
  });
  afterAll(() => mock.stop());

  it('stops gracefully: the offset is confirmed, so a restarted bot answers nothing twice', async () => {
    const first = await startBot(engine, {}, mock);
    const q = mock.userSays('What is TRIPP?', { userId: 3001 });
    await mock.repliesTo(3001, 1);
    await first.stop();
    expect(mock.unconfirmed).toBe(0);
    const second = await startBot(engine, {}, mock);
    mock.userSays('What is Section 907?', { userId: 3001 });
    await mock.repliesTo(3001, 2);
    await new Promise((r) => setTimeout(r, 1500));
    const replies = mock.messagesTo(3001);
    expect(replies).toHaveLength(2);
    expect(replies.filter((r) => r.reply_to_message_id === q.message_id)).toHaveLength(1);
    await second.stop();
  });

  it('answers other chats while one question is slow, and keeps each chat\'s own questions in order', async () => {
    const { slow, release } = holding(/TRIPP/);
    const h = await startBot(slow, {}, mock);
    try {
      mock.userSays('What is TRIPP?', { userId: 3401 });
      mock.userSays('What did Vance sign in Baku?', { userId: 3401 });
      mock.userSays('What is Section 907?', { userId: 3402 });
      const [other] = await mock.repliesTo(3402);
      expect(other.text).toMatch(/907/);
      expect(mock.messagesTo(3401)).toHaveLength(0); // the second question waits for the first
      release();
      const [first, second] = await mock.repliesTo(3401, 2);
      expect(first.text).toMatch(/TRIPP|Trump Route/);
      expect(second.text).toMatch(/agreement|charter/i);
    } finally {
      await h.stop();
    }
  });

  it('stops polling with the reason when Telegram refuses getUpdates for good (another instance took the updates)', async () => {
    const own = await new MockBotApi().start();
    const bot = createBot({ token: own.token, apiRoot: own.apiRoot, engine, settings: { allowedChatIds: null, ratePerMinute: 100 }, log: createLogger({ level: 'silent' }) });
    await bot.init();
    const polling = startPolling(bot, { timeout: 1 });
    try {
      own.userSays('What is TRIPP?', { userId: 3501 });
      await own.repliesTo(3501);
      own.webhook = { url: 'https://elsewhere.example/hook' }; // getUpdates now answers 409, as Telegram does
      await expect(polling.failed).rejects.toThrow(/409: Conflict/);
    } finally {
      await own.stop();
    }
  });

  it('enforces the allowlist and the per-user rate limit with a clear reply', async () => {
    const h = await startBot(engine, { allowedChatIds: new Set([3100]), ratePerMinute: 3 }, mock);
    try {
      mock.userSays('What is TRIPP?', { userId: 3101 });
      const [denied] = await mock.repliesTo(3101);
      expect(denied.text).toMatch(/only answers in approved chats/);
      for (let i = 0; i < 6; i++) mock.userSays('What is TRIPP?', { userId: 3100 });
      await mock.repliesTo(3100, 4);
      await new Promise((r) => setTimeout(r, 500));
      // three answers, then one notice for the window; the rest of the flood is dropped, not answered
      const replies = mock.messagesTo(3100);
      expect(replies.filter((r) => r.html.startsWith('<blockquote>'))).toHaveLength(3);
      expect(replies.filter((r) => /faster than I can keep up/.test(r.text))).toHaveLength(1);
      expect(replies).toHaveLength(4);
    } finally {
      await h.stop();
    }
  });

  it('never writes the token to its log, even when an error message carries it', async () => {
    let logged = '';
    const stream = new Writable({ write: (c, _e, done) => ((logged += c.toString()), done()) });
    const log = createLogger({ level: 'debug', secrets: [mock.token], stream });
    const leaky: Answering = {
      current: {
        sources: () => engine.sources(),
        article: (id: string) => engine.article(id),
        numbers: engine.numbers,
        timeline: () => engine.timeline(),
        inferredDates: () => engine.inferredDates(),
        ask: async () => {
          throw new Error(`request to ${mock.apiRoot}/bot${mock.token}/sendMessage failed`);
        },
      },
    };
    const bot = createBot({ token: mock.token, apiRoot: mock.apiRoot, engine: leaky, settings: { allowedChatIds: null, ratePerMinute: 100 }, log });
    await bot.init();
    const polling = startPolling(bot, { timeout: 1 });
    mock.userSays('What is TRIPP?', { userId: 3200 });
    const [sorry] = await mock.repliesTo(3200);
    expect(sorry.text).toMatch(/something went wrong/);
    expect(sorry.text).not.toContain(mock.token);
    await polling.stop();
    expect(logged).toMatch(/update failed: request to .*\/bot\[redacted\]\/sendMessage failed/);
    expect(logged).not.toContain(mock.token);
    expect(logged).not.toContain(mock.token.split(':')[1]);
  });
});

describe('webhook mode', () => {
  it('acknowledges an update that takes longer than the webhook may wait, and answers it once when done', async () => {
    const mock = await new MockBotApi().start();
    const log = createLogger({ level: 'silent' });
    const { slow, release } = holding(/TRIPP/);
    const bot = createBot({ token: mock.token, apiRoot: mock.apiRoot, engine: slow, settings: { allowedChatIds: null, ratePerMinute: 100 }, log });
    const port = await freePort();
    const server = await runWebhook(bot, log, { url: `http://127.0.0.1:${port}/hook`, port, secret: 'shh-secret_2', answerWithinMs: 200 }, { startupTimeoutMs: 10_000, host: '127.0.0.1' });
    try {
      mock.userSays('What is TRIPP?', { userId: 3310 });
      await new Promise((r) => setTimeout(r, 1500)); // past the webhook's time: a 5xx would make the mock post it again
      release();
      await mock.repliesTo(3310);
      await new Promise((r) => setTimeout(r, 500));
      expect(mock.messagesTo(3310)).toHaveLength(1);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      await mock.stop();
    }
  });

  it('receives updates by webhook with the secret token checked', async () => {
    const mock = await new MockBotApi().start();
    const log = createLogger({ level: 'silent' });
    const bot = createBot({ token: mock.token, apiRoot: mock.apiRoot, engine, settings: { allowedChatIds: null, ratePerMinute: 100 }, log });
    const port = await freePort();
    const server = await runWebhook(bot, log, { url: `http://127.0.0.1:${port}/hook`, port, secret: 'shh-secret_1' }, { startupTimeoutMs: 10_000, host: '127.0.0.1' });
    expect(mock.webhook).toEqual({ url: `http://127.0.0.1:${port}/hook`, secret: 'shh-secret_1' });
    mock.userSays('Who did Vance meet in Yerevan?', { userId: 3300 });
    const [a] = await mock.repliesTo(3300);
    expect(a.text).toContain('Pashinyan');
    const forged = await fetch(`http://127.0.0.1:${port}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' },
      body: JSON.stringify({ update_id: 999, message: { message_id: 1, date: 0, chat: { id: 3300, type: 'private' }, text: 'What is TRIPP?' } }),
    });
    expect(forged.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(mock.messagesTo(3300)).toHaveLength(1);
    await new Promise<void>((r) => server.close(() => r()));
    await mock.stop();
  });
});
