import type { Sentence } from '../types.js';
import { MAX_QUOTE_CHARS } from '../answer/extract.js';
import { dot } from '../retrieval/rank.js';

/**
 * What an arriving article says that no earlier article states, by meaning: each of its sentences is compared with
 * every sentence of the earlier articles through the engine's own sentence vectors (the index's, unit length, so a
 * dot product is their cosine). A sentence whose nearest earlier sentence stays below NEW_BELOW is new.
 */

/**
 * A sentence is new when no earlier sentence comes this close in meaning (cosine of the index's sentence vectors).
 * Measured, not guessed: `npm run eval:whatsnew` fits it on the first two articles added after the first of
 * test/fixtures/whatsnew-blind.json (a blind annotator's sentences that say something no earlier article said), and
 * scores it on the others (see docs/evaluation.md). There, as a test of "new" over every sentence, 0.905 alone
 * scores best (balanced accuracy 0.78); the nearest cosine tells new from repeated with an AUC of 0.81 there, 0.86 held out.
 */
export const NEW_BELOW = 0.905;

/**
 * Which new sentences are told when more than three are: the most novel (lowest nearest cosine) or the first in the
 * article. Fitted with NEW_BELOW: on the fit part the most novel (precision 6/6, top recall 1/5) edge out the first
 * (5/6, 1/5), a near tie.
 */
export const TOLD_ORDER: 'article' | 'novel' = 'novel';

/** At most this many sentences are told: the "up to three", and a message a phone shows whole. */
export const MAX_TOLD = 3;

/**
 * A sentence longer than this is not told: a notification is three sentences a glance can take in, and a quote is
 * never cut. The same bound as an answer's quote.
 */
export const MAX_TOLD_CHARS = MAX_QUOTE_CHARS;

/** A sentence of the arriving article: how near in meaning the nearest earlier sentence comes, and whose it is. */
export interface Judged {
  sentence: Sentence;
  /** The cosine of the nearest earlier sentence; -1 when there is none (the first article). */
  nearest: number;
  /** The article that nearest sentence is in; null when there is none. */
  nearestArticle: string | null;
}

/** Each sentence of `fresh` with its nearest sentence among `earlier`'s (all vectors by sentence id). */
export function judge(fresh: Sentence[], earlier: Sentence[], vectors: ReadonlyMap<string, Float32Array>): Judged[] {
  const before = earlier.map((s) => ({ s, v: vectors.get(s.id) })).filter((e): e is { s: Sentence; v: Float32Array } => !!e.v);
  return fresh.map((sentence) => {
    const v = vectors.get(sentence.id);
    let nearest = -1;
    let nearestArticle: string | null = null;
    if (v) {
      for (const e of before) {
        const c = dot(v, e.v);
        if (c > nearest) [nearest, nearestArticle] = [c, e.s.articleId];
      }
    }
    return { sentence, nearest, nearestArticle };
  });
}

/**
 * The sentences to tell, shown in the article's order: the new ones (below `threshold`), at most `max`, the most
 * novel first or the article's first (`order`, TOLD_ORDER), skipping one that says again what a sentence already
 * chosen says (the same threshold) and one too long to tell whole.
 */
export function chooseNew(judged: Judged[], vectors: ReadonlyMap<string, Float32Array>, threshold = NEW_BELOW, max = MAX_TOLD, order: 'article' | 'novel' = TOLD_ORDER): Judged[] {
  const chosen: Judged[] = [];
  const candidates = order === 'article' ? judged : [...judged].sort((a, b) => a.nearest - b.nearest);
  for (const j of candidates) {
    if (chosen.length >= max) break;
    if (j.nearest >= threshold || j.sentence.text.length > MAX_TOLD_CHARS) continue;
    const v = vectors.get(j.sentence.id);
    if (!v || chosen.some((c) => dot(v, vectors.get(c.sentence.id)!) >= threshold)) continue;
    chosen.push(j);
  }
  return chosen.sort((a, b) => a.sentence.start - b.sentence.start);
}

/**
 * When nothing is new: the earlier articles it repeats, most repeated first: those holding the nearest sentence of
 * most of its sentences, as many as it takes to cover at least half of them (three at most).
 */
export function repeated(judged: Judged[]): string[] {
  const count = new Map<string, number>();
  for (const j of judged) if (j.nearestArticle) count.set(j.nearestArticle, (count.get(j.nearestArticle) ?? 0) + 1);
  const order = [...count].sort((a, b) => b[1] - a[1]);
  const out: string[] = [];
  let covered = 0;
  for (const [id, n] of order) {
    if (out.length >= 3 || covered * 2 >= judged.length) break;
    out.push(id);
    covered += n;
  }
  return out;
}
