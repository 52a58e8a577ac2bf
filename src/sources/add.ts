import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Article } from '../types.js';
import type { Embedder } from '../embeddings/embedder.js';
import { ARTICLE_EXTENSIONS, byFile, loadCorpus, readArticleFile, readSourcesForChange, SOURCES_FILE, textOf, toArticle, writeSources, type SourceMeta } from '../corpus/articles.js';
import { wordSet } from '../corpus/clean.js';
import { splitArticle } from '../corpus/sentences.js';
import { withIndexLock } from '../index/lock.js';
import { writeFileAtomically } from '../atomic.js';
import { numbering } from '../corpus/numbering.js';
import { indexArticles } from '../engine/open.js';
import type { Addition } from '../engine/live.js';
import { fetchPage, parseHttpUrl, sizeText, type FetchOptions } from './fetch.js';
import { Refused } from '../errors.js';

export interface AddOptions {
  seedsDir: string;
  embeddingsDir: string;
  embedder: Embedder;
  fetch: FetchOptions;
  log?: (line: string) => void;
}


export interface Added extends Addition {
  /** Its number in /sources and in citations. */
  number: number;
  passages: number;
  sentences: number;
  /** What the index did: "updated: 1 articles added…", or "built in full (no index yet)". */
  index: string;
}

/**
 * A text is already in the corpus when most of its sentences (more than half) stand, word for word, in one article
 * there: a republished wire story with a new first line is still the same story. Not fitted, as there is nothing
 * to fit it on: no two of the seeds share a single sentence word for word (measured), and a copy shares nearly all
 * of them (the mirrored test page: all), so the line is drawn where "most" is: a majority of it is already quoted.
 */
const DUPLICATE_SHARE = 0.5;

/** An http(s) page, or an article file (`.html`, `.md`, `.txt`) on this machine: `npm run add` only. */
export type ArticleSource = { url: string } | { file: string };

/** What `npm run add` was given: a URL when it names a scheme ("https://…", "ftp://…", refused later), else a file. */
export const articleSource = (arg: string): ArticleSource => (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg) ? { url: arg } : { file: arg });

/**
 * Adds one article: read, cleaned and checked as the seeds are; refused when it is no article or already in the
 * corpus (the same canonical URL, or its text). seeds/sources.json is read first, so an unreadable one refuses the
 * article before anything is written. The index is updated next (only this article is embedded), then sources.json
 * and last the article file, each written whole (a temporary file renamed): the article exists only once both are
 * there, a failure writing it puts sources.json back as it was, so any failure leaves seeds/ as it was and the
 * articles answered the same (an index holding an article seeds/ does not is updated away at the next open).
 * It all runs under the index's lock, so additions from several processes, and their reloads, go one at a time.
 */
export function addArticle(source: ArticleSource, opts: AddOptions): Promise<Added> {
  return withIndexLock(opts.embeddingsDir, () => addLocked(source, opts));
}

