/**
 * The signals the ranker weighs, one vector per (question, candidate sentence). Each is a plain measurement in
 * about [0, 1]; how much each counts is fitted on training questions (scripts/fit.ts), never set by hand.
 */
export const FEATURES = [
  'exact', // share of the question's term weight (idf) the sentence holds as such
  'soft', // the same share when a word may be met by a similar word (word vectors above the floor)
  'bm25', // BM25 relative to the question's best
  'dense', // cosine of sentence and question vectors
  'denseZ', // how far that cosine stands above the corpus's, in standard deviations (/4)
  'passage', // cosine of the sentence's passage and the question
  'antecedent', // the sentence opens with a pronoun or "the agreement": the soft share of the sentence before
  'neighbour', // the best soft share of the sentences just before and after, in the same paragraph
  'time', // the question asks when, and the sentence holds a time
  'quantity', // … how many/much, and the sentence holds an amount
  'person', // … who, and the sentence names a person or a group the question does not
  'place', // … where, and the sentence names a place the question does not
  'reason', // … why, and the sentence gives a cause or purpose
  'definition', // … what is X, and the sentence says what X is (0.5), names or spells it out (0.5), or both (1)
  'novelty', // share of the sentence's content words the question does not use: an answer adds something
  'length', // content words / 40: long sentences mention many words without answering
] as const;

export type FeatureName = (typeof FEATURES)[number];
export type FeatureVector = Record<FeatureName, number>;

/** The features that are cheap to compute for every candidate; the rest only for the best of them. */
export const CHEAP_FEATURES: FeatureName[] = ['exact', 'soft', 'bm25', 'dense', 'denseZ', 'passage'];

export function emptyFeatures(): FeatureVector {
  return Object.fromEntries(FEATURES.map((f) => [f, 0])) as FeatureVector;
}

export function toArray(f: FeatureVector): number[] {
  return FEATURES.map((name) => f[name]);
}

/** Linear score of a feature vector: the ranker's logit. */
export function linear(weights: FeatureVector, f: Partial<FeatureVector>): number {
  let s = 0;
  for (const name of FEATURES) s += weights[name] * (f[name] ?? 0);
  return s;
}
