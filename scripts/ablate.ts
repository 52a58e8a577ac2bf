/**
 * `npm run ablate`: what each ranking signal adds, on validation. Every ranking feature is dropped in turn and the
 * ranker refitted (floor and L2 re-chosen on validation, as `npm run fit` does). Plus reduced rankers: sentence
 * vectors only, lexical only (BM25 and exact coverage), and no word-level meaning credit (no similar word earns
 * anything). Prints a markdown table. The test split is never read.
 */
import { FEATURES, type FeatureName } from '../src/retrieval/features.js';
import { chooseRanker, openFitting, type RankerChoice } from './fitting.js';

/** Similarity never exceeds 1: at this floor no similar word earns credit, only the word itself. */
const NO_WORD_CREDIT = 1;

async function main(): Promise<void> {
  const { cache } = await openFitting();
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
  for (const [name, opts] of variants) {
    rows.push(rankerRow(name, (await chooseRanker(cache, opts)).best));
    console.error(rows.at(-1));
  }
  console.log('Ranking (ranker-level hit@1/hit@3 on answerable questions; floor and L2 re-chosen on validation):\n');
  console.log('| variant | floor | L2 | train hit@1 | validation hit@1 | validation hit@3 |\n| --- | --- | --- | --- | --- | --- |');
  console.log(rows.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
