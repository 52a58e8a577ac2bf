import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { LiveEngine } from '../src/engine/live.js';
import type { Embedder } from '../src/embeddings/embedder.js';
import { MockBotApi } from '../src/mock/server.js';
import { createLogger } from '../src/log.js';
import { FileFollowStore, type FollowStore } from '../src/follow/store.js';
import { RedisFollowStore } from '../src/follow/redis.js';
import { newsThrottler, startNews } from '../src/telegram/news.js';
import type { Deliveries } from '../src/follow/deliver.js';
import { redisStores } from '../src/telegram/stores.js';
import { createBot } from '../src/telegram/bot.js';
import { engineOptions, isVerbatim, openEngine, ROOT, SEEDS, tempDir } from './helpers.js';
import { startBot, type Harness } from './bot-harness.js';
import { startRedis, type RedisServer } from './redis-server.js';

let embedder: Embedder;
let builtIndex: string;
beforeAll(async () => {
  const opts = engineOptions();
  embedder = (await openEngine(opts)).embedder;
  builtIndex = opts.embeddingsDir;
});

/** A copy of the seeds and their index, and a live engine over them: each test adds its own article. */
async function freshEngine(): Promise<{ live: LiveEngine; seedsDir: string; embeddingsDir: string }> {
  const seedsDir = tempDir('trip-bot-follow-seeds-');
  const embeddingsDir = tempDir('trip-bot-follow-index-');
  cpSync(SEEDS, seedsDir, { recursive: true });
  cpSync(builtIndex, embeddingsDir, { recursive: true });
  const live = await LiveEngine.open(engineOptions({ seedsDir, embeddingsDir, embedder }));
  return { live, seedsDir, embeddingsDir };
}

/** The ferry page of the /add tests, dropped into seeds/: an article the seeds say nothing of. */
const addFerry = async (live: LiveEngine, seedsDir: string) => {
  cpSync(join(ROOT, 'test/fixtures/pages/ferry.html'), join(seedsDir, 'web_ferry.html'));
  expect(await live.reloadIfChanged()).toBe(true);
};

const quiet = () => {
  let logged = '';
  const log = createLogger({ level: 'info', stream: new Writable({ write: (c, _e, done) => ((logged += c), done()) }) });
  return { log, logs: () => logged };
};

const news = (h: Harness, live: LiveEngine, store: FollowStore, embeddingsDir: string, extra: Partial<Parameters<typeof startNews>[2]> = {}) =>
  startNews(h.bot, live, { apiRoot: h.mock.apiRoot, store, embeddingsDir, log: quiet().log, sweepMs: 200, ...extra });

/** The messages about new articles a chat got. */
const told = (mock: MockBotApi, chat: number) => mock.messagesTo(chat).filter((m) => m.text.startsWith('🆕'));

