/**
 * Speed and memory figures: `npm run bench` (add `--quick` for a smaller scale run).
 * Prints: seeds ingest time, cold `ask` (process start to answer), warm per-question latency p50/p95, peak memory,
 * the same at scale on a synthetic corpus of ~1,000 articles generated from the seeds' sentences; the bot as
 * `npm start` runs it under load through the mock Bot API: bursts of 200 users asking 5 questions each at once, the
 * heap once their conversations expire, and steady rates of 15 and 30 questions a second; adding one article (a test
 * page: extracted, checked, embedded into the index incrementally, written) to the seeds and to the 1,000 articles,
 * with the engine's reload after it; and at scale, questions answered while the engine threads build the first
 * /timeline or add an article; and telling 10,000 followers (500 with --quick) of an arriving article through the
 * throttler (`--followers` runs that alone).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Engine } from '../src/engine/engine.js';
import { loadEmbedder, SHIPPED_MODEL } from '../src/embeddings/embedder.js';
import { addArticle } from '../src/sources/add.js';
import { FETCH_DEFAULTS } from '../src/sources/fetch.js';
import { loadCorpus } from '../src/corpus/articles.js';
import { splitCorpus } from '../src/corpus/sentences.js';
import { createLogger } from '../src/log.js';
import { createBot } from '../src/telegram/bot.js';
import { MockBotApi } from '../src/mock/server.js';
import type { ChatMemory } from '../src/telegram/context.js';
import { BoundedMemoryStorage, MAX_CONVERSATIONS } from '../src/telegram/session.js';
import { askAtOnce, askSteadily, CONVERSATION } from './load.js';
import { EnginePool } from '../src/workers/pool.js';
import { startPolling } from '../src/telegram/run.js';
import { LiveEngine } from '../src/engine/live.js';
import { FileFollowStore } from '../src/follow/store.js';
import { NEWS_PER_SECOND, startNews } from '../src/telegram/news.js';

const ROOT = resolve(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const SCALE_ARTICLES = quick ? 200 : 1000;
const QUESTIONS = 300;
// The same command line the npm scripts run (npm itself adds ~0.4 s of its own start-up).
const tsx = [process.execPath, '--import', 'tsx'];
const temp = (p: string) => mkdtempSync(join(tmpdir(), p));

const ms = (t0: number) => performance.now() - t0;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

/** Runs a command and returns its wall time and peak RSS (GNU time's %M). */
function timed(args: string[], env: Record<string, string>): { ms: number; peakKiB: number | null } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'PEAK %M', ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.error?.message ?? r.stderr}`);
  const peak = /PEAK (\d+)/.exec(r.stderr);
  return { ms: ms(t0), peakKiB: peak ? Number(peak[1]) : null };
}

/** Questions made from the corpus's own sentences: a few content words, in varied question forms. */
async function questionsFrom(seedsDir: string, n: number): Promise<string[]> {
  const sentences = splitCorpus((await loadCorpus(seedsDir)).articles).sentences.map((s) => s.text);
  const forms = ['What about %?', 'When did %?', 'Who %?', 'How much %?', 'Why %?', 'What is %?'];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => {
    const words = sentences[Math.floor(rand() * sentences.length)].split(/\s+/).filter((w) => w.length > 3);
    const start = Math.floor(rand() * Math.max(1, words.length - 4));
    return forms[i % forms.length].replace('%', words.slice(start, start + 4).join(' '));
  });
}

/** ~20 passages per article: seed sentences recombined, with varied names and numbers so articles differ. */
async function syntheticCorpus(dir: string, articles: number): Promise<void> {
  const sentences = splitCorpus((await loadCorpus(join(ROOT, 'seeds'))).articles).sentences.map((s) => s.text);
  const names = ['Ardent', 'Borealis', 'Caspian', 'Delta', 'Ember', 'Falcon', 'Granite', 'Harbor', 'Iris', 'Juniper'];
  mkdirSync(dir, { recursive: true });
  for (let a = 0; a < articles; a++) {
    const paragraphs: string[] = [`Synthetic report ${a} on ${names[a % names.length]} talks`];
    for (let p = 0; p < 20; p++) {
      const s = sentences[(a * 37 + p * 11) % sentences.length];
      paragraphs.push(s.replace(/\d+/g, (d) => String((Number(d) + a) % 3000)).replace(/Vance/g, `${names[(a + p) % names.length]} Vance`));
    }
    writeFileSync(join(dir, `syn_${String(a).padStart(4, '0')}.txt`), paragraphs.join('\n'));
  }
}

/** The engine's options on the shipped models; the engine threads' add what /add may fetch (the bench's own page). */
const engineOptions = (seedsDir: string, embeddingsDir: string) => ({
  seedsDir,
  embeddingsDir,
  model: SHIPPED_MODEL,
  modelsDir: join(ROOT, 'models'),
  allowRemote: false,
  timeoutMs: 60_000,
});
const poolOptions = (seedsDir: string, embeddingsDir: string) => ({ ...engineOptions(seedsDir, embeddingsDir), fetch: { ...FETCH_DEFAULTS, allowPrivate: true } });

async function warm(seedsDir: string, embeddingsDir: string, label: string): Promise<void> {
  const t0 = performance.now();
  const engine = await Engine.open(engineOptions(seedsDir, embeddingsDir));
  const open = ms(t0);
  const qs = await questionsFrom(seedsDir, QUESTIONS);
  for (const q of qs.slice(0, 10)) await engine.current.ask(q); // warm-up
  const times: number[] = [];
  for (const q of qs) {
    const t = performance.now();
    await engine.current.ask(q);
    times.push(ms(t));
  }
  const t1 = performance.now();
  const events = await engine.current.timeline();
  console.log(
    `${label}: open ${open.toFixed(0)} ms | warm ask over ${qs.length} questions p50 ${pct(times, 50).toFixed(2)} ms, ` +
      `p95 ${pct(times, 95).toFixed(2)} ms | first /timeline ${ms(t1).toFixed(0)} ms (${events.length} events) | peak RSS so far ${mib(process.resourceUsage().maxRSS)}`,
  );
}

/** How long conversations live in the load run: short, so their expiry can be watched (the bot's is 10 minutes). */
const LOAD_MEMORY_TTL_MS = 5_000;

/**
 * The real bot as `npm start` runs it (engine threads, grammY's runner) polling the mock Bot API: three bursts of
 * 200 new users asking 5 questions each at once, the heap once their conversations have expired, then questions at
 * a steady rate (Telegram's limit for one bot is 30 a second), each from a new user, from the train split.
 */
async function load(seedsIndex: string): Promise<void> {
  const engine = await EnginePool.open(poolOptions(join(ROOT, 'seeds'), seedsIndex));
  const mock = await new MockBotApi().start();
  const memory = new BoundedMemoryStorage<ChatMemory>(LOAD_MEMORY_TTL_MS, MAX_CONVERSATIONS);
  const bot = createBot({
    token: mock.token,
    apiRoot: mock.apiRoot,
    engine,
    settings: { allowedChatIds: null, ratePerMinute: 100 },
    log: createLogger({ level: 'silent' }),
    memory,
  });
  await bot.init();
  const polling = startPolling(bot, { timeout: 1 });
  // The mock lives in this process too: its records of the traffic are dropped before each reading.
  const heap = async () => {
    mock.clearHistory();
    global.gc?.();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  await askAtOnce(mock, 1, 90_000, 60_000); // warm-up
  const before = await heap();
  const users = 200;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    const run = await askAtOnce(mock, users, 100_000 + round * users, 300_000);
    const once = run.repliesPerQuestion.filter((n) => n === 1).length;
    console.log(
      `load burst ${round + 1}: ${users} users x ${CONVERSATION.length} questions at once: ${once}/${run.questions} answered exactly once in ` +
        `${(ms(t0) / 1000).toFixed(1)} s | update to reply p50 ${pct(run.latencies, 50).toFixed(0)} ms, p95 ${pct(run.latencies, 95).toFixed(0)} ms | ` +
        `heap ${(await heap()).toFixed(0)} MiB, conversations kept ${memory.size}`,
    );
  }
  await new Promise((r) => setTimeout(r, LOAD_MEMORY_TTL_MS));
  await askAtOnce(mock, 1, 91_000, 60_000); // a write drops the expired conversations
  const after = await heap();
  console.log(
    `load: the bot's heap (main thread) ${before.toFixed(0)} MiB before the bursts, ${after.toFixed(0)} MiB once their conversations expired ` +
      `(${(((after - before) / before) * 100).toFixed(0)}%; conversations kept ${memory.size})${global.gc ? '' : ' (run with --expose-gc for a settled heap)'}`,
  );
  const questions = readFileSync(join(ROOT, 'test/fixtures/questions/train.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { q: string }).q);
  const seconds = quick ? 15 : 60;
  let firstUser = 200_000;
  for (const rate of [15, 30]) {
    const run = await askSteadily(mock, questions, rate, seconds, firstUser, 300_000);
    firstUser += rate * seconds;
    const once = run.repliesPerQuestion.filter((n) => n === 1).length;
    console.log(
      `load steady: ${rate} questions a second for ${seconds} s: ${once}/${run.questions} answered exactly once | ` +
        `update to reply p50 ${pct(run.latencies, 50).toFixed(0)} ms, p95 ${pct(run.latencies, 95).toFixed(0)} ms, max ${Math.max(...run.latencies).toFixed(0)} ms`,
    );
  }
  await polling.stop();
  await mock.stop();
  await engine.close();
}

/**
 * Questions asked while the engine threads do long work (the first /timeline; adding an article, with the reload
 * in every thread after it): each is asked as the work starts, then one after another until it ends.
 */
async function during(seedsDir: string, embeddingsDir: string, label: string): Promise<void> {
  const { seeds, index } = copied(seedsDir, embeddingsDir, 'bench-during');
  const engine = await EnginePool.open(poolOptions(seeds, index));
  const page = readFileSync(join(ROOT, 'test/fixtures/pages/ratified.html'));
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/news/ratified`;
  const qs = await questionsFrom(seeds, 50);
  await engine.current.ask(qs[0]);
  for (const [what, work] of [
    ['the first /timeline', () => engine.current.timeline()],
    ['adding an article', () => engine.add(url)],
  ] as const) {
    let done = false;
    const t0 = performance.now();
    const running = (work() as Promise<unknown>).finally(() => (done = true));
    const times: number[] = [];
    for (let i = 0; !done || i === 0; i++) {
      const t = performance.now();
      await engine.current.ask(qs[i % qs.length]);
      times.push(ms(t));
    }
    await running;
    console.log(
      `${label}: ${what} took ${ms(t0).toFixed(0)} ms; ${times.length} questions asked meanwhile: p50 ${pct(times, 50).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`,
    );
  }
  server.close();
  await engine.close();
}

/** A copy of the articles and their index, to change. */
function copied(seedsDir: string, embeddingsDir: string, prefix: string): { seeds: string; index: string } {
  const seeds = temp(`${prefix}-seeds-`);
  const index = temp(`${prefix}-index-`);
  cpSync(seedsDir, seeds, { recursive: true });
  cpSync(embeddingsDir, index, { recursive: true });
  return { seeds, index };
}

/** Adds one article page to a copy of `seedsDir` whose index is in `embeddingsDir` (copied too), and reloads. */
async function add(seedsDir: string, embeddingsDir: string, label: string): Promise<void> {
  const { seeds, index } = copied(seedsDir, embeddingsDir, 'bench-add');
  const embedder = await loadEmbedder(engineOptions(seeds, index));
  const t0 = performance.now();
  const added = await addArticle({ file: join(ROOT, 'test/fixtures/pages/ratified.html') }, {
    seedsDir: seeds,
    embeddingsDir: index,
    embedder,
    fetch: { ...FETCH_DEFAULTS, allowPrivate: false },
  });
  const addMs = ms(t0);
  const t1 = performance.now();
  await Engine.open({ ...engineOptions(seeds, index), embedder });
  console.log(
    `${label}: add one article (${added.sentences} sentences embedded; index ${added.index}) ${addMs.toFixed(0)} ms | ` +
      `the bot's reload after it ${ms(t1).toFixed(0)} ms`,
  );
}

/**
 * Followers told of an arriving article (the ferry test page dropped into a copy of seeds/), as `npm start` tells
 * them: the throttled Api against the mock, deliveries recorded in the file store. Telegram's limit is about 30
 * messages a second for a bot; the throttler sends NEWS_PER_SECOND, so the floor is followers / NEWS_PER_SECOND.
 */
async function followers(count: number): Promise<void> {
  const seedsDir = temp('bench-follow-seeds-');
  const embeddingsDir = temp('bench-follow-index-');
  cpSync(join(ROOT, 'seeds'), seedsDir, { recursive: true });
  const live = await LiveEngine.open(engineOptions(seedsDir, embeddingsDir));
  const mock = await new MockBotApi().start();
  const store = new FileFollowStore(join(embeddingsDir, 'follow'));
  const ids = Array.from({ length: count }, (_, i) => 500_000 + i);
  for (const id of ids) {
    mock.userSays('/follow', { userId: id }); // the chat, as Telegram knows it once its user wrote
    await store.follow(id);
  }
  mock.clearHistory();
  const log = createLogger({ level: 'silent' });
  const bot = createBot({ token: mock.token, apiRoot: mock.apiRoot, engine: live, settings: { allowedChatIds: null, ratePerMinute: 100 }, log, follow: store });
  const news = startNews(bot, live, { apiRoot: mock.apiRoot, store, embeddingsDir, log });
  await news.sweep();
  const rss0 = process.resourceUsage().maxRSS;
  cpSync(join(ROOT, 'test/fixtures/pages/ferry.html'), join(seedsDir, 'web_ferry.html'));
  const t0 = performance.now();
  await live.reloadIfChanged();
  let last = 0;
  while (mock.sent.length < count) {
    await new Promise((r) => setTimeout(r, 200));
    if (mock.sent.length !== last) last = mock.sent.length;
  }
  const took = ms(t0) / 1000;
  await news.stop();
  const chats = new Set(mock.sent.map((m) => m.chat_id));
  const times = mock.sent.map((m) => m.at).sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  const failed = mock.calls.filter((c) => !c.ok).length;
  console.log(
    `followers: ${count} told of an arriving article in ${took.toFixed(1)} s (${(count / took).toFixed(1)} a second; the throttler's ${NEWS_PER_SECOND} a second ` +
      `makes the floor ${(count / NEWS_PER_SECOND).toFixed(0)} s) | ${chats.size} chats, ${mock.sent.length} messages (each once: ${chats.size === mock.sent.length}) | ` +
      `busiest second ${busiest} messages | failed calls ${failed} | peak RSS ${mib(Math.max(rss0, process.resourceUsage().maxRSS))}`,
  );
  await mock.stop();
}

async function main(): Promise<void> {
  console.log(`trip-bot bench on ${process.platform}/${process.arch}, node ${process.version}${quick ? ' (quick)' : ''}`);
  if (process.argv.includes('--followers')) return followers(quick ? 500 : 10_000);

  const seedsIndex = temp('bench-seeds-');
  const env = { EMBEDDINGS_DIR: seedsIndex, SEEDS_DIR: join(ROOT, 'seeds') };
  const ingest = timed([...tsx, 'src/cli/ingest.ts', '--force'], env);
  console.log(`seeds: ingest (process) ${ingest.ms.toFixed(0)} ms${ingest.peakKiB ? `, peak ${mib(ingest.peakKiB)}` : ''}`);
  const cold = timed([...tsx, 'src/cli/ask.ts', '--json', 'What did Vance sign in Baku?'], env);
  console.log(`seeds: cold ask (process start to answer) ${cold.ms.toFixed(0)} ms${cold.peakKiB ? `, peak ${mib(cold.peakKiB)}` : ''}`);
  await warm(join(ROOT, 'seeds'), seedsIndex, 'seeds');
  await add(join(ROOT, 'seeds'), seedsIndex, 'seeds');
  await load(seedsIndex);

  const synSeeds = temp('bench-syn-seeds-');
  await syntheticCorpus(synSeeds, SCALE_ARTICLES);
  const synIndex = temp('bench-syn-index-');
  const synIngest = timed([...tsx, 'src/cli/ingest.ts'], { EMBEDDINGS_DIR: synIndex, SEEDS_DIR: synSeeds });
  const split = splitCorpus((await loadCorpus(synSeeds)).articles);
  console.log(
    `scale (${SCALE_ARTICLES} articles, ${split.passages.length} passages, ${split.sentences.length} sentences): ingest (process) ${(synIngest.ms / 1000).toFixed(1)} s` +
      `${synIngest.peakKiB ? `, peak ${mib(synIngest.peakKiB)}` : ''}`,
  );
  await warm(synSeeds, synIndex, 'scale');
  await add(synSeeds, synIndex, 'scale');
  await during(synSeeds, synIndex, 'scale');
  await followers(quick ? 500 : 10_000);
}

await main();
