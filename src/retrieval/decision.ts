import type { Ranked } from './rank.js';

/** How the reader's logits are used: fitted on validation by `npm run fit` (scripts/fit.ts). */
export interface ReaderFit {
  /** How many of the first stage's best candidates the reader reads. */
  candidates: number;
  /** Their order: the reader's logit and the ranker's score (relative to the first stage's best) weighed together. */
  weights: { logit: number; score: number };
  /** Answer when the reader's probability that its surest sentence states the answer reaches this. */
  threshold: number;
}

export interface Decision {
  /** The reader's probability that the sentence it is surest of states the answer. */
  confidence: number;
  answer: boolean;
}

/** The ranking after the reader, and whether to answer at all. */
export interface Judged {
  ranked: Ranked[];
  decision: Decision;
}

/** The reader's probability that the sentence it is surest of states the answer (0 when it read none). */
export function confidenceOf(logits: number[]): number {
  return logits.length ? 1 / (1 + Math.exp(-Math.max(...logits))) : 0;
}

/** The read candidates (the first `logits.length`) re-ordered by the fitted mix; the rest keep the first stage's order. */
export function readOrder(ranked: Ranked[], logits: number[], weights: ReaderFit['weights']): Ranked[] {
  const top = ranked[0]?.score ?? 0;
  const read = logits.map((logit, i) => ({ r: ranked[i], mix: weights.logit * logit + weights.score * (ranked[i].score - top), i }));
  read.sort((a, b) => b.mix - a.mix || a.i - b.i);
  return [...read.map((x) => x.r), ...ranked.slice(logits.length)];
}

/** Answer or abstain on what the reader found, and the order to quote in. */
export function decide(ranked: Ranked[], logits: number[], fit: ReaderFit): Judged {
  const confidence = confidenceOf(logits);
  return { ranked: readOrder(ranked, logits, fit.weights), decision: { confidence, answer: logits.length > 0 && confidence >= fit.threshold } };
}
