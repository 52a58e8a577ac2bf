import type { Sentence } from '../types.js';
import type { WordVector } from '../embeddings/embedder.js';
import { definitionOf, EVIDENCE_KINDS, kindEvidence, opensWithReference } from './evidence.js';
import { CHEAP_FEATURES, emptyFeatures, linear, type FeatureVector } from './features.js';
import type { Bm25 } from './lexical.js';
import type { FittedModel } from './fitted.js';
import type { Question } from './question.js';
import { similarityCredit, type QueryWord, type WordSpace } from './wordspace.js';

/** Everything ranking needs about the corpus, built once when the engine opens. */
export interface SearchSpace {
  sentences: Sentence[];
  /** Row i holds sentence i's unit vector. */
  vectors: Float32Array;
  dims: number;
  lexicon: Bm25;
  words: WordSpace;
  /** Each passage's unit vector: a sentence's context. */
  passageVectors: Map<string, Float32Array>;
  /** Index of the sentence before / after sentence i in the same passage, or -1. */
  before: Int32Array;
  after: Int32Array;
}

export interface Ranked {
  sentence: Sentence;
  /** The sentence's position in the search space. */
  index: number;
  /** The fitted ranker's logit: higher is more likely the sentence that answers. */
  score: number;
  features: FeatureVector;
}

/** A question ready for ranking: its analysis, its vector, and its content words with their word credits. */
export interface Query {
  question: Question;
  vector: Float32Array;
  words: QueryWord[];
}

/**
 * The candidate counts, measured on the written validation writers (scripts/measure-validation.ts, run with the number
 * changed; hit@1 / hit@3 of 306 answerable questions): DENSE_CANDIDATES 0: 70.9 / 85.3; 30, 100 and 300: 71.6 / 85.6.
 * FULL_CANDIDATES 30: 71.9 / 86.3; 100, 300 and 1000: 71.6 / 85.6 (one or two questions: noise). Past a few dozen
 * they change no answer there; they bound the work on a large corpus.
 */
const DENSE_CANDIDATES = 100;
/**
 * On a large corpus only this many candidates, the best by BM25 and sentence meaning, get word-level matching. A
 * bound on time (`npm run bench`, 1,000 articles); validation (32 articles) never reaches it. test/retrieval.test.ts
 * checks on 1,800+ candidates that it keeps the sentence the whole ranking puts first.
 */
const PREFILTER = 1000;
/** Only this many of the best by the cheap features get the rest (regular expressions, neighbours). */
const FULL_CANDIDATES = 300;
/*
 * Feature units (`/ sd / 4` below, a sentence's length `/ 40`): the fit standardises every feature (fitListwise in
 * scripts/fitting.ts), so any positive scale ranks alike once fitted; fitted-model.json's weights are in these units.
 */

/** Indices of the k largest values, without sorting the whole array. */
function topIndices(values: Float32Array, k: number): number[] {
  if (values.length <= k) return [...values.keys()];
  const sorted = Float32Array.from(values).sort();
  const threshold = sorted[values.length - k];
  const out: number[] = [];
  for (let i = 0; i < values.length && out.length < k; i++) if (values[i] >= threshold) out.push(i);
  return out;
}

export function dot(a: Float32Array, b: Float32Array, offset = 0): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[offset + i];
  return s;
}

/** The question's content words, one per term, with idf weights and the credit of every corpus word. */
export function queryWords(space: SearchSpace, q: Question, vectors: Map<string, WordVector | null>, floor: number): QueryWord[] {
  const seen = new Set<string>();
  const out: QueryWord[] = [];
  for (const { word, term } of q.words) {
    if (seen.has(term)) continue;
    seen.add(term);
    const v = vectors.get(word) ?? null;
    const credit = space.words.similarities(v?.unit ?? null).map((sim, id) => (space.words.terms[id] === term ? 1 : similarityCredit(sim, floor)));
    out.push({ word, term, idf: space.lexicon.idf(term), specificity: Math.min(1, v?.norm ?? 1), known: space.lexicon.has(term), credit });
  }
  return out;
}

/** How well sentence i meets each question word: 1 for the word itself (its term), else its similarity credit. */
export function credits(space: SearchSpace, words: QueryWord[], i: number): number[] {
  const own = space.words.sentenceWords[i];
  return words.map((qw) => {
    let best = 0;
    for (const id of own) if (qw.credit[id] > best) best = qw.credit[id];
    return best;
  });
}

