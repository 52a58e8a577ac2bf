import { readFileSync } from 'node:fs';
import { FittedModelError } from '../errors.js';
import { FEATURES, type FeatureVector } from './features.js';

/** The ranking's question-level signals of whether its first extract answers (see decision.ts). */
export const DECISION_FEATURES = ['top', 'margin', 'probability', 'exact', 'soft', 'dense', 'denseZ', 'reach', 'evidence', 'missing'] as const;
export type DecisionName = (typeof DECISION_FEATURES)[number];
export type DecisionVector = Record<DecisionName, number>;

/**
 * What `npm run fit` writes, fitted on written articles on other subjects (never on the seeds): the ranker's
 * weights, the word-similarity floor, and whether to answer.
 */
export interface FittedModel {
  /** Word-vector similarity at or below which a word earns no credit for meeting a question word. */
  floor: number;
  ranker: FeatureVector;
  /**
   * The probability that the first extract answers the question: logistic regression over the ranking's
   * question-level signals, fitted on train; answer when it reaches `threshold`, chosen on validation.
   */
  decision: { bias: number; weights: DecisionVector; threshold: number };
  /** Extracts after the first score at most this far below it (logits): measured on validation. */
  keepGap: number;
  /** How it was fitted and what it scored: for people, not used at run time. */
  provenance: Record<string, unknown>;
}

export const FITTED_MODEL_FILE = new URL('./fitted-model.json', import.meta.url);

/** Reads and checks the committed fitted model; a file fitted for other features is refused, not half-used. */
export function loadFittedModel(file: URL | string = FITTED_MODEL_FILE): FittedModel {
  let m: FittedModel;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as FittedModel;
  } catch (e) {
    throw new FittedModelError(`Cannot read the fitted ranking model ${String(file)}: ${(e as Error).message}. Run npm run fit.`, String(file));
  }
  const missing = [
    ...FEATURES.filter((f) => typeof m.ranker?.[f] !== 'number'),
    ...DECISION_FEATURES.filter((f) => typeof m.decision?.weights?.[f] !== 'number'),
    ...(['floor', 'keepGap'] as const).filter((k) => typeof m[k] !== 'number'),
    ...(['bias', 'threshold'] as const).filter((k) => typeof m.decision?.[k] !== 'number').map((k) => `decision ${k}`),
  ];
  if (missing.length) {
    throw new FittedModelError(
      `The fitted ranking model ${String(file)} does not match the code (missing: ${missing.join(', ')}). Run npm run fit.`,
      String(file),
      missing,
    );
  }
  return m;
}
