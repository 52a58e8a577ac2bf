/**
 * `npm run ablate`: what each signal adds, on validation. Every ranking feature is dropped in turn and the ranker
 * refitted (floor and L2 re-chosen on validation, as `npm run fit` does); every decision feature is dropped in turn
 * and the decision refitted over the full ranker, its threshold re-chosen (false abstentions <= 3% on validation).
 * Plus three reduced rankers: sentence vectors only, lexical only (BM25 and exact coverage), and no word-level
 * meaning credit (no similar word earns anything). Prints markdown tables. The test split is never read.
 * `npm run ablate -- --decision` runs only the decision part.
 */
import { FEATURES, type FeatureName } from '../src/retrieval/features.js';
import { DECISION_FEATURES, type DecisionName, type FittedModel } from '../src/retrieval/model.js';
import { confidenceOf } from '../src/retrieval/decision.js';
import { chooseRanker, chooseThreshold, DECISION_L2, decisionSignals, fitDecision, openFitting, rankerOf, seedModel, type RankerChoice } from './fitting.js';

/** Similarity never exceeds 1: at this floor no similar word earns credit, only the word itself. */
const NO_WORD_CREDIT = 1;

async function main(): Promise<void> {
  const { train, validation, engine, cache } = await openFitting();
  const pct = (x: number) => (100 * x).toFixed(1);
  const delta = (x: number, base: number) => `${x >= base ? '+' : ''}${(100 * (x - base)).toFixed(1)}`;

  const { best: full } = await chooseRanker(cache);
  const rankerRow = (name: string, c: RankerChoice) =>
    `| ${name} | ${c.floor} | ${c.l2} | ${pct(c.train.hit1)} | ${pct(c.validation.hit1)} (${delta(c.validation.hit1, full.validation.hit1)}) | ${pct(c.validation.hit3)} (${delta(c.validation.hit3, full.validation.hit3)}) |`;
  const rows = [rankerRow('full model', full)];
  const variants: [string, { use?: readonly FeatureName[]; floors?: number[] }][] = [
    ...FEATURES.map((f): [string, { use: FeatureName[] }] => [`without ${f}`, { use: FEATURES.filter((g) => g !== f) }]),
    ['sentence vector only (dense)', { use: ['dense'] }],
    ['vectors only (dense, denseZ, passage)', { use: ['dense', 'denseZ', 'passage'] }],
    ['lexical only (bm25, exact)', { use: ['bm25', 'exact'] }],
    ['no word-level meaning credit', { floors: [NO_WORD_CREDIT] }],
  ];
  for (const [name, opts] of process.argv.includes('--decision') ? [] : variants) {
    rows.push(rankerRow(name, (await chooseRanker(cache, opts)).best));
    console.error(rows.at(-1));
  }
  console.log('Ranking (ranker-level hit@1/hit@3 on answerable questions; floor and L2 re-chosen on validation):\n');
  console.log('| variant | floor | L2 | train hit@1 | validation hit@1 | validation hit@3 |\n| --- | --- | --- | --- | --- | --- |');
  console.log(rows.join('\n'));

  // the decision over the full ranker
  const model: FittedModel = { ...seedModel(), floor: full.floor, ranker: rankerOf(full.w) };
  const [trainSignals, valSignals] = [await decisionSignals(engine, train, model), await decisionSignals(engine, validation, model)];
  const ys = train.map((q) => (q.abstain ? 0 : 1));
  const [, va] = await cache.get(full.floor);
  const rightFirst = va.map((c) => {
    const scores = c.rows.map((r) => r.reduce((s, x, k) => s + x * full.w[k], 0));
    const top = scores.indexOf(Math.max(...scores));
    return top >= 0 && c.positive[top];
  });
  const decisionRow = (name: string, use: readonly DecisionName[]) => {
    const decision = fitDecision(trainSignals, ys, DECISION_L2, use);
    const t = chooseThreshold(valSignals, validation, decision);
    const answered = valSignals.map((v) => confidenceOf(v, decision) >= t.threshold);
    const answerable = validation.filter((q) => !q.abstain).length;
    const hit1 = rightFirst.filter((h, i) => h && answered[i]).length / answerable;
    return { name, ...t, hit1 };
  };
  const base = decisionRow('full decision', DECISION_FEATURES);
  const drows = [base, ...DECISION_FEATURES.map((f) => decisionRow(`without ${f}`, DECISION_FEATURES.filter((g) => g !== f)))];
  console.log('\nDecision (over the full ranker; threshold re-chosen so validation false-abstain <= 3%; hit@1 counts a refusal as a miss):\n');
  console.log('| variant | threshold | validation abstain (unanswerable) | validation false-abstain | validation hit@1 answered |\n| --- | --- | --- | --- | --- |');
  for (const r of drows) console.log(`| ${r.name} | ${r.threshold.toFixed(3)} | ${pct(r.abstain)} (${delta(r.abstain, base.abstain)}) | ${pct(r.falseAbstain)} | ${pct(r.hit1)} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