/** Share of the question's idf weight a sentence holds: as such (exact), or through a similar word (soft). */
export function coverage(space: SearchSpace, words: QueryWord[], i: number): { exact: number; soft: number } {
  const total = words.reduce((s, w) => s + w.idf, 0) || 1;
  let exact = 0;
  let soft = 0;
  credits(space, words, i).forEach((c, j) => {
    if (c === 1) exact += words[j].idf;
    soft += c * words[j].idf;
  });
  return { exact: exact / total, soft: soft / total };
}

/**
 * The question's share of weight the corpus meets anywhere: a word some sentence holds, or one with a similar
 * word in the corpus. What the articles never touch ("Australia", "F-35", "weather") lowers it.
 */
export function reach(words: QueryWord[]): number {
  const total = words.reduce((s, w) => s + w.idf, 0);
  if (!total) return 0;
  let met = 0;
  for (const qw of words) met += qw.idf * (qw.known ? 1 : qw.credit.reduce((m, c) => Math.max(m, c), 0));
  return met / total;
}

/**
 * Scores candidate sentences with the fitted ranker: every sentence that holds a question word or a similar
 * one, and the closest ones in meaning. Best first, each with the features that made its score.
 */
export function rankSentences(space: SearchSpace, query: Query, model: Pick<FittedModel, 'ranker'>): Ranked[] {
  const { lexicon, sentences, words } = space;
  const q = query.question;
  const qw = query.words;
  const hits = lexicon.search(qw.map((w) => w.term));
  let maxBm25 = 0;
  for (const h of hits.values()) maxBm25 = Math.max(maxBm25, h.bm25);

  const dense = new Float32Array(sentences.length);
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < sentences.length; i++) {
    dense[i] = dot(query.vector, space.vectors, i * space.dims);
    sum += dense[i];
    squares += dense[i] * dense[i];
  }
  const mean = sum / sentences.length;
  const sd = Math.sqrt(Math.max(1e-12, squares / sentences.length - mean * mean));

  const candidates = new Set(hits.keys());
  for (const w of qw) w.credit.forEach((c, id) => c > 0 && words.wordSentences[id].forEach((i) => candidates.add(i)));
  for (const i of topIndices(dense, DENSE_CANDIDATES)) candidates.add(i);

  const bm25Of = (i: number) => (maxBm25 ? (hits.get(i)?.bm25 ?? 0) / maxBm25 : 0);
  const zOf = (i: number) => (dense[i] - mean) / sd / 4;
  let pool = [...candidates];
  if (pool.length > PREFILTER) {
    const { bm25, dense: wDense, denseZ } = model.ranker;
    const proxy = (i: number) => bm25 * bm25Of(i) + wDense * dense[i] + denseZ * zOf(i);
    pool = pool.map((i) => ({ i, p: proxy(i) })).sort((a, b) => b.p - a.p).slice(0, PREFILTER).map((x) => x.i);
  }
  const cheap = pool.map((i) => {
    const f = emptyFeatures();
    const { exact, soft } = coverage(space, qw, i);
    f.exact = exact;
    f.soft = soft;
    f.bm25 = bm25Of(i);
    f.dense = dense[i];
    f.denseZ = zOf(i);
    f.passage = dot(query.vector, space.passageVectors.get(sentences[i].passageId)!);
    return { i, f, partial: CHEAP_FEATURES.reduce((s, n) => s + model.ranker[n] * f[n], 0) };
  });
  cheap.sort((a, b) => b.partial - a.partial);

  const evidence = kindEvidence(q);
  const defines = q.subject ? definitionOf(q.subject) : () => 0;
  const softAt = (j: number) => (j < 0 ? 0 : coverage(space, qw, j).soft);
  const asked = new Set(qw.map((w) => w.term));
  const ranked = cheap.slice(0, FULL_CANDIDATES).map(({ i, f }): Ranked => {
    const s = sentences[i];
    const before = softAt(space.before[i]);
    f.antecedent = opensWithReference(s.text) ? before : 0;
    f.neighbour = Math.max(before, softAt(space.after[i]));
    const kinds = evidence(s.text);
    for (const k of EVIDENCE_KINDS) f[k] = kinds[k];
    f.definition = defines(s.text);
    const own = words.sentenceWords[i];
    f.novelty = own.length ? [...own].filter((id) => !asked.has(words.terms[id])).length / own.length : 0;
    f.length = own.length / 40;
    return { sentence: s, index: i, score: linear(model.ranker, f), features: f };
  });
  return ranked.sort((a, b) => b.score - a.score);
}
