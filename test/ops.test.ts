import { beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import type { Engine } from '../src/engine/engine.js';
import { createLogger } from '../src/log.js';
import { Health, type CallOutcome } from '../src/ops/health.js';
import { createOps } from '../src/ops/http.js';
import { createBot } from '../src/telegram/bot.js';
import { MockBotApi } from '../src/mock/server.js';
import { runWebhook, startPolling } from '../src/telegram/run.js';
import { startBot } from './bot-harness.js';
import { freePort, node, openEngine, tempDir } from './helpers.js';

const QUESTIONS = {
  answered: 'What did Vance sign in Baku?',
  abstained: 'How many F-35 jets will Azerbaijan buy?',
  smallTalk: 'hello there!',
};

/** The JSON log lines with a given message. */
const linesOf = (log: string, msg: string) =>
  log
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .filter((l) => l.msg === msg);

/** One sample's value from Prometheus text, e.g. sample(text, 'trip_bot_answers_total{result="answered"}'). */
const sample = (text: string, name: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
};

let engine: Engine;
beforeAll(async () => {
  engine = await openEngine();
});

describe('one log line per update', () => {
  it('says kind, chat type, answer, extracts and latency at info; the question only at debug; never the token or a name', async () => {
    const h = await startBot(engine);
    try {
      h.mock.userSays(QUESTIONS.answered, { userId: 7001 });
      await h.mock.repliesTo(7001, 1);
      h.mock.userSays(QUESTIONS.smallTalk, { userId: 7001 });
      await h.mock.repliesTo(7001, 2);
      h.mock.userSays('/sources', { userId: 7001 });
      await h.mock.repliesTo(7001, 3);
      await h.mock.until(() => linesOf(h.logs(), 'update handled').length === 3, 5_000, 'three log lines');
    } finally {
      await h.stop();
    }
    const lines = linesOf(h.logs(), 'update handled');
    expect(lines.map(({ kind, chatType, answer }) => ({ kind, chatType, answer }))).toEqual([
      { kind: 'message:text', chatType: 'private', answer: 'answered' },
      { kind: 'message:text', chatType: 'private', answer: 'small-talk' },
      { kind: 'message:command:sources', chatType: 'private', answer: undefined },
    ]);
    expect(lines.every((l) => l.level === 30 && Number.isInteger(l.ms) && l.ms >= 0 && Number.isInteger(l.update))).toBe(true);
    expect(lines[0].extracts).toBeGreaterThan(0);
    expect(lines[1].extracts).toBe(0);

    const info = h.logs().split('\n').filter((l) => /"level":(30|40|50)/.test(l)).join('\n');
    expect(info).not.toContain('Baku');
    expect(info).not.toContain('hello');
    expect(info).not.toContain('User 7001');
    const debug = linesOf(h.logs(), 'question');
    expect(debug.map((l) => [l.level, l.question, l.answer])).toEqual([
      [20, QUESTIONS.answered, 'answered'],
      [20, QUESTIONS.smallTalk, 'small-talk'],
    ]);
    expect(h.logs()).not.toContain(h.mock.token);
  });
});

describe('a failed update', () => {
  it('is counted in /metrics and logged as failed, the user getting an apology', async () => {
    const mock = await new MockBotApi().start();
    const ops = createOps();
    let logged = '';
    const log = createLogger({ level: 'info', secrets: [mock.token], stream: new Writable({ write: (c, _e, done) => ((logged += c), done()) }) });
    const broken = new Proxy(engine, {
      get: (target, key) =>
        key === 'ask'
          ? async () => {
              throw new Error('the index went away');
            }
          : Reflect.get(target, key),
    });
    const bot = createBot({ token: mock.token, apiRoot: mock.apiRoot, engine: { current: broken }, settings: { allowedChatIds: null, ratePerMinute: 100 }, log, ops });
    await bot.init();
    const polling = startPolling(bot, { timeout: 1 });
    try {
      mock.userSays('What is TRIPP?', { userId: 7301 });
      const [sorry] = await mock.repliesTo(7301);
      expect(sorry.text).toMatch(/something went wrong/);
    } finally {
      await polling.stop();
      await mock.stop();
    }
    const text = await ops.metrics.registry.metrics();
    expect(sample(text, 'trip_bot_replies_failed_total')).toBe(1);
    expect(sample(text, 'trip_bot_updates_total{kind="message"}')).toBe(1);
    expect(linesOf(logged, 'update handled')).toMatchObject([{ level: 30, kind: 'message:text', chatType: 'private', failed: true }]);
    expect(logged).toMatch(/update failed: the index went away/);
  });
});

describe('health', () => {
  it('is down while the index loads, and when Telegram is unreachable, failing or refusing the bot; not for one refused request', () => {
    const h = new Health();
    expect(h.report()).toMatchObject({ ok: false, body: { status: 'unavailable', problems: ['the index is not loaded yet', 'no call to Telegram has gone through yet'] } });
    h.indexLoaded({ articles: 5, passages: 120 });
    const after = (outcome: CallOutcome) => (h.telegramCall('sendMessage', outcome), h.report().ok);
    expect([null, 400, 403, 429].map(after)).toEqual([true, true, true, true]);
    expect((['network', 401, 409, 500, 502] as CallOutcome[]).map((o) => [after(o), after(null)])).toEqual(Array(5).fill([false, true]));
    h.telegramCall('getUpdates', 'network');
    expect(h.report().body.problems).toEqual(['the last call to Telegram failed (getUpdates: network)']);
  });

  it('is degraded, still up, while Redis is away or an engine thread is being started again; down with no engine thread', () => {
    const h = new Health();
    h.indexLoaded({ articles: 5, passages: 120 });
    h.telegramCall('getUpdates', null);
    h.engineThreads({ alive: 2, total: 2 });
    h.storeOutcome(null);
    expect(h.report()).toMatchObject({ ok: true, body: { status: 'ok', problems: [] } });
    h.storeOutcome('connect ECONNREFUSED 127.0.0.1:6379');
    h.engineThreads({ alive: 1, total: 2 });
    expect(h.report()).toMatchObject({
      ok: true,
      body: { status: 'degraded', problems: ['Redis is unreachable (connect ECONNREFUSED 127.0.0.1:6379): follow-ups and buttons are forgotten', '1 of 2 engine threads stopped (being started again)'] },
    });
    h.engineThreads({ alive: 0, total: 2 });
    expect(h.report()).toMatchObject({ ok: false, body: { status: 'unavailable' } });
    expect(h.report().body.problems).toContain('no engine thread is running');
  });
});

describe('health and metrics', () => {
  it('serves /healthz and /metrics on HEALTH_PORT in polling mode: counts after a few questions, 503 while Telegram is away', async () => {
    const mock = await new MockBotApi().start();
    const port = await freePort();
    const child = node(['src/main.ts'], { TELEGRAM_BOT_TOKEN: mock.token, TELEGRAM_API_ROOT: mock.apiRoot, EMBEDDINGS_DIR: tempDir(), HEALTH_PORT: String(port), LOG_LEVEL: 'info' });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    try {
      await mock.until(() => /is polling for updates/.test(out), 20_000, 'the bot to start polling');
      const up = await get('/healthz');
      expect(up.status).toBe(200);
      const health = (await up.json()) as { index: { passages: number } };
      expect(health).toMatchObject({ status: 'ok', problems: [], index: { articles: 5 }, telegram: { ok: true } });
      expect(health.index.passages).toBeGreaterThan(50);

      mock.inject({ kind: 'server-error' }, 1, 'sendMessage'); // retried by the bot, counted by the metrics
      mock.userSays(QUESTIONS.answered, { userId: 7101 });
      await mock.repliesTo(7101, 1, 20_000);
      mock.userSays(QUESTIONS.abstained, { userId: 7101 });
      await mock.repliesTo(7101, 2);
      mock.userSays(QUESTIONS.smallTalk, { userId: 7101 });
      await mock.repliesTo(7101, 3);
      // Inline mode asks the engine the running bot pins for the update: still counted.
      await mock.inlineAnswer(mock.userTypesInline(QUESTIONS.answered, 7101));
      await mock.until(() => linesOf(out, 'update handled').length === 4, 5_000, 'four log lines');

      const metrics = await get('/metrics');
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await metrics.text();
      expect(sample(text, 'trip_bot_updates_total{kind="message"}')).toBe(3);
      expect(sample(text, 'trip_bot_answers_total{result="answered"}')).toBe(2);
      expect(sample(text, 'trip_bot_answers_total{result="abstained"}')).toBe(1);
      expect(sample(text, 'trip_bot_answers_total{result="small-talk"}')).toBe(1);
      expect(sample(text, 'trip_bot_answer_seconds_count')).toBe(4);
      expect(sample(text, 'trip_bot_replies_failed_total')).toBe(0);
      expect(sample(text, 'trip_bot_telegram_errors_total{method="sendMessage",code="500"}')).toBe(1);
      expect(sample(text, 'trip_bot_index_entries{kind="articles"}')).toBe(5);
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
      expect((await get('/nothing')).status).toBe(404);

      const apiPort = Number(new URL(mock.apiRoot).port);
      await mock.stop();
      await expect.poll(async () => (await get('/healthz')).status, { timeout: 15_000 }).toBe(503);
      expect(((await (await get('/healthz')).json()) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^the last call to Telegram failed \(getUpdates: network\)$/)]);
      await mock.start(apiPort);
      // Healthy again once a call goes through: here the long poll that brings the next update.
      mock.userSays(QUESTIONS.smallTalk, { userId: 7101 });
      await mock.repliesTo(7101, 4, 30_000);
      await expect.poll(async () => (await get('/healthz')).status, { timeout: 5_000 }).toBe(200);

      child.kill('SIGTERM');
      // The health server closes with the bot: the process ends by itself.
      expect(await new Promise((r) => child.on('close', r))).toBe(0);
      expect(out).not.toContain(mock.token);
      expect(out).not.toContain('F-35');
    } finally {
      child.kill('SIGKILL');
      await mock.stop();
    }
  }, 90_000);

  it('in webhook mode serves them on the webhook port without the secret, and still refuses updates without it', async () => {
    const mock = await new MockBotApi().start();
    const log = createLogger({ level: 'silent' });
    const ops = createOps();
    const bot = createBot({ token: mock.token, apiRoot: mock.apiRoot, engine, settings: { allowedChatIds: null, ratePerMinute: 100 }, log, ops });
    const port = await freePort();
    const server = await runWebhook(bot, log, { url: `http://127.0.0.1:${port}/hook`, port, secret: 'shh-secret_2' }, { startupTimeoutMs: 10_000, ops, host: '127.0.0.1' });
    try {
      mock.userSays(QUESTIONS.answered, { userId: 7201 });
      await mock.repliesTo(7201, 1);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe('ok');
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(sample(metrics, 'trip_bot_answers_total{result="answered"}')).toBe(1);
      const forged = await fetch(`http://127.0.0.1:${port}/healthz`, { method: 'POST', body: '{}' });
      expect(forged.status).toBe(401);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      await mock.stop();
    }
  });
});

