import { EVIDENCE_KINDS } from './evidence.js';
import { DECISION_FEATURES, type DecisionVector, type FittedModel } from './model.js';
import { credits, reach, type Query, type Ranked, type SearchSpace } from './rank.js';

export interface Decision {
  /** Calibrated probability that the articles answer the question (logistic, fitted on training questions). */
  confidence: number;
  answer: boolean;
  features: DecisionVector;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** What the whole ranking says about whether the question is answerable at all. */
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

export function confidenceOf(v: DecisionVector, decision: FittedModel['decision']): number {
  return sigmoid(DECISION_FEATURES.reduce((s, f) => s + decision.weights[f] * v[f], decision.bias));
}

/** Answer or abstain: the calibrated confidence against the threshold chosen on validation questions. */
export function decide(space: SearchSpace, query: Query, ranked: Ranked[], model: FittedModel): Decision {
  const features = decisionFeatures(space, query, ranked);
  const confidence = confidenceOf(features, model.decision);
  return { confidence, answer: ranked.length > 0 && confidence >= model.threshold, features };
}
