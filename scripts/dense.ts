/** Plain dense retrieval over a folder of articles' sentences (the seeds by default), shared by the dense baseline and the encoder comparison. */
import { join } from 'node:path';
import { loadCorpus } from '../src/corpus/articles.js';
import { splitCorpus } from '../src/corpus/sentences.js';
import type { Embedder } from '../src/embeddings/embedder.js';
import { dot } from '../src/retrieval/rank.js';
import type { Article, Sentence } from '../src/types.js';

export interface DenseSearch {
  articles: Article[];
  sentences: Sentence[];
  /** Sentences per second the encoder embedded them at. */
  rate: number;
  /** Indices of the sentences, nearest to the question's vector first. */
  nearest(question: Float32Array): number[];
}

export async function denseSearch(embedder: Embedder, seedsDir = join(process.cwd(), 'seeds')): Promise<DenseSearch> {
  const { articles } = await loadCorpus(seedsDir);
  const { sentences } = splitCorpus(articles);
  const t0 = performance.now();
  const vectors = await embedder.embed(sentences.map((s) => s.text));
  const rate = sentences.length / ((performance.now() - t0) / 1000);
  const nearest = (q: Float32Array) => vectors.map((v, i) => ({ i, cos: dot(q, v) })).sort((a, b) => b.cos - a.cos).map((x) => x.i);
  return { articles, sentences, rate, nearest };
}