describe('Telegram unreachable at start-up', () => {
  it('says where (token hidden), why and when it tries again, then gives up with exit code 1', async () => {
    const token = '987654321:AAFakeTokenForAnUnreachableApi_12345';
    const port = await freePort();
    const child = node(['src/main.ts'], {
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
      TELEGRAM_STARTUP_TIMEOUT_MS: '4000', // tries at 0 and 3 s; the next would be at 9 s
      EMBEDDINGS_DIR: tempDir(),
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(1);
    const url = `http://127.0.0.1:${port}/bot[redacted]/getMe`;
    const tries = out.split('\n').filter((l) => l.includes('cannot reach Telegram')).map((l) => JSON.parse(l));
    expect(tries).toHaveLength(1);
    expect(tries[0]).toMatchObject({ level: 40, url, cause: `connect ECONNREFUSED 127.0.0.1:${port}` });
    expect(tries[0].msg).toMatch(/^cannot reach Telegram at \S+: connect ECONNREFUSED \S+; next try in 3 s, giving up in [34](\.\d)? s$/);
    expect(out).toContain(`error: the bot stopped: Telegram could not be reached at ${url} within 4 s (connect ECONNREFUSED 127.0.0.1:${port}); giving up.`);
    expect(out).not.toContain(token.split(':')[1]);
    expect(out).not.toMatch(/\n\s+at /);
  }, 30_000);
});
