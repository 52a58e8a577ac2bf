import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LiveEngine } from '../src/engine/live.js';
import { watchSeeds } from '../src/sources/watch.js';
import { addArticle } from '../src/sources/add.js';
import { FETCH_DEFAULTS } from '../src/sources/fetch.js';
import { engineOptions, node, SEEDS, tempDir } from './helpers.js';
import { loadEmbedder, type Embedder } from '../src/embeddings/embedder.js';
import { startBot, type Harness } from './bot-harness.js';
import { startPageServer } from './page-server.js';

const ADMIN = 4242;
const CANONICAL = 'https://caucasuswire.example/2026/03/armenia-ratifies-nuclear-pact';
const VOTES = 'By how many votes did the Armenian parliament ratify the nuclear agreement?';
const FERRIES = 'How many ferries a month will the Alat terminal handle?';
const CUSTOMS = 'How many customs officers will staff each border post?';

let server: Awaited<ReturnType<typeof startPageServer>>;
let live: LiveEngine;
let h: Harness;
let unwatch: () => void;
let seedsDir: string;
let embeddingsDir: string;
let nextUser = 7000;
/**
 * The bot's engines run on the real model, with two faults a test can switch on: the model failing (so loading the
 * articles again fails) and a question's embedding held until released (so a reload can happen in the middle of
 * answering). Additions embed with the real model itself.
 */
const faults = { failing: false, hold: null as { question: RegExp; reached: () => void; release: Promise<void> } | null };

beforeAll(async () => {
  server = await startPageServer();
  seedsDir = tempDir('trip-bot-seeds-');
  cpSync(SEEDS, seedsDir, { recursive: true });
  const opts = engineOptions({ seedsDir });
  embeddingsDir = opts.embeddingsDir;
  const model = await loadEmbedder(opts);
  const faulty: Embedder = {
    ...model,
    embed: async (texts, role) => {
      if (faults.failing) throw new Error('the model stopped');
      const hold = faults.hold;
      if (hold && texts.length === 1 && hold.question.test(texts[0])) {
        hold.reached();
        await hold.release;
      }
      return model.embed(texts, role);
    },
  };
  live = await LiveEngine.open({ ...opts, embedder: faulty });
  unwatch = watchSeeds(seedsDir, () => void live.reloadIfChanged().catch(() => undefined), (e) => { throw e; }, 100);
  const fetch = { ...FETCH_DEFAULTS, allowPrivate: true, timeoutMs: 2_000 };
  const addSource = (url: string) => live.change(() => addArticle({ url }, { seedsDir, embeddingsDir, embedder: model, fetch }));
  h = await startBot(live, { adminChatIds: new Set([ADMIN]) }, undefined, undefined, { addSource });
});
afterAll(async () => {
  unwatch?.();
  await h?.stop();
  await server?.close();
});

const noFailedCalls = () => expect(h.mock.calls.filter((c) => !c.ok).map((c) => c.method)).toEqual([]);
const seedFiles = () => readdirSync(seedsDir).sort();

