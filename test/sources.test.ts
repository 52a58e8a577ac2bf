import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyHtml } from '../src/telegram/render.js';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHtmlPage } from '../src/corpus/html.js';
import { loadCorpus } from '../src/corpus/articles.js';
import { splitCorpus } from '../src/corpus/sentences.js';
import { loadEmbedder, SHIPPED_MODEL, type Embedder } from '../src/embeddings/embedder.js';
import { buildIndex, openIndex, readManifest, refreshIndex } from '../src/index/store.js';
import { addArticle, articleSource, type AddOptions } from '../src/sources/add.js';
import { Refused } from '../src/errors.js';
import { FETCH_DEFAULTS } from '../src/sources/fetch.js';
import { Engine } from '../src/engine/engine.js';
import { engineOptions, failingAfter, MODELS, SEEDS, tempDir } from './helpers.js';
import { page, startPageServer } from './page-server.js';

/** Page furniture of the fixture pages: none of it may ever be quoted. */
const DEBRIS = [
  /cookie/i, /advertisement/i, /subscribe/i, /sign up/i, /newsletter/i, /read more/i, /related stories/i, /most read/i,
  /share on/i, /all rights reserved/i, /SkyJet/, /Premium/, /Caspian real estate/, /Ten things to do/, /You may also like/i,
  /comments/i, /Great news for the region/, /Log in/, /Privacy policy/, /Follow us/i, /Photo:/,
];

describe('reading an article page', () => {
  it('keeps the story and drops navigation, adverts, banners, related links and comments', () => {
    const { text } = readHtmlPage(page('ratified'), 'http://127.0.0.1/news/ratified');
    expect(text.split('\n')).toEqual([
      'Armenian parliament ratifies nuclear pact with US',
      "Armenia's National Assembly ratified the civil nuclear cooperation agreement with the United States on Tuesday, by 88 votes to 12, less than a month after Vice President JD Vance signed it in Yerevan.",
      "The agreement allows American companies to supply fuel and small modular reactor technology to replace the ageing Metsamor plant, which produces about a third of the country's electricity.",
      '“This vote opens a new chapter in our energy independence,” said Deputy Speaker Ruben Rubinyan after the session. “For thirty years we depended on one supplier for fuel.”',
      'Opposition deputies from the Hayastan faction voted against, arguing that the government had not published the full cost of the first reactor, which officials estimate at 4.2 billion dollars.',
      'What happens next',
      'The ratified text now goes to President Vahagn Khachaturyan, who has 21 days to sign it into law.',
      'Engineers from the United States are expected to visit the Metsamor site in April to begin a feasibility study for the first small modular reactor.',
    ]);
    const ferry = readHtmlPage(page('ferry'), 'http://127.0.0.1/shipping/ferry').text;
    expect(ferry).toContain('The terminal will handle up to 40 ferries a month');
    expect(ferry).toContain('The ministry did not say how many workers the terminal would employ.');
    for (const re of DEBRIS) {
      expect(text, String(re)).not.toMatch(re);
      expect(ferry, String(re)).not.toMatch(re);
    }
  });

  it('keeps a story whose own containers carry furniture words in their class or id, and still drops the furniture', () => {
    // <html class="has-ads">, <body class="has-ads">, <div id="share-target"> around everything, <article class="story
    // paywall">, <div class="article-body ad-free">: wrappers, not furniture
    const { text, title, publisher, date } = readHtmlPage(page('wrapped'), 'http://127.0.0.1/border-posts');
    expect({ title, publisher, date }).toEqual({ title: 'Border posts to open on the TRIPP route by June', publisher: 'South Caucasus Times', date: '2026-03-06' });
    expect(text.split('\n')).toEqual([
      'Border posts to open on the TRIPP route by June',
      'Armenia and Azerbaijan will open three joint customs posts on the Trump Route for International Peace and Prosperity by the end of June, the two governments said in a joint statement on Friday.',
      'The posts, at Agarak, Meghri and Nrnadzor, will each be staffed by 14 customs officers from both countries and by inspectors from a US contractor chosen under the development agreement.',
      'Officials said the first freight trains would cross the Armenian section of the route in the autumn, once the rail line between Yeraskh and Meghri has been repaired.',
      '“Goods will clear customs once, not twice,” a spokesman for the Armenian State Revenue Committee told reporters in Yerevan. “That is what makes this route faster than the alternatives.”',
      'The statement did not say how much the posts would cost or who would pay for their construction.',
    ]);
    for (const re of [...DEBRIS, /Unlock every story/, /Tbilisi/]) expect(text, String(re)).not.toMatch(re);
  });

  it('reads what the page states: headline, publisher, canonical URL and published date, and invents nothing', () => {
    const { title, publisher, url, date } = readHtmlPage(page('ratified'), 'http://127.0.0.1/news/ratified');
    // canonical link without its campaign tag and fragment; the date as the page states it, in its own time zone
    expect({ title, publisher, url, date }).toEqual({
      title: 'Armenian parliament ratifies nuclear pact with US',
      publisher: 'Caucasus Wire',
      url: 'https://caucasuswire.example/2026/03/armenia-ratifies-nuclear-pact',
      date: '2026-03-03',
    });
    // no og:site_name, no canonical link, no JSON-LD: the site's host, the address fetched, the <time> element
    const ferry = readHtmlPage(page('ferry'), 'https://www.caspianledger.example/shipping/ferry');
    expect(ferry).toMatchObject({
      title: 'Baku to open ferry terminal for corridor freight',
      publisher: 'caspianledger.example',
      url: 'https://www.caspianledger.example/shipping/ferry',
      date: '2026-02-20',
    });
    // a page stating nothing gets nothing: no date, no publisher, no URL
    const bare = readHtmlPage('<html><body><p>One plain paragraph of prose that says something about the talks in Baku.</p></body></html>', null);
    expect(bare).toMatchObject({ title: null, publisher: null, url: null, date: null });
  });
});

