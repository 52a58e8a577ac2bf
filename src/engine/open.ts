import type { Article, Passage, Sentence } from '../types.js';
import { loadCorpus } from '../corpus/articles.js';
import { splitCorpus } from '../corpus/sentences.js';
import type { Embedder } from '../embeddings/embedder.js';
import { ensureIndex, type OpenedIndex } from '../index/store.js';
import { withIndexLock } from '../index/lock.js';
import { NoArticlesError } from '../errors.js';

export interface OpenOptions {
  seedsDir: string;
  embeddingsDir: string;
  /** Called with human-readable status lines (warnings, rebuilds). */
  log?: (line: string) => void;
  /** Called while an index is being built. */
  progress?: (done: number, total: number) => void;
  /** Build the index again even when it is up to date (`npm run ingest --force`). */
  force?: boolean;
}

/** Articles split into sentences and passages, with the index that holds a vector for each sentence. */
export interface OpenedArticles {
  articles: Article[];
  sentences: Sentence[];
  passages: Passage[];
  /** `built` says what was done to the index, null when it was up to date. */
  index: OpenedIndex & { built: string | null };
}

/**
 * The articles of seeds/ and their index, brought up to date (built, or updated with only new or changed articles
 * embedded) when stale: what the engine, `npm run ingest` and a reload open. They are read under the index's lock:
 * an addition in another process or thread (which holds it) is then seen whole, or not at all, and its vectors are
 * never taken for a removed article's.
 */
export function openArticles(opts: OpenOptions, embedder: Embedder): Promise<OpenedArticles> {
  return withIndexLock(opts.embeddingsDir, async () => {
    const corpus = await loadCorpus(opts.seedsDir);
    corpus.warnings.forEach(opts.log ?? (() => {}));
    if (!corpus.articles.length) throw new NoArticlesError(`No readable articles in ${opts.seedsDir}.`, opts.seedsDir);
    return indexArticles(corpus.articles, opts, embedder);
  });
}

/**
 * Articles split, and the index brought up to date with them: the part of opening done under the lock, which an
 * addition (sources/add.ts) also runs, with its new article among the others, before it writes the article.
 */
export async function indexArticles(articles: Article[], opts: Omit<OpenOptions, 'seedsDir'>, embedder: Embedder): Promise<OpenedArticles> {
  const { sentences, passages } = splitCorpus(articles);
  const index = await ensureIndex(opts.embeddingsDir, { articles, sentences, passages }, embedder, opts);
  return { articles, sentences, passages, index };
}
