import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import { Writable } from 'node:stream';
import type { Engine } from '../src/engine/engine.js';
import { MockBotApi } from '../src/mock/server.js';
import { createBot } from '../src/telegram/bot.js';
import { runWebhook, startPolling } from '../src/telegram/run.js';
import { createLogger } from '../src/log.js';
import { createOps, opsRoutes } from '../src/ops/http.js';
import { redisStores, type Stores } from '../src/telegram/stores.js';
import { engineOptions, freePort, openEngine, SEEDS, tempDir } from './helpers.js';
import { EnginePool } from '../src/workers/pool.js';
import { watchSeeds } from '../src/sources/watch.js';
import { FETCH_DEFAULTS } from '../src/sources/fetch.js';
import { startPageServer } from './page-server.js';
import { cpSync } from 'node:fs';
import { startRedis, type RedisServer } from './redis-server.js';

let engine: Engine;
let redis: RedisServer;
beforeAll(async () => {
  [engine, redis] = await Promise.all([openEngine(), startRedis()]);
});
afterAll(() => redis?.stop());

const close = (server: Server) => new Promise<void>((r) => server.close(() => r()));
const dataOf = (m: { reply_markup?: { inline_keyboard: unknown[][] } }) => m.reply_markup!.inline_keyboard.flat().map((b) => (b as { callback_data: string }).callback_data);