describe('adding articles while the bot runs', () => {
  it('/add is for admins only: anyone else is told so and nothing is fetched or written', async () => {
    const before = seedFiles();
    const id = nextUser++;
    h.mock.userSays(`/add ${server.url('/news/ratified')}`, { userId: id });
    const [reply] = await h.mock.repliesTo(id);
    expect(reply.text).toMatch(/Only the bot’s admins can add articles/);
    // an admin's group is not an admin's private chat
    h.mock.userSays(`/add ${server.url('/news/ratified')}`, { userId: ADMIN, chatId: -99, chatType: 'group' });
    const [inGroup] = await h.mock.repliesTo(-99);
    expect(inGroup.text).toMatch(/Only the bot’s admins/);
    expect(seedFiles()).toEqual(before);
  });

  it('an admin adds a page by URL; the bot then answers from it, cites it with a link, and lists it in /sources', async () => {
    const before = await live.current.ask(VOTES);
    expect(before.extracts.some((e) => e.quote.includes('88 votes to 12'))).toBe(false);
    h.mock.userSays('/add', { userId: ADMIN });
    const [usage] = await h.mock.repliesTo(ADMIN);
    expect(usage.text).toMatch(/Send \/add followed by the article’s address/);
    const asked = h.mock.userSays(`/add ${server.url('/news/ratified')}`, { userId: ADMIN });
    const [, added] = await h.mock.repliesTo(ADMIN, 2, 20_000);
    expect(added.reply_to_message_id).toBe(asked.message_id);
    expect(added.text).toMatch(/^Added \[6\] Armenian parliament ratifies nuclear pact with US\nCaucasus Wire · published 3 March 2026 · \d+ paragraphs\n/);
    expect(added.text).not.toMatch(/passages/);
    expect(added.links).toEqual([{ text: CANONICAL, href: CANONICAL }]);

    const id = nextUser++;
    h.mock.userSays(VOTES, { userId: id });
    const [answer] = await h.mock.repliesTo(id);
    expect(answer.text).toContain('88 votes to 12');
    expect(answer.text).toMatch(/— \[6\] Armenian parliament ratifies nuclear pact with US, 3 March 2026 · link/);
    expect(answer.links).toContainEqual({ text: 'link', href: CANONICAL });
    for (const debris of [/cookie/i, /Advertisement/, /Subscribe/i, /Related stories/, /Most read/]) expect(answer.text).not.toMatch(debris);

    h.mock.userSays('/sources', { userId: id });
    const [, list] = await h.mock.repliesTo(id, 2);
    expect(list.text).toContain('(6 articles)');
    expect(list.text).toMatch(/\[6\] Armenian parliament ratifies nuclear pact with US\nCaucasus Wire · published 3 March 2026 · \d+ paragraphs\nhttps:\/\/caucasuswire\.example/);
    expect(list.links).toContainEqual({ text: CANONICAL, href: CANONICAL });
    noFailedCalls();
  });

  it('a bad address gets a clear reply and changes nothing', async () => {
    const before = seedFiles();
    for (const [path, message] of [
      // a stalled compressed page is given up at the time limit, and the additions queued after it go on
      ['/stalled-gzip', /Not added: .*\/stalled-gzip did not answer within 2 s/],
      ['/news/ratified', /Not added: Its canonical URL .* is already in my sources as \[6\]/],
      ['/loop-a', /Not added: .* redirects in a loop/],
      ['/front', /Not added: .* not an article/],
      ['/image', /Not added: .* is not a web page \(its content type is image\/png/],
    ] as const) {
      const count = h.mock.messagesTo(ADMIN).length;
      h.mock.userSays(`/add ${server.url(path)}`, { userId: ADMIN });
      const replies = await h.mock.repliesTo(ADMIN, count + 1, 20_000);
      expect(replies.at(-1)!.text, path).toMatch(message);
    }
    expect(seedFiles()).toEqual(before);
    noFailedCalls();
  });

  it('/add takes only http(s) addresses: a path or an address without its scheme is refused, and no file is read', async () => {
    const before = seedFiles();
    // a readable article file on the bot's machine: /add must not be a way to read it
    const local = join(tempDir(), 'story.md');
    writeFileSync(local, '# Customs posts\n\nArmenia and Azerbaijan will open three joint customs posts on the route by the end of June, officials said.\n');
    for (const [input, message] of [
      [local, /^Not added: \/add takes a web address starting with http:\/\/ or https:\/\/, e\.g\. \/add https:\/\/example\.org\/news\/story\.$/],
      ['example.org/news/story', /^Not added: \/add takes a web address starting with http:\/\/ or https:\/\/ \(did you mean https:\/\/example\.org\/news\/story\?\), e\.g\./],
      ['file:///etc/hostname', /^Not added: \/add takes a web address starting with http:\/\/ or https:\/\//],
    ] as const) {
      const count = h.mock.messagesTo(ADMIN).length;
      h.mock.userSays(`/add ${input}`, { userId: ADMIN });
      const replies = await h.mock.repliesTo(ADMIN, count + 1);
      expect(replies.at(-1)!.text, input).toMatch(message);
    }
    expect(seedFiles()).toEqual(before);
    expect(live.current.sources()).toHaveLength(6);
    noFailedCalls();
  });

  it('an unreadable sources.json: the admin is told so, truly, and nothing is written', async () => {
    const sources = readFileSync(join(seedsDir, 'sources.json'), 'utf8');
    writeFileSync(join(seedsDir, 'sources.json'), sources.slice(0, 40));
    const before = seedFiles();
    const index = readdirSync(embeddingsDir).sort();
    const count = h.mock.messagesTo(ADMIN).length;
    h.mock.userSays(`/add ${server.url('/border-posts')}`, { userId: ADMIN });
    const replies = await h.mock.repliesTo(ADMIN, count + 1, 20_000);
    expect(replies.at(-1)!.text).toMatch(/^Not added: seeds\/sources\.json: .+\. Mend it \(or move it away\) and add the article again; nothing was changed$/);
    expect(seedFiles()).toEqual(before);
    expect(readdirSync(embeddingsDir).sort()).toEqual(index);
    writeFileSync(join(seedsDir, 'sources.json'), sources);
    await live.reloadIfChanged();
    noFailedCalls();
  });

  it('an article added while the articles cannot be loaded again is reported as added, not as failed, and loaded later', async () => {
    faults.failing = true;
    const count = h.mock.messagesTo(ADMIN).length;
    h.mock.userSays(`/add ${server.url('/border-posts')}`, { userId: ADMIN });
    let replies;
    try {
      replies = await h.mock.repliesTo(ADMIN, count + 1, 20_000);
      // the articles before still answer (a reload by the watcher meanwhile fails the same way)
      expect(live.current.sources()).toHaveLength(6);
    } finally {
      faults.failing = false;
    }
    expect(replies.at(-1)!.text).toBe(
      'Added [7] Border posts to open on the TRIPP route by June to my sources, but I could not load them again yet, so I still answer from the articles I had. The next reload (any change to the articles, or a restart) takes it in.',
    );
    expect(h.logs()).toMatch(/added web_[0-9a-f]{16}\.txt, then could not load the articles: the model stopped/);
    await live.reloadIfChanged();
    expect(live.current.sources().map((s) => s.number + ' ' + s.article.title)).toContain('7 Border posts to open on the TRIPP route by June');
    noFailedCalls();
  });

  it('`npm run add` from another process and a removed file are picked up without a restart', async () => {
    const id = nextUser++;
    const run = node(['src/cli/add.ts', server.url('/moved')], { SEEDS_DIR: seedsDir, EMBEDDINGS_DIR: embeddingsDir, ALLOW_PRIVATE_URLS: 'true' });
    let out = '';
    let err = '';
    run.stdout.on('data', (d) => (out += d));
    run.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => run.on('close', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
    // numbered in the order the articles were added: after the two before it, whatever its file name
    expect(out).toMatch(/^added \[8\] Baku to open ferry terminal for corridor freight \(127\.0\.0\.1, published 20 February 2026\) http:\/\/127\.0\.0\.1:\d+\/shipping\/ferry\n {2}seeds\/web_[0-9a-f]{16}\.txt: \d+ paragraphs, \d+ sentences; index updated: 1 articles added or changed, 0 removed\n$/);
    // the watcher reloads the running bot's articles
    await h.mock.until(() => live.current.sources().length === 8, 10_000, 'the new article to be loaded');
    h.mock.userSays(FERRIES, { userId: id });
    const [answer] = await h.mock.repliesTo(id);
    expect(answer.text).toContain('40 ferries a month');
    const ferry = live.current.sources().find((s) => s.article.title.startsWith('Baku to open ferry'))!;
    expect(out).toContain(`[${ferry.number}]`);
    expect(answer.text).toContain(`[${ferry.number}] Baku to open ferry terminal`);

    // removing the first added article: it is no longer listed or quoted
    const file = live.current.sources().find((s) => s.article.url === CANONICAL)!.article.file;
    rmSync(join(seedsDir, file));
    await h.mock.until(() => live.current.sources().length === 7, 10_000, 'the removed article to be dropped');
    h.mock.userSays(VOTES, { userId: id });
    const [, after] = await h.mock.repliesTo(id, 2);
    expect(after.text).not.toContain('88 votes to 12');
    expect(existsSync(join(seedsDir, file))).toBe(false);
    noFailedCalls();
  });

  it('a reload in the middle of answering "Where is this from?" does not take the article from under the reply', async () => {
    const id = nextUser++;
    h.mock.userSays(CUSTOMS, { userId: id });
    const [answer] = await h.mock.repliesTo(id);
    expect(answer.text).toContain('14 customs officers');
    let reached!: () => void;
    let release!: () => void;
    const atHold = new Promise<void>((resolve) => (reached = resolve));
    faults.hold = { question: /customs officers/, reached, release: new Promise((resolve) => (release = resolve)) };
    h.mock.userTaps(id, answer.message_id, answer.reply_markup!.inline_keyboard.flat().map((b) => (b as { callback_data: string }).callback_data).at(-1)!, id);
    // the button's question is being embedded: meanwhile the article is removed and the articles loaded again
    await atHold;
    const cited = live.current.sources().find((s) => s.article.title.startsWith('Border posts'))!;
    rmSync(join(seedsDir, cited.article.file));
    await live.reloadIfChanged();
    expect(live.current.sources().map((s) => s.article.file)).not.toContain(cited.article.file);
    faults.hold = null;
    release();
    const [, where] = await h.mock.repliesTo(id, 2);
    expect(where.text).toMatch(
      new RegExp(`^Extract 1 comes from \\[${cited.number}\\] Border posts to open on the TRIPP route by June \\(South Caucasus Times, published 6 March 2026\\), paragraph \\d of 5 · read it\\.`),
    );
    noFailedCalls();
  });

  it('the command line refuses bad input with one line and exit code 1, writing nothing', async () => {
    const before = seedFiles();
    const run = node(['src/cli/add.ts', server.url('/feed')], { SEEDS_DIR: seedsDir, EMBEDDINGS_DIR: embeddingsDir, ALLOW_PRIVATE_URLS: 'true' });
    let err = '';
    run.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => run.on('close', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/^error: http:\/\/127\.0\.0\.1:\d+\/feed is not a web page \(its content type is application\/json; only HTML articles can be added\)\n$/);
    const privately = node(['src/cli/add.ts', server.url('/news/ratified')], { SEEDS_DIR: seedsDir, EMBEDDINGS_DIR: embeddingsDir, ALLOW_PRIVATE_URLS: 'false' });
    let err2 = '';
    privately.stderr.on('data', (d) => (err2 += d));
    expect(await new Promise((resolve) => privately.on('close', resolve))).toBe(1);
    expect(err2).toMatch(/^error: .* is not a public address \(127\.0\.0\.1 is a loopback address\); set ALLOW_PRIVATE_URLS=true to allow it\n$/);
    expect(seedFiles()).toEqual(before);
  });
});
