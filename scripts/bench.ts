/**
 * Speed and memory figures: `npm run bench` (add `--quick` for a smaller scale run).
 * Prints: seeds ingest time, cold `ask` (process start to answer), warm per-question latency p50/p95, peak memory,
 * the same at scale on a synthetic corpus of ~1,000 articles generated from the seeds' sentences, the bot
 * under load: 200 users asking 5 questions each at once through the mock Bot API, three rounds of new users, and
 * adding one article (a test page: extracted, checked, embedded into the index incrementally, written) to the seeds
 * and to the 1,000 articles, with the engine's reload after it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Engine } from '../src/engine.js';
import { loadEmbedder, SHIPPED_MODEL } from '../src/embeddings/embedder.js';
import { addArticle } from '../src/sources/add.js';
import { FETCH_DEFAULTS } from '../src/sources/fetch.js';
import { loadCorpus } from '../src/corpus/articles.js';
import { splitCorpus } from '../src/passages/split.js';
import { createLogger } from '../src/log.js';
import { createBot } from '../src/telegram/bot.js';
import { MockBotApi } from '../src/telegram/mock/server.js';
import { BoundedMemoryStorage, MAX_CONVERSATIONS, MEMORY_TTL_MS, type ChatMemory } from '../src/telegram/session.js';
import { askAtOnce, CONVERSATION } from './load.js';
import { startPolling } from '../src/telegram/run.js';

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

async function warm(seedsDir: string, embeddingsDir: string, label: string): Promise<void> {
  const t0 = performance.now();
  const engine = await Engine.open({
    seedsDir,
    embeddingsDir,
    model: SHIPPED_MODEL,
    modelsDir: join(ROOT, 'models'),
    allowRemote: false,
    timeoutMs: 60_000,
  });
  const open = ms(t0);
  const qs = await questionsFrom(seedsDir, QUESTIONS);
  for (const q of qs.slice(0, 10)) await engine.ask(q); // warm-up
  const times: number[] = [];
  for (const q of qs) {
    const t = performance.now();
    await engine.ask(q);
    times.push(ms(t));
  }
  const t1 = performance.now();
  const events = await engine.timeline();
  console.log(
    `${label}: open ${open.toFixed(0)} ms | warm ask over ${qs.length} questions p50 ${pct(times, 50).toFixed(2)} ms, ` +
      `p95 ${pct(times, 95).toFixed(2)} ms | first /timeline ${ms(t1).toFixed(0)} ms (${events.length} events) | peak RSS so far ${mib(process.resourceUsage().maxRSS)}`,
  );
}

/** The real bot polling the mock Bot API; each round is 200 new users asking at once. Memory must not grow. */
async function load(seedsIndex: string): Promise<void> {
  const engine = await Engine.open({
    seedsDir: join(ROOT, 'seeds'),
    embeddingsDir: seedsIndex,
    model: SHIPPED_MODEL,
    modelsDir: join(ROOT, 'models'),
    allowRemote: false,
    timeoutMs: 60_000,
  });
  const mock = await new MockBotApi().start();
  const memory = new BoundedMemoryStorage<ChatMemory>(MEMORY_TTL_MS, MAX_CONVERSATIONS);
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
  const users = 200;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    const run = await askAtOnce(mock, users, 100_000 + round * users, 300_000);
    const once = run.repliesPerQuestion.filter((n) => n === 1).length;
    global.gc?.();
    console.log(
      `load round ${round + 1}: ${users} users x ${CONVERSATION.length} questions at once: ${once}/${run.questions} answered exactly once in ` +
        `${(ms(t0) / 1000).toFixed(1)} s | update to reply p50 ${pct(run.latencies, 50).toFixed(0)} ms, p95 ${pct(run.latencies, 95).toFixed(0)} ms | ` +
        `heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, conversations kept ${memory.size}`,
    );
  }
  await polling.stop();
  await mock.stop();
}

/** Adds one article page to a copy of `seedsDir` whose index is in `embeddingsDir` (copied too), and reloads. */
async function add(seedsDir: string, embeddingsDir: string, label: string): Promise<void> {
  const seeds = temp('bench-add-seeds-');
  const index = temp('bench-add-index-');
  cpSync(seedsDir, seeds, { recursive: true });
  cpSync(embeddingsDir, index, { recursive: true });
  const embedder = await loadEmbedder({ model: SHIPPED_MODEL, modelsDir: join(ROOT, 'models'), allowRemote: false, timeoutMs: 60_000 });
  const t0 = performance.now();
  const added = await addArticle({ file: join(ROOT, 'test/fixtures/pages/ratified.html') }, {
    seedsDir: seeds,
    embeddingsDir: index,
    embedder,
    fetch: { ...FETCH_DEFAULTS, allowPrivate: false },
  });
  const addMs = ms(t0);
  const t1 = performance.now();
  await Engine.open({ seedsDir: seeds, embeddingsDir: index, model: SHIPPED_MODEL, modelsDir: join(ROOT, 'models'), allowRemote: false, timeoutMs: 60_000, embedder });
  console.log(
    `${label}: add one article (${added.sentences} sentences embedded; index ${added.index}) ${addMs.toFixed(0)} ms | ` +
      `the bot's reload after it ${ms(t1).toFixed(0)} ms`,
  );
}

async function main(): Promise<void> {
  console.log(`trip-bot bench on ${process.platform}/${process.arch}, node ${process.version}${quick ? ' (quick)' : ''}`);

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
}

await main();