/** A load balancer in front of the replicas: each POST goes to the next one in turn. */
async function roundRobin(ports: number[]): Promise<{ url: string; served: number[]; server: Server }> {
  const served = ports.map(() => 0);
  let next = 0;
  const server = createServer((req, res) => {
    const i = next++ % ports.length;
    served[i]++;
    const out = request({ host: '127.0.0.1', port: ports[i], path: req.url, method: req.method, headers: req.headers }, (back) => {
      res.writeHead(back.statusCode ?? 502, back.headers);
      back.pipe(res);
    });
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}/hook`, served, server };
}

describe('two replicas behind one webhook, sharing Redis', () => {
  it('a follow-up and a button tap that reach the other replica are understood', async () => {
    const mock = await new MockBotApi().start();
    const log = createLogger({ level: 'silent' });
    const ports = [await freePort(), await freePort()];
    const balancer = await roundRobin(ports);
    const stores: Stores[] = [];
    const servers: Server[] = [];
    try {
      for (const port of ports) {
        const s = redisStores(redis.url, log);
        stores.push(s);
        const bot = createBot({ token: mock.token, apiRoot: mock.apiRoot, engine, settings: { allowedChatIds: null, ratePerMinute: 100 }, log, memory: s.memory, asked: s.asked });
        servers.push(await runWebhook(bot, log, { url: balancer.url, port, secret: 'replica-secret' }, { startupTimeoutMs: 10_000, host: '127.0.0.1' }));
      }
      const id = 4101;
      mock.userSays('What did Vance sign in Baku?', { userId: id });
      const [first] = await mock.repliesTo(id);
      mock.userSays('and in yerevan?', { userId: id });
      const [, followUp] = await mock.repliesTo(id, 2);
      expect(balancer.served).toEqual([1, 1]); // the question went to one replica, its follow-up to the other
      expect(followUp.text).toMatch(/Understood as: .*Yerevan/i);
      // the first answer's button, tapped now, reaches the first replica's neighbour again
      mock.userTaps(id, first.message_id, dataOf(first).at(-1)!, id);
      const [, , where] = await mock.repliesTo(id, 3);
      expect(balancer.served).toEqual([2, 1]);
      expect(where.text).toMatch(/Extract 1 comes from \[\d\]/);
      mock.userTaps(id, followUp.message_id, dataOf(followUp).at(-1)!, id);
      const [, , , whereFollowUp] = await mock.repliesTo(id, 4);
      expect(balancer.served).toEqual([2, 2]);
      expect(whereFollowUp.text).toMatch(/Extract 1 comes from \[\d\]/);
    } finally {
      await Promise.all(servers.map(close));
      await close(balancer.server);
      await Promise.all(stores.map((s) => s.close()));
      await mock.stop();
    }
  });
});

describe('two replicas as npm start runs them: engine threads each, one seeds folder and index, one Redis', () => {
  it('an article added through one replica is answered by the other', async () => {
    const mock = await new MockBotApi().start();
    const pages = await startPageServer();
    const log = createLogger({ level: 'silent' });
    const seedsDir = tempDir('trip-bot-replica-seeds-');
    cpSync(SEEDS, seedsDir, { recursive: true });
    const opts = engineOptions({ seedsDir });
    await openEngine(opts); // the shared index, built once
    const ports = [await freePort(), await freePort()];
    const balancer = await roundRobin(ports);
    const running: { pool: EnginePool; stores: Stores; server: Server; unwatch: () => void }[] = [];
    const admin = 4301;
    try {
      for (const port of ports) {
        const pool = await EnginePool.open({ ...opts, threads: 1, fetch: { ...FETCH_DEFAULTS, allowPrivate: true, timeoutMs: 2_000 } });
        const unwatch = watchSeeds(seedsDir, () => void pool.reloadIfChanged().catch(() => undefined), () => undefined, 100);
        const stores = redisStores(redis.url, log);
        const settings = { allowedChatIds: null, ratePerMinute: 100, adminChatIds: new Set([admin]) };
        const bot = createBot({ token: mock.token, apiRoot: mock.apiRoot, engine: pool, settings, log, memory: stores.memory, asked: stores.asked, addSource: (url) => pool.add(url) });
        const server = await runWebhook(bot, log, { url: balancer.url, port, secret: 'replica-secret' }, { startupTimeoutMs: 10_000, host: '127.0.0.1' });
        running.push({ pool, stores, server, unwatch });
      }
      mock.userSays(`/add ${pages.url('/shipping/ferry')}`, { userId: admin });
      const [added] = await mock.repliesTo(admin, 1, 30_000);
      expect(added.text).toMatch(/^Added \[6\] Baku to open ferry terminal/);
      expect(balancer.served).toEqual([1, 0]);
      await mock.until(() => running[1].pool.current.sources().length === 6, 15_000, 'the other replica to load the added article');
      mock.userSays('How many ferries a month will the Alat terminal handle?', { userId: admin });
      const [, answer] = await mock.repliesTo(admin, 2);
      expect(balancer.served).toEqual([1, 1]);
      expect(answer.text).toContain('40 ferries a month');
      expect(answer.text).toContain('[6] Baku to open ferry terminal');
    } finally {
      for (const r of running) {
        r.unwatch();
        await close(r.server);
        await Promise.all([r.pool.close(), r.stores.close()]);
      }
      await close(balancer.server);
      await pages.close();
      await mock.stop();
    }
  });
});

describe('Redis going away and coming back', () => {
  it('the bot keeps answering, says so in its log and /healthz, and keeps conversations again once Redis is back', async () => {
    const mock = await new MockBotApi().start();
    let logged = '';
    const log = createLogger({ level: 'info', stream: new Writable({ write: (c, _e, done) => ((logged += c), done()) }) });
    const ops = createOps();
    const health = async () => {
      let body = '';
      const res = { writeHead: () => res, end: (b: string) => void (body = b) } as never;
      opsRoutes(ops)({ method: 'GET', url: '/healthz' } as never, res);
      return JSON.parse(body) as { status: string; problems: string[] };
    };
    const s = redisStores(redis.url, log, ops.health);
    const bot = createBot({ token: mock.token, apiRoot: mock.apiRoot, engine, settings: { allowedChatIds: null, ratePerMinute: 100 }, log, ops, memory: s.memory, asked: s.asked });
    await bot.init();
    ops.health.indexLoaded({ articles: 5, passages: 1 });
    const polling = startPolling(bot, { timeout: 1 });
    const id = 4201;
    try {
      mock.userSays('What did Vance sign in Baku?', { userId: id });
      await mock.repliesTo(id, 1);
      expect((await health()).status).toBe('ok');

      await redis.stop();
      mock.userSays('and in yerevan?', { userId: id });
      mock.userSays('What is TRIPP?', { userId: id });
      const [, lost, asked] = await mock.repliesTo(id, 3);
      expect(lost.text).not.toMatch(/something went wrong/); // the follow-up may be taken alone, but it is answered
      expect(asked.text).toMatch(/Trump Route/);
      expect(logged).toMatch(/Redis is unreachable .*answering without follow-ups/);
      const down = await health();
      expect(down.status).toBe('degraded');
      expect(down.problems.join()).toMatch(/Redis is unreachable/);

      await redis.start();
      await mock.until(() => /Redis is back/.test(logged), 15_000, 'the bot to reconnect to Redis');
      mock.userSays('What did Vance sign in Baku?', { userId: id });
      await mock.repliesTo(id, 4);
      mock.userSays('and in yerevan?', { userId: id });
      const [, , , , followUp] = await mock.repliesTo(id, 5);
      expect(followUp.text).toMatch(/Understood as: .*Yerevan/i);
      expect((await health()).status).toBe('ok');
      expect(mock.messagesTo(id).filter((m) => /something went wrong/.test(m.text))).toHaveLength(0);
    } finally {
      await polling.stop();
      await s.close();
      await mock.stop();
    }
  });
});
