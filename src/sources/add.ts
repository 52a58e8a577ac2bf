import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Article } from '../types.js';
import type { Embedder } from '../embeddings/embedder.js';
import { ARTICLE_EXTENSIONS, loadCorpus, readArticleFile, recordSource, toArticle, type SourceMeta } from '../corpus/articles.js';
import { wordSet } from '../corpus/clean.js';
import { splitArticle, splitCorpus } from '../passages/split.js';
import { refreshIndex } from '../index/store.js';
import { writeFileAtomically } from '../atomic.js';
import { numbering } from '../answer/reply.js';
import { fetchPage, parseHttpUrl, type FetchOptions } from './fetch.js';
import { Refused } from './refused.js';

export interface AddOptions {
  seedsDir: string;
  embeddingsDir: string;
  embedder: Embedder;
  fetch: FetchOptions;
  log?: (line: string) => void;
}

export { Refused };

export interface Added {
  article: Article;
  /** Its number in /sources and in citations. */
  number: number;
  passages: number;
  sentences: number;
  /** What the index did: "updated: 1 articles added…", or "built in full (no index yet)". */
  index: string;
}

/**
 * A text is already in the corpus when most of its sentences stand, word for word, in one article there: a
 * republished wire story with a new first line is still the same story.
 */
const DUPLICATE_SHARE = 0.5;

/**
 * Adds one article, from an http(s) URL or a `.html`, `.md` or `.txt` file: read, cleaned and checked as the seeds
 * are; refused when it is no article or already in the corpus (the same canonical URL, or its text). The index is
 * updated first (only this article is embedded), then the article file and its metadata are written to seeds/,
 * each atomically, so any failure leaves seeds/ as it was and the previous index answering.
 */
export async function addArticle(source: string, opts: AddOptions): Promise<Added> {
  try {
    accessSync(opts.seedsDir, constants.W_OK);
  } catch {
    throw new Refused(`${opts.seedsDir} cannot be written here, so no article can be added (the container keeps seeds/ read-only unless a volume is mounted there)`);
  }
  const corpus = await loadCorpus(opts.seedsDir);
  const known = (url: string | null | undefined) => url && corpus.articles.find((a) => a.url && sameUrl(a.url, url));
  const numbers = numbering(corpus.articles);
  const already = (a: Article, why: string) => new Refused(`${why} is already in my sources as [${numbers.get(a.id)}] ${a.title} (${a.file})`);

  let text: string;
  let meta: SourceMeta;
  let ext = '.txt';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    const asked = parseHttpUrl(source);
    const twice = known(asked.href);
    if (twice) throw already(twice, 'This URL');
    const page = await fetchPage(asked.href, opts.fetch);
    ({ text, meta } = await readArticleFile('page.html', page.html, page.url));
  } else {
    ext = extname(source).toLowerCase();
    if (!ARTICLE_EXTENSIONS.includes(ext)) throw new Refused(`${basename(source)}: only ${ARTICLE_EXTENSIONS.join(', ')} files or http(s) URLs can be added`);
    if (!existsSync(source)) throw new Refused(`${source}: no such file`);
    ({ text, meta } = await readArticleFile(source, readFileSync(source, 'utf8')));
    // A page is kept as the text read from it; Markdown and plain text are kept as they are.
    if (ext === '.html') ext = '.txt';
    else text = readFileSync(source, 'utf8');
  }
  const twice = known(meta.url);
  if (twice) throw already(twice, `Its canonical URL ${meta.url}`);

  // The id is stable: from the canonical URL when the page states one, else from the text.
  const file = `${meta.url ? 'web' : 'file'}_${createHash('sha256').update(meta.url ?? text).digest('hex').slice(0, 16)}${ext}`;
  const { text: quotable } = await readArticleFile(file, text);
  const article = toArticle(file, quotable, meta);
  if (!article) throw new Refused(`${meta.url ?? basename(source)} holds no paragraph of prose: not an article (a front page, a list or a form?)`);
  const copy = corpus.articles.find((a) => a.file === file) ?? sameText(article, corpus.articles);
  if (copy) throw already(copy, 'Its text');

  const articles = [...corpus.articles, article];
  const index = await refreshIndex(opts.embeddingsDir, { articles, ...splitCorpus(articles) }, opts.embedder, { log: opts.log });
  writeFileAtomically(join(opts.seedsDir, file), text);
  if (Object.keys(meta).length) recordSource(opts.seedsDir, file, meta);
  const split = splitArticle(article);
  return { article, number: numbering(articles).get(article.id)!, passages: split.passages.length, sentences: split.sentences.length, index: !index ? 'up to date' : index.startsWith('updated') ? index : `built in full (${index})` };
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