describe('following the story', () => {
  it('/follow, then an article arrives: each follower is told once, in verbatim cited sentences; /unfollow and non-admins are not', async () => {
    const { live, seedsDir, embeddingsDir } = await freshEngine();
    const store = new FileFollowStore(join(embeddingsDir, 'follow'));
    const h = await startBot(live, {}, undefined, undefined, { follow: store });
    const deliveries = news(h, live, store, embeddingsDir);
    try {
      const [a, b, quitter, stranger] = [7001, 7002, 7003, 7004];
      const group = -7100;
      for (const id of [a, b, quitter]) h.mock.userSays('/follow', { userId: id });
      h.mock.makeAdmin(group, 7005);
      h.mock.userSays('/follow', { userId: 7006, chatId: group, chatType: 'group' }); // not an admin
      h.mock.userSays('/follow', { userId: 7005, chatId: group, chatType: 'group' });
      h.mock.userSays('hello', { userId: stranger });
      const [followed] = await h.mock.repliesTo(a);
      expect(followed.text).toMatch(/^Following the story/);
      await h.mock.repliesTo(group, 2);
      expect(h.mock.messagesTo(group).map((m) => m.text).join('\n')).toMatch(/Only this group’s admins can \/follow/);
      h.mock.userSays('/follow', { userId: a });
      await h.mock.repliesTo(a, 2);
      expect(h.mock.messagesTo(a)[1].text).toMatch(/follow the story already/);
      h.mock.userSays('/unfollow', { userId: quitter });
      await h.mock.repliesTo(quitter, 2);
      await h.mock.repliesTo(stranger);
      expect([...(await store.followers()).keys()].sort()).toEqual([group, a, b].sort());

      await addFerry(live, seedsDir);
      await h.mock.until(() => [a, b, group].every((c) => told(h.mock, c).length === 1), 10_000, 'every follower to be told');
      await deliveries.sweep(); // a sweep more sends nothing again
      const article = live.current.sources().find((s) => s.article.id === 'web_ferry')!;
      for (const chat of [a, b, group]) {
        const [message] = told(h.mock, chat);
        expect(told(h.mock, chat)).toHaveLength(1);
        expect(message.text).toContain(`[${article.number}] Baku to open ferry terminal for corridor freight`);
        expect(message.text).toMatch(/\npublished 20 February 2026\n/); // a page dropped in seeds/ names no publisher
        const quotes = [...message.html.matchAll(/<blockquote>([^<]*)<\/blockquote>\n<i>— \[(\d+)\], paragraph \d+ of \d+<\/i>/g)];
        expect(quotes.length).toBeGreaterThanOrEqual(1);
        expect(quotes.length).toBeLessThanOrEqual(3);
        for (const [, quote, n] of quotes) {
          expect(isVerbatim(quote.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'), article.article.text)).toBe(true);
          expect(Number(n)).toBe(article.number);
        }
        expect(message.link_preview_disabled).toBe(true);
      }
      expect(told(h.mock, quitter)).toHaveLength(0);
      expect(told(h.mock, stranger)).toHaveLength(0);
      expect(h.mock.calls.filter((c) => !c.ok).map((c) => c.method)).toEqual([]);
    } finally {
      await deliveries.stop();
      await h.stop();
    }
  });

  it('an article that only repeats earlier ones: "nothing new beyond [n]"', async () => {
    const { live, seedsDir, embeddingsDir } = await freshEngine();
    const store = new FileFollowStore(join(embeddingsDir, 'follow'));
    const h = await startBot(live, {}, undefined, undefined, { follow: store });
    const deliveries = news(h, live, store, embeddingsDir);
    try {
      h.mock.userSays('/follow', { userId: 7201 });
      await h.mock.repliesTo(7201);
      await deliveries.sweep();
      // a republished wire story: the first paragraphs of [4], word for word
      const wire = readFileSync(join(SEEDS, '003_93121d9abb5efbbd.txt'), 'utf8').split('\n\n').slice(0, 4).join('\n\n');
      writeFileSync(join(seedsDir, 'zz_wire.txt'), wire);
      expect(await live.reloadIfChanged()).toBe(true);
      await h.mock.until(() => told(h.mock, 7201).length === 1, 10_000, 'the follower to be told');
      const n = live.current.sources().find((s) => s.article.id.startsWith('003'))!.number;
      expect(told(h.mock, 7201)[0].text).toContain(`Nothing new beyond [${n}]`);
      expect(told(h.mock, 7201)[0].html).not.toContain('<blockquote>');
    } finally {
      await deliveries.stop();
      await h.stop();
    }
  });

  it('a follower who blocked the bot (403) is unfollowed; the others are told', async () => {
    const { live, seedsDir, embeddingsDir } = await freshEngine();
    const store = new FileFollowStore(join(embeddingsDir, 'follow'));
    const h = await startBot(live, {}, undefined, undefined, { follow: store });
    const { log, logs } = quiet();
    const deliveries = news(h, live, store, embeddingsDir, { log });
    try {
      for (const id of [7301, 7302]) h.mock.userSays('/follow', { userId: id });
      await Promise.all([h.mock.repliesTo(7301), h.mock.repliesTo(7302)]);
      await deliveries.sweep();
      h.mock.userBlocksBot(7301);
      await addFerry(live, seedsDir);
      await h.mock.until(() => told(h.mock, 7302).length === 1, 10_000, 'the other follower to be told');
      await deliveries.sweep();
      expect((await store.followers()).has(7301)).toBe(false);
      expect(logs()).toMatch(/the follower blocked the bot, unfollowed/);
      expect(h.mock.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === 7301 && !c.ok)).toHaveLength(1); // not retried
    } finally {
      await deliveries.stop();
      await h.stop();
    }
  });

  it('sends go through the throttler: 45 followers at 20 a second take more than two seconds, each told once', async () => {
    const { live, seedsDir, embeddingsDir } = await freshEngine();
    const store = new FileFollowStore(join(embeddingsDir, 'follow'));
    const h = await startBot(live, {}, undefined, undefined, { follow: store });
    const deliveries = news(h, live, store, embeddingsDir, { throttler: newsThrottler(20) });
    const followers = Array.from({ length: 45 }, (_, i) => 7800 + i);
    try {
      for (const id of followers) h.mock.userSays('/follow', { userId: id });
      await h.mock.until(() => followers.every((id) => h.mock.messagesTo(id).length === 1), 10_000, 'every /follow to be answered');
      await deliveries.sweep();
      await addFerry(live, seedsDir);
      await h.mock.until(() => followers.every((id) => told(h.mock, id).length >= 1), 15_000, 'every follower to be told');
      expect(followers.map((id) => told(h.mock, id).length)).toEqual(followers.map(() => 1));
      // one every 50 ms: 45 take more than two seconds, and no second holds more than 25 (20, and the HTTP round trips' jitter)
      const times = followers.map((id) => told(h.mock, id)[0].at).sort((x, y) => x - y);
      expect(times[44] - times[0]).toBeGreaterThanOrEqual(2_000);
      expect(Math.max(...times.map((t) => times.filter((u) => u >= t && u - t < 1000).length))).toBeLessThanOrEqual(25);
    } finally {
      await deliveries.stop();
      await h.stop();
    }
  });

  it('a restart in the middle of telling 60 followers: none is told twice, none is lost', async () => {
    const { live, seedsDir, embeddingsDir } = await freshEngine();
    const dir = join(embeddingsDir, 'follow');
    let store = new FileFollowStore(dir);
    const mock = await new MockBotApi().start();
    let h = await startBot(live, {}, mock, undefined, { follow: store });
    // 20 a second: 60 followers take 3 seconds
    let deliveries = news(h, live, store, embeddingsDir, { throttler: newsThrottler(20) });
    const followers = Array.from({ length: 60 }, (_, i) => 7400 + i);
    try {
      for (const id of followers) mock.userSays('/follow', { userId: id });
      await mock.until(() => followers.every((id) => mock.messagesTo(id).length === 1), 10_000, 'every /follow to be answered');
      await deliveries.sweep();
      await addFerry(live, seedsDir);
      await mock.until(() => followers.filter((id) => told(mock, id).length).length >= 15, 10_000, 'the broadcast to be under way');
      await deliveries.stop();
      await h.stop();
      const before = followers.filter((id) => told(mock, id).length).length;
      expect(before).toBeLessThan(60);

      // the bot starts again, from the same file
      store = new FileFollowStore(dir);
      h = await startBot(live, {}, mock, undefined, { follow: store });
      deliveries = news(h, live, store, embeddingsDir);
      await mock.until(() => followers.every((id) => told(mock, id).length >= 1), 15_000, 'every follower to be told');
      await deliveries.sweep();
      expect(followers.map((id) => told(mock, id).length)).toEqual(followers.map(() => 1));
      expect(await store.open()).toEqual([]);
    } finally {
      await deliveries.stop();
      await h.stop();
      await mock.stop();
    }
  });
});

/**
 * Two replicas' stores, each once its Redis client is connected: without an offline queue a command fails until then,
 * and a /follow sent in those first milliseconds is (rightly) answered "could not save".
 */
async function connectedStores(url: string, log: ReturnType<typeof quiet>['log']): Promise<ReturnType<typeof redisStores>[]> {
  const stores = [redisStores(url, log), redisStores(url, log)];
  for (const s of stores) {
    for (let tries = 0; ; tries++) {
      try {
        await s.follow.followers();
        break;
      } catch (e) {
        if (tries >= 100) throw e;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }
  return stores;
}

/** A replica: the bot, polling the mock only when `polls` (one poller per token, as Telegram allows; replicas take webhooks). */
async function replica(mock: MockBotApi, live: LiveEngine, follow: FollowStore, polls: boolean): Promise<Harness> {
  if (polls) return startBot(live, {}, mock, undefined, { follow });
  const bot = createBot({ token: mock.token, apiRoot: mock.apiRoot, engine: live, settings: { allowedChatIds: null, ratePerMinute: 1000 }, log: quiet().log, follow });
  return { mock, bot, logs: () => '', settled: async () => undefined, stop: async () => undefined };
}

describe('two replicas sharing one Redis', () => {
  let redis: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
  });
  beforeEach(() => client.flushall());
  afterAll(async () => {
    await client?.quit();
    await redis?.stop();
  });

  it('each follower is told once; when the replica sending stops half way, the other goes on', async () => {
    const { live, seedsDir, embeddingsDir } = await freshEngine();
    const mock = await new MockBotApi().start();
    const { log } = quiet();
    const stores = await connectedStores(redis.url, log);
    const bots: Harness[] = [];
    const running: Deliveries[] = [];
    const followers = Array.from({ length: 80 }, (_, i) => 7600 + i);
    try {
      for (const s of stores) bots.push(await replica(mock, live, s.follow, bots.length === 0));
      for (const id of followers) mock.userSays('/follow', { userId: id });
      await mock.until(() => followers.every((id) => mock.messagesTo(id).length === 1), 10_000, 'every /follow to be answered');
      expect((await stores[1].follow.followers()).size).toBe(80); // one Redis: the other replica sees them
      // a short lease (so the takeover comes soon), above what a claimed send waits in the throttler (10 at 20 a second)
      const quick = { leaseMs: 2_000, concurrency: 10 };
      for (const [i, h] of bots.entries()) running.push(news(h, live, stores[i].follow, embeddingsDir, { ...quick, throttler: newsThrottler(20) }));
      await Promise.all(running.map((d) => d.sweep()));
      await addFerry(live, seedsDir); // both replicas' deliveries hear of it (one engine here; each watches seeds/ in production)
      await mock.until(() => followers.filter((id) => told(mock, id).length).length >= 10, 10_000, 'the broadcast to be under way');
      // both stop (the one sending waits for its sends in flight); the second starts again and takes over once the
      // first's lead (2 s) runs out
      await running[0].stop();
      await running[1].stop();
      running.length = 0;
      const mid = followers.filter((id) => told(mock, id).length).length;
      expect(mid).toBeLessThan(80);
      running.push(news(bots[1], live, stores[1].follow, embeddingsDir, quick));
      await mock.until(() => followers.every((id) => told(mock, id).length >= 1), 15_000, 'every follower to be told');
      await running[0].sweep();
      expect(followers.map((id) => told(mock, id).length)).toEqual(followers.map(() => 1));
      expect(await stores[0].follow.open()).toEqual([]);
    } finally {
      await Promise.all(running.map((d) => d.stop()));
      for (const h of bots) await h.stop();
      await Promise.all(stores.map((s) => s.close()));
      await mock.stop();
    }
  });

  it('of two replicas sending at once, each follower is told once (claims, not only the lead)', async () => {
    const { live, seedsDir, embeddingsDir } = await freshEngine();
    const mock = await new MockBotApi().start();
    const { log } = quiet();
    const stores = await connectedStores(redis.url, log);
    // a store whose lead every replica holds, so both send at once and only the claims keep them apart
    const everyoneLeads = (s: FollowStore): FollowStore => Object.assign(Object.create(Object.getPrototypeOf(s)), s, { lead: async () => true });
    const bots: Harness[] = [];
    const running: Deliveries[] = [];
    const followers = Array.from({ length: 30 }, (_, i) => 7700 + i);
    try {
      for (const s of stores) bots.push(await replica(mock, live, s.follow, bots.length === 0));
      for (const id of followers) mock.userSays('/follow', { userId: id });
      await mock.until(() => followers.every((id) => mock.messagesTo(id).length === 1), 10_000, 'every /follow to be answered');
      // a short lease: a claim whose answer Redis was too slow to give (100 ms) is free again soon
      for (const [i, h] of bots.entries()) running.push(news(h, live, everyoneLeads(stores[i].follow), embeddingsDir, { leaseMs: 2_000, concurrency: 10 }));
      await Promise.all(running.map((d) => d.sweep()));
      await addFerry(live, seedsDir);
      await mock.until(() => followers.every((id) => told(mock, id).length >= 1), 15_000, 'every follower to be told');
      await Promise.all(running.map((d) => d.sweep()));
      expect(followers.map((id) => told(mock, id).length)).toEqual(followers.map(() => 1));
      expect(stores[0].follow).toBeInstanceOf(RedisFollowStore);
    } finally {
      await Promise.all(running.map((d) => d.stop()));
      for (const h of bots) await h.stop();
      await Promise.all(stores.map((s) => s.close()));
      await mock.stop();
    }
  });
});
