/**
 * `npm run fit`: fits the ranker and the answer/abstain decision on the blind question sets and writes
 * src/retrieval/fitted-model.json. Deterministic: full-batch gradient descent from zero weights (scripts/fitting.ts).
 *
 * - Ranker: a listwise (softmax) logistic model over each question's candidate sentences, fitted on
 *   test/fixtures/questions/train.jsonl: it maximises the probability of the sentences whose quote holds an
 *   expected phrase. The word-similarity floor and the L2 strength are chosen by hit@1 on validation.jsonl.
 * - Decision: logistic regression on question-level signals (answerable vs not), fitted on train; the
 *   threshold is the highest that keeps false abstentions on validation at or below MAX_FALSE_ABSTAIN.
 * The test split is never read here.
 */
import { writeFileSync } from 'node:fs';
import { FITTED_MODEL_FILE, type FittedModel } from '../src/retrieval/model.js';
import { holdsExpected } from './questions.js';
import { chooseRanker, chooseThreshold, DECISION_L2, decisionSignals, fitDecision, MAX_FALSE_ABSTAIN, openFitting, rankerOf, round, seedModel } from './fitting.js';

/** Share of right sentences ranked 2nd or 3rd on validation that the extract gap must still show. */
const KEEP_SHARE = 0.95;

async function main(): Promise<void> {
  const { train, validation, engine, cache } = await openFitting();
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const { best, grid } = await chooseRanker(cache, {
    log: (g) =>
      console.log(`floor ${g.floor} l2 ${g.l2}: hit@1 train ${pct(g.train.hit1)} validation ${pct(g.validation.hit1)}; hit@3 train ${pct(g.train.hit3)} validation ${pct(g.validation.hit3)}`),
  });
  const model: FittedModel = { ...seedModel(), floor: best.floor, ranker: rankerOf(best.w) };

  // How far below the best the right sentences ranked 2nd and 3rd lie: the gap that keeps KEEP_SHARE of them.
  const gaps: number[] = [];
  for (const q of validation.filter((x) => !x.abstain)) {
    const ranked = (await engine.retrieve(q.q, model))?.ranked ?? [];
    ranked.slice(1, 3).forEach((r) => {
      if (holdsExpected(r.sentence.text, q)) gaps.push(ranked[0].score - r.score);
    });
  }
  gaps.sort((a, b) => a - b);
  model.keepGap = round(gaps[Math.min(gaps.length - 1, Math.ceil(KEEP_SHARE * gaps.length) - 1)] ?? 0, 3);
  console.log(`extract gap ${model.keepGap} keeps ${Math.round(KEEP_SHARE * 100)}% of ${gaps.length} right sentences ranked 2nd-3rd on validation`);

  model.decision = fitDecision(await decisionSignals(engine, train, model), train.map((q) => (q.abstain ? 0 : 1)), DECISION_L2);
  const t = chooseThreshold(await decisionSignals(engine, validation, model), validation, model.decision);
  model.threshold = t.threshold;
  console.log(`decision threshold ${t.threshold.toFixed(4)}: validation false-abstain ${t.allowed}/${t.answerable} allowed (${Math.round(MAX_FALSE_ABSTAIN * 100)}%), abstain ${pct(t.abstain)}`);

  model.provenance = {
    fittedBy: 'npm run fit (scripts/fit.ts)',
    train: `test/fixtures/questions/train.jsonl (${train.length} questions)`,
    validation: `test/fixtures/questions/validation.jsonl (${validation.length} questions)`,
    chosen: { floor: best.floor, l2: best.l2, validationHitAt1: round(best.validation.hit1) },
    grid: grid.map((g) => ({ floor: g.floor, l2: g.l2, train: round(g.train.hit1), validation: round(g.validation.hit1) })),
    validationAbstain: round(t.abstain),
    validationFalseAbstainAllowed: `${t.allowed}/${t.answerable}`,
  };
  writeFileSync(FITTED_MODEL_FILE, `${JSON.stringify(model, (k, v) => (typeof v === 'number' && !['floor', 'l2', 'keepGap', 'threshold'].includes(k) ? round(v, 6) : v), 2)}\n`);
  console.log(`wrote ${FITTED_MODEL_FILE.pathname}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