async function addLocked(source: ArticleSource, opts: AddOptions): Promise<Added> {
  const given = 'url' in source ? source.url : source.file;
  try {
    accessSync(opts.seedsDir, constants.W_OK);
  } catch {
    throw new Refused(`${opts.seedsDir} cannot be written here, so no article can be added (the container keeps seeds/ read-only unless a volume is mounted there)`, null);
  }
  let recorded: ReturnType<typeof readSourcesForChange>;
  try {
    recorded = readSourcesForChange(opts.seedsDir);
  } catch (e) {
    throw new Refused(`${(e as Error).message}. Mend it (or move it away) and add the article again; nothing was changed`, null);
  }
  const corpus = await loadCorpus(opts.seedsDir);
  const known = (url: string | null | undefined) => url && corpus.articles.find((a) => a.url && sameUrl(a.url, url));
  const numbers = numbering(corpus.articles);
  const already = (a: Article, why: string) => new Refused(`${why} is already in my sources as [${numbers.get(a.id)}] ${a.title} (${a.file})`, given);

  let text: string;
  let meta: SourceMeta;
  let ext = '.txt';
  if ('url' in source) {
    const asked = parseHttpUrl(source.url);
    const twice = known(asked.href);
    if (twice) throw already(twice, 'This URL');
    const page = await fetchPage(asked.href, opts.fetch);
    ({ text, meta } = await readArticleFile('page.html', page.html, page.url));
  } else {
    const raw = readSourceFile(source.file, opts.fetch.maxBytes);
    ext = extname(source.file).toLowerCase();
    ({ text, meta } = await readArticleFile(source.file, raw));
    // A page is kept as the text read from it; Markdown and plain text are kept as they are.
    if (ext === '.html') ext = '.txt';
    else text = raw;
  }
  const twice = known(meta.url);
  if (twice) throw already(twice, `Its canonical URL ${meta.url}`);

  // The id is stable: from the canonical URL when the page states one, else from the text.
  const file = `${meta.url ? 'web' : 'file'}_${createHash('sha256').update(meta.url ?? text).digest('hex').slice(0, 16)}${ext}`;
  const { text: quotable } = await readArticleFile(file, text);
  const stated = { ...meta, added: new Date().toISOString() };
  const article = toArticle(file, quotable, stated);
  if (!article) throw new Refused(`${meta.url ?? basename(given)} holds no paragraph of prose: not an article (a front page, a list or a form?)`, given);
  const copy = corpus.articles.find((a) => a.file === file) ?? sameText(article, corpus.articles);
  if (copy) throw already(copy, 'Its text');

  // In file order, as seeds/ is read: the index's corpus hash then matches at the next open.
  const articles = [...corpus.articles, article].sort(byFile);
  const { index } = await indexArticles(articles, opts, opts.embedder);
  writeSources(opts.seedsDir, { ...recorded.sources, [file]: stated });
  try {
    writeFileAtomically(join(opts.seedsDir, file), text);
  } catch (e) {
    if (recorded.raw === null) rmSync(join(opts.seedsDir, SOURCES_FILE), { force: true });
    else writeFileAtomically(join(opts.seedsDir, SOURCES_FILE), recorded.raw);
    throw e;
  }
  const split = splitArticle(article);
  const done = index.built;
  const vectors = new Map(split.sentences.map((s) => [s.id, index.vectors.get(s.id)!]));
  return { article, vectors, number: numbering(articles).get(article.id)!, passages: split.passages.length, sentences: split.sentences.length, index: !done ? 'up to date' : done.startsWith('updated') ? done : `built in full (${done})` };
}

/** An article file's text, read with the checks seeds/ gets (a regular file, not empty, binary or other than UTF-8) and the size limit of a page. */
function readSourceFile(path: string, maxBytes: number): string {
  const name = basename(path);
  if (!ARTICLE_EXTENSIONS.includes(extname(path).toLowerCase())) throw new Refused(`${name}: only ${ARTICLE_EXTENSIONS.join(', ')} files or http(s) URLs can be added`, path);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new Refused(`${path}: no such file`, path);
  if (!stat.isFile()) throw new Refused(`${path}: not a regular file`, path);
  if (stat.size > maxBytes) throw new Refused(`${name} is larger than ${sizeText(maxBytes)}: not an article`, path);
  const { text, problem } = textOf(readFileSync(path));
  if (text === null) throw new Refused(`${name}: ${problem}, not an article`, path);
  return text;
}

/** The article of the corpus holding most of this one's sentences word for word, if any. */
function sameText(article: Article, corpus: Article[]): Article | undefined {
  const key = (s: string) => [...wordSet(s)].join(' ');
  const mine = splitArticle(article).sentences.map((s) => key(s.text));
  return corpus.find((other) => {
    const theirs = new Set(splitArticle(other).sentences.map((s) => key(s.text)));
    return mine.filter((s) => theirs.has(s)).length > DUPLICATE_SHARE * mine.length;
  });
}

function sameUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.replace(/^https?:\/\/(www\.)?/i, '').replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}
