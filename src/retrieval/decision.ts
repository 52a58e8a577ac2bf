import { EVIDENCE_KINDS } from './evidence.js';
import { DECISION_FEATURES, type DecisionVector, type FittedModel } from './model.js';
import { credits, reach, type Query, type Ranked, type SearchSpace } from './rank.js';

/** How the reader's logits are used: fitted on validation by `npm run fit` (scripts/fit.ts). */
export interface ReaderFit {
  /** How many of the first stage's best candidates the reader reads. */
  candidates: number;
  /** Their order: the reader's logit and the ranker's score (relative to the first stage's best) weighed together. */
  weights: { logit: number; score: number };
  /** Whether to answer: a logistic model over the reader's best logit and the first stage's answerability logit. */
  answer: { reader: number; ranking: number; bias: number };
  /** Answer when that model's probability reaches this. */
  threshold: number;
}

export interface Decision {
  /** The probability that the articles answer the question, from what the reader and the ranking found. */
  confidence: number;
  answer: boolean;
}

/** The ranking after the reader, and whether to answer at all. */
export interface Judged {
  ranked: Ranked[];
  decision: Decision;
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** What the first stage's ranking says about whether the question is answerable at all. */
export function decisionFeatures(space: SearchSpace, query: Query, ranked: Ranked[]): DecisionVector {
  const [best, second] = ranked;
  const v = Object.fromEntries(DECISION_FEATURES.map((f) => [f, 0])) as DecisionVector;
  v.reach = reach(query.words);
  if (!best) return v;
  v.top = best.score;
  v.margin = second ? best.score - second.score : 1;
  const z = ranked.reduce((s, r) => s + Math.exp(r.score - best.score), 0);
  v.probability = 1 / z;
  v.exact = best.features.exact;
  v.soft = best.features.soft;
  v.denseZ = best.features.denseZ;
  // the weightiest specific question word the best sentence leaves unmet, relative to a word no sentence holds
  const unmet = credits(space, query.words, best.index).map((c, j) => query.words[j].idf * query.words[j].specificity * (1 - c));
  v.missing = Math.max(0, ...unmet) / space.lexicon.idf('');
  const asked = EVIDENCE_KINDS.filter((k) => query.question.kinds.includes(k));
  // 1 when the best sentence holds what the question asks for (or it asks for no particular kind)
  v.evidence = query.question.subject
    ? best.features.definition
    : asked.length
      ? Math.max(...asked.map((k) => best.features[k]))
      : 1;
  return v;
}

/** The first stage's log-odds that the question is answerable (logistic over its signals, fitted on train). */
export function rankingLogit(v: DecisionVector, decision: FittedModel['decision']): number {
  return DECISION_FEATURES.reduce((s, f) => s + decision.weights[f] * v[f], decision.bias);
}

/** The read candidates (the first `logits.length`) re-ordered by the fitted mix; the rest keep the first stage's order. */
export function readOrder(ranked: Ranked[], logits: number[], weights: ReaderFit['weights']): Ranked[] {
  const top = ranked[0]?.score ?? 0;
  const read = logits.map((logit, i) => ({ r: ranked[i], mix: weights.logit * logit + weights.score * (ranked[i].score - top), i }));
  read.sort((a, b) => b.mix - a.mix || a.i - b.i);
  return [...read.map((x) => x.r), ...ranked.slice(logits.length)];
}

/**
 * The probability that the articles answer the question: the reader's surest logit, with the first stage's view
 * beside it (the reader was trained on the seed articles' sentences; the ranking's signals also hold for articles
 * added since).
 */
export function confidenceOf(logits: number[], ranking: number, fit: ReaderFit['answer']): number {
  if (!logits.length) return 0;
  return sigmoid(fit.bias + fit.reader * Math.max(...logits) + fit.ranking * ranking);
}

/** Answer or abstain on what the reader and the ranking found, and the order to quote in. */
export function decide(ranked: Ranked[], logits: number[], signals: DecisionVector, model: FittedModel): Judged {
  const confidence = confidenceOf(logits, rankingLogit(signals, model.decision), model.reader.answer);
  return { ranked: readOrder(ranked, logits, model.reader.weights), decision: { confidence, answer: logits.length > 0 && confidence >= model.reader.threshold } };
}
