import { EVIDENCE_KINDS } from './evidence.js';
import { DECISION_FEATURES, type DecisionVector, type FittedModel } from './fitted.js';
import { credits, reach, type Query, type Ranked, type SearchSpace } from './rank.js';

export interface Decision {
  /** The probability that the first extract answers the question (fitted on written articles, see fitted.ts). */
  confidence: number;
  answer: boolean;
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** What the ranking says about whether its first extract answers the question. */
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
  v.dense = best.features.dense;
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

/** The ranking's log-odds that its first extract answers the question (logistic over its signals, fitted on train). */
export function rankingLogit(v: DecisionVector, decision: FittedModel['decision']): number {
  return DECISION_FEATURES.reduce((s, f) => s + decision.weights[f] * v[f], decision.bias);
}

/** Answer or abstain on what the ranking found. */
export function decide(signals: DecisionVector, decision: FittedModel['decision']): Decision {
  const confidence = sigmoid(rankingLogit(signals, decision));
  return { confidence, answer: confidence >= decision.threshold };
}