describe('adding an article', () => {
  let server: Awaited<ReturnType<typeof startPageServer>>;
  let embedder: Embedder;
  let embedded: string[];
  const counting = (e: Embedder): Embedder => ({
    ...e,
    embed: async (texts, role) => {
      embedded.push(...texts);
      return e.embed(texts, role);
    },
  });

  beforeAll(async () => {
    server = await startPageServer();
    embedder = await loadEmbedder({ model: SHIPPED_MODEL, modelsDir: MODELS, allowRemote: false, timeoutMs: 30_000 });
  });
  afterAll(() => server?.close());

  /** A copy of the seeds and an index built for them, in temporary folders. */
  async function library(overrides: Partial<AddOptions['fetch']> = {}): Promise<AddOptions> {
    const seedsDir = tempDir('trip-bot-seeds-');
    cpSync(SEEDS, seedsDir, { recursive: true });
    const embeddingsDir = tempDir('trip-bot-index-');
    const corpus = await loadCorpus(seedsDir);
    await buildIndex(embeddingsDir, { articles: corpus.articles, ...splitCorpus(corpus.articles) }, embedder);
    embedded = [];
    return { seedsDir, embeddingsDir, embedder: counting(embedder), fetch: { ...FETCH_DEFAULTS, allowPrivate: true, ...overrides } };
  }

  /** Everything in the seeds and index folders, with contents, to prove nothing was written. */
  const snapshot = (o: AddOptions) =>
    [o.seedsDir, o.embeddingsDir].map((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .sort()
        .map((f) => [f, statSync(join(dir, f)).isFile() ? createHash('sha256').update(readFileSync(join(dir, f))).digest('hex') : 'dir']),
    );

  it('fetches, extracts and saves the article under a stable id, and embeds only its sentences', async () => {
    const o = await library();
    const before = readManifest(o.embeddingsDir)!;
    const added = await addArticle({ url: server.url('/news/ratified') }, o);
    const { article } = added;
    expect(article.file).toMatch(/^web_[0-9a-f]{16}\.txt$/);
    expect(added.number).toBe(6);
    expect(article).toMatchObject({ title: 'Armenian parliament ratifies nuclear pact with US', publisher: 'Caucasus Wire', date: '2026-03-03', url: 'https://caucasuswire.example/2026/03/armenia-ratifies-nuclear-pact' });
    expect(JSON.parse(readFileSync(join(o.seedsDir, 'sources.json'), 'utf8'))[article.file]).toEqual({
      title: article.title,
      publisher: 'Caucasus Wire',
      url: article.url,
      date: '2026-03-03',
      added: article.added,
    });
    expect(Date.now() - Date.parse(article.added!)).toBeLessThan(60_000);
    expect(readFileSync(join(o.seedsDir, article.file), 'utf8')).toBe(article.text);
    // only the new article went through the model, and the index now holds it beside the five others
    expect(embedded).toHaveLength(added.sentences);
    expect(embedded.every((t) => article.text.includes(t))).toBe(true);
    const after = readManifest(o.embeddingsDir)!;
    expect(after.dir).not.toBe(before.dir);
    expect(after.counts.articles).toBe(6);
    expect((await openIndex(o.embeddingsDir)).vectors.size).toBe(before.counts.sentences + added.sentences);
    // the same page read again (the seeds re-opened) needs no further work
    embedded = [];
    const engine = await Engine.open({ ...engineOptions({ seedsDir: o.seedsDir, embeddingsDir: o.embeddingsDir }), embedder: o.embedder });
    expect(embedded.filter((t) => article.text.includes(t))).toEqual([]);
    expect(readManifest(o.embeddingsDir)!.dir).toBe(after.dir);
    const answer = await engine.ask('By how many votes did the Armenian parliament ratify the nuclear agreement?');
    expect(answer.extracts[0].quote).toContain('88 votes to 12');
    expect(answer.extracts[0].source).toMatchObject({ id: article.id, url: article.url });
    expect(replyHtml(answer, engine.numbers)).toContain(`<a href="${article.url}">`);
    for (const e of answer.extracts) for (const re of DEBRIS) expect(e.quote).not.toMatch(re);
  });

  it('refuses the same URL twice, the same canonical URL from another address, and a copy of an article already there', async () => {
    const o = await library();
    await addArticle({ url: server.url('/news/ratified') }, o);
    const state = snapshot(o);
    const again = await addArticle({ url: server.url('/news/ratified') }, o).catch((e) => e);
    expect(again).toBeInstanceOf(Refused);
    expect(again.message).toMatch(/^Its canonical URL https:\/\/caucasuswire\.example\/2026\/03\/armenia-ratifies-nuclear-pact is already in my sources as \[6\] Armenian parliament ratifies/);
    const canonical = await addArticle({ url: 'https://caucasuswire.example/2026/03/armenia-ratifies-nuclear-pact' }, o).catch((e) => e);
    expect(canonical.message).toMatch(/^This URL is already in my sources as \[6\]/); // refused before any fetch
    const mirror = await addArticle({ url: server.url('/mirror/ratified') }, o).catch((e) => e);
    expect(mirror).toBeInstanceOf(Refused);
    expect(mirror.message).toMatch(/^Its text is already in my sources as \[6\]/);
    // a seed file's text added again from a file
    const copy = join(tempDir(), 'copy.txt');
    cpSync(join(SEEDS, '002_b1c6c6d890a286ae.txt'), copy);
    expect((await addArticle({ file: copy }, o).catch((e) => e)).message).toMatch(/^Its text is already in my sources as \[3\]/);
    expect(snapshot(o)).toEqual(state);
  });

  it('numbers added articles in the order they were added, whatever their file names, and the index matches at the next open', async () => {
    const o = await library();
    const first = await addArticle({ url: server.url('/news/ratified') }, o);
    const second = await addArticle({ url: server.url('/border-posts') }, o);
    // the second's file name sorts before the first's: numbering by name would move the first from [6] to [7]
    expect(second.article.file < first.article.file).toBe(true);
    expect([first.number, second.number]).toEqual([6, 7]);
    embedded = [];
    const engine = await Engine.open({ ...engineOptions({ seedsDir: o.seedsDir, embeddingsDir: o.embeddingsDir }), embedder: o.embedder });
    expect(engine.sources().map((s) => [s.number, s.article.file])).toEqual([
      ...readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort().map((f, i) => [i + 1, f]),
      [6, first.article.file],
      [7, second.article.file],
    ]);
    const answer = await engine.ask('How many customs officers will staff each border post?');
    expect(answer.extracts[0].quote).toContain('14 customs officers');
    expect(replyHtml(answer, engine.numbers)).toContain('[7] Border posts to open on the TRIPP route by June');
    // the index written by the second addition is the one the corpus read back needs: nothing to update
    const corpus = await loadCorpus(o.seedsDir);
    expect(await refreshIndex(o.embeddingsDir, { articles: corpus.articles, ...splitCorpus(corpus.articles) }, o.embedder)).toBeNull();
  });

  it('an engine that takes an added article in alone answers as one opened on all the articles does', async () => {
    const o = await library();
    const opts = { ...engineOptions({ seedsDir: o.seedsDir, embeddingsDir: o.embeddingsDir }), embedder: o.embedder };
    const before = await Engine.open(opts);
    const added = await addArticle({ url: server.url('/border-posts') }, o);
    const [taken, opened] = await Promise.all([before.withArticle(added.article, added.vectors), Engine.open(opts)]);
    expect(taken.sources()).toEqual(opened.sources());
    expect(taken.sentences).toEqual(opened.sentences);
    expect(before.sources()).toHaveLength(5); // the engine before is left as it was
    for (const q of ['How many customs officers will staff each border post?', 'What is TRIPP?', 'What did Vance sign in Baku?', 'how many boats']) {
      expect(await taken.ask(q)).toEqual(await opened.ask(q));
    }
    expect(await taken.timeline('border')).toEqual(await opened.timeline('border'));
  });

  it('an unreadable seeds/sources.json refuses the article before anything is written or embedded', async () => {
    const o = await library();
    for (const broken of ['{"web_1.txt": {"title": "Half a file', '{"web_1.txt": {"date": "6 March 2026"}}']) {
      writeFileSync(join(o.seedsDir, 'sources.json'), broken);
      const state = snapshot(o);
      const e = await addArticle({ url: server.url('/news/ratified') }, o).catch((err) => err);
      expect(e).toBeInstanceOf(Refused);
      expect(e.message).toMatch(/^seeds\/sources\.json: .+\. Mend it \(or move it away\) and add the article again; nothing was changed$/);
      expect(embedded).toEqual([]);
      expect(snapshot(o)).toEqual(state);
    }
  });

  it('when the article file cannot be written, sources.json is put back as it was', async () => {
    const o = await library();
    await addArticle({ url: server.url('/news/ratified') }, o);
    const sources = readFileSync(join(o.seedsDir, 'sources.json'), 'utf8');
    // a folder where the border-posts article's file would go
    const file = `web_${createHash('sha256').update('https://southcaucasustimes.example/2026/03/border-posts-tripp-route').digest('hex').slice(0, 16)}.txt`;
    mkdirSync(join(o.seedsDir, file));
    const state = snapshot(o).slice(0, 1);
    await expect(addArticle({ url: server.url('/border-posts') }, o)).rejects.toThrow(/EISDIR|illegal operation on a directory|is a directory/i);
    expect(readFileSync(join(o.seedsDir, 'sources.json'), 'utf8')).toBe(sources);
    expect(snapshot(o).slice(0, 1)).toEqual(state);
    const { articles } = await loadCorpus(o.seedsDir);
    expect(articles.map((a) => a.title)).not.toContain('Border posts to open on the TRIPP route by June');
  });

  it('a file to add gets the checks seeds/ gets and the size limit of a page', async () => {
    const o = await library({ maxBytes: 10_000 });
    const state = snapshot(o);
    const dir = tempDir();
    const prose = 'Armenia and Azerbaijan will open three joint customs posts on the route by the end of June, officials said.\n';
    writeFileSync(join(dir, 'binary.txt'), Buffer.concat([Buffer.from(prose), Buffer.from([0, 1, 2])]));
    writeFileSync(join(dir, 'latin1.md'), Buffer.from(`${prose}Caf\xe9 owners in Meghri welcomed the news.\n`, 'latin1'));
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'big.html'), `<p>${prose.repeat(200)}</p>`);
    mkdirSync(join(dir, 'folder.md'));
    for (const [name, message] of [
      ['binary.txt', /^binary\.txt: binary file, not an article$/],
      ['latin1.md', /^latin1\.md: not UTF-8 text, not an article$/],
      ['empty.txt', /^empty\.txt: empty file, not an article$/],
      ['big.html', /^big\.html is larger than 10 KiB: not an article$/],
      ['folder.md', /folder\.md: not a regular file$/],
    ] as const) {
      const e = await addArticle({ file: join(dir, name) }, o).catch((err) => err);
      expect(e, name).toBeInstanceOf(Refused);
      expect(e.message, name).toMatch(message);
    }
    expect(embedded).toEqual([]);
    expect(snapshot(o)).toEqual(state);
  });

  it('refuses every bad input with a clear message and writes nothing', async () => {
    const o = await library({ timeoutMs: 1_000, maxBytes: 200_000 });
    const state = snapshot(o);
    const cases: [string, RegExp][] = [
      [server.url('/front'), /holds no paragraph of prose: not an article/],
      [server.url('/huge'), /\/huge is larger than 195 KiB: not an article page/],
      [server.url('/slow'), /did not answer within 1 s/],
      [server.url('/loop-a'), /redirects in a loop \(back to http:\/\/127\.0\.0\.1:\d+\/loop-a\)/],
      [server.url('/redirects'), /\/redirects redirects more than 5 times/],
      [server.url('/image'), /is not a web page \(its content type is image\/png; only HTML articles can be added\)/],
      [server.url('/feed'), /is not a web page \(its content type is application\/json/],
      [server.url('/nowhere'), /answered 404 Not Found/],
      ['ftp://example.org/story.html', /only http and https URLs can be added, not ftp:/],
      ['notes.pdf', /only \.txt, \.md, \.html files or http\(s\) URLs can be added/],
      [join(tempDir(), 'absent.md'), /no such file/],
    ];
    for (const [input, message] of cases) {
      const e = await addArticle(articleSource(input), o).catch((err) => err);
      expect(e, input).toBeInstanceOf(Refused);
      expect(e.message, input).toMatch(message);
    }
    expect(embedded).toEqual([]);
    expect(snapshot(o)).toEqual(state);
  });

  it('a compressed page that stalls half way is given up at the time limit, and the next fetch works', async () => {
    const o = await library({ timeoutMs: 1_000 });
    const state = snapshot(o);
    const started = Date.now();
    const e = await addArticle({ url: server.url('/stalled-gzip') }, o).catch((err) => err);
    expect(e).toBeInstanceOf(Refused);
    expect(e.message).toMatch(/\/stalled-gzip did not answer within 1 s/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(snapshot(o)).toEqual(state);
    expect((await addArticle({ url: server.url('/news/ratified') }, o)).number).toBe(6);
  }, 10_000);

  it('a redirect from an allowed address to a private one is refused before connecting to it', async () => {
    const o = await library({ allowPrivate: new Set(['127.0.0.1']) });
    const state = snapshot(o);
    const e = await addArticle({ url: server.url('/to-private') }, o).catch((err) => err);
    expect(e).toBeInstanceOf(Refused);
    expect(e.message).toBe('http://169.254.169.254/latest/meta-data is not a public address (169.254.169.254 is a linkLocal address); set ALLOW_PRIVATE_URLS=true to allow it');
    expect(snapshot(o)).toEqual(state);
  });

  it('refuses loopback and private addresses unless ALLOW_PRIVATE_URLS, by literal address and by name', async () => {
    const o = await library({ allowPrivate: false });
    const state = snapshot(o);
    for (const [input, message] of [
      [server.url('/news/ratified'), /is not a public address \(127\.0\.0\.1 is a loopback address\); set ALLOW_PRIVATE_URLS=true/],
      [`http://localhost:${server.port}/news/ratified`, /is not a public address \(localhost: (127\.0\.0\.1|::1) is a loopback address\)/],
      ['http://[::1]/', /::1 is a loopback address/],
      ['http://10.1.2.3/', /10\.1\.2\.3 is a private address/],
      ['http://169.254.169.254/latest/meta-data', /is a linkLocal address/],
    ] as const) {
      const e = await addArticle(articleSource(input), o).catch((err) => err);
      expect(e, input).toBeInstanceOf(Refused);
      expect(e.message, input).toMatch(message);
    }
    expect(snapshot(o)).toEqual(state);
  });

  it('adds .html and .md files, and reads such files in seeds/ the same way', async () => {
    const o = await library();
    const dir = tempDir();
    writeFileSync(join(dir, 'ferry.html'), page('ferry'));
    const fromHtml = await addArticle({ file: join(dir, 'ferry.html') }, o);
    expect(fromHtml.article).toMatchObject({ title: 'Baku to open ferry terminal for corridor freight', date: '2026-02-20', url: null, publisher: null });
    expect(fromHtml.article.file).toMatch(/^file_[0-9a-f]{16}\.txt$/);
    writeFileSync(join(dir, 'note.md'), '# Alat port opens to grain\n\nThe **Alat** port began loading [Kazakh grain](https://example.org) for Georgia on Friday, officials said.\n\n- It has six berths for ships\n');
    const fromMd = await addArticle({ file: join(dir, 'note.md') }, o);
    expect(fromMd.article.file).toMatch(/\.md$/);
    expect(fromMd.article.text).toContain('The Alat port began loading Kazakh grain for Georgia on Friday, officials said.');
    expect(fromMd.article.title).toBe('Alat port opens to grain');
    // an .html page dropped into seeds/ by hand is read the same way, its metadata from the page
    cpSync(join(ROOT_PAGES, 'ratified.html'), join(o.seedsDir, 'dropped.html'));
    const { articles, warnings } = await loadCorpus(o.seedsDir);
    expect(warnings).toEqual([]);
    const dropped = articles.find((a) => a.file === 'dropped.html')!;
    expect(dropped).toMatchObject({ publisher: 'Caucasus Wire', date: '2026-03-03', url: 'https://caucasuswire.example/2026/03/armenia-ratifies-nuclear-pact' });
    expect(dropped.text).not.toMatch(/cookie|Advertisement/i);
  });

  it('a failure between writing the new index and switching to it leaves the previous index answering and seeds/ as it was', async () => {
    const o = await library();
    const before = readManifest(o.embeddingsDir)!;
    const state = snapshot(o).slice(0, 1);
    // the previous build is copied into the new one; the model then fails on the new article's sentences
    await expect(addArticle({ url: server.url('/news/ratified') }, { ...o, embedder: failingAfter(embedder, 0) })).rejects.toThrow('killed half way');
    // the half-written build is there, but the manifest still names the previous one
    expect(readdirSync(o.embeddingsDir).filter((n) => n.startsWith('index-')).length).toBe(2);
    expect(readManifest(o.embeddingsDir)).toEqual(before);
    expect(snapshot(o).slice(0, 1)).toEqual(state);
    embedded = [];
    const engine = await Engine.open({ ...engineOptions({ seedsDir: o.seedsDir, embeddingsDir: o.embeddingsDir }), embedder: o.embedder });
    expect(embedded.length).toBeLessThan(20); // opened as it was, not rebuilt (only the suggestions are embedded)
    expect((await engine.ask('What is Section 907?')).extracts[0].quote).toContain('Section 907');
    // and the next addition succeeds, clearing the half-written build away
    await addArticle({ url: server.url('/news/ratified') }, o);
    expect(readdirSync(o.embeddingsDir).filter((n) => n.startsWith('index-'))).toEqual([readManifest(o.embeddingsDir)!.dir]);
  });

  it('removing a file removes its items from the index, and nothing else is embedded', async () => {
    const o = await library();
    const { article, passages, sentences } = await addArticle({ url: server.url('/news/ratified') }, o);
    const withIt = readManifest(o.embeddingsDir)!;
    rmSync(join(o.seedsDir, article.file));
    embedded = [];
    const corpus = await loadCorpus(o.seedsDir);
    const done = await refreshIndex(o.embeddingsDir, { articles: corpus.articles, ...splitCorpus(corpus.articles) }, o.embedder);
    expect(done).toBe('updated: 0 articles added or changed, 1 removed');
    expect(embedded).toEqual([]);
    const m = readManifest(o.embeddingsDir)!;
    expect(m.counts).toEqual({ articles: 5, passages: withIt.counts.passages - passages, sentences: withIt.counts.sentences - sentences });
    const opened = await openIndex(o.embeddingsDir);
    expect([...opened.vectors.keys()].some((id) => id.startsWith(article.id))).toBe(false);
  });

  it('the index hash still refuses another model: a different model rebuilds in full instead of updating', async () => {
    const o = await library();
    const corpus = await loadCorpus(o.seedsDir);
    const other: Embedder = { ...embedder, id: 'another-model' };
    const done = await refreshIndex(o.embeddingsDir, { articles: corpus.articles, ...splitCorpus(corpus.articles) }, other);
    expect(done).toMatch(/^built with model e5-small-v2 \(384d\), now another-model \(384d\)/);
    expect(readManifest(o.embeddingsDir)!.model.id).toBe('another-model');
  });
});

const ROOT_PAGES = join(import.meta.dirname, 'fixtures/pages');
