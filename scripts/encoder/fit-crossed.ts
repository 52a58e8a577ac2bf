/**
 * The fine-tuned encoder (scripts/encoder/) was trained on the written TRAIN writers' questions, the very questions
 * `npm run fit` fits the ranker and the answer decision on. On them its cosine looks better than on articles it never
 * saw, so a fit there may lean on it too much. This compares, on the VALIDATION writers (whose questions the encoder never saw):
 *
 * - ranker: fitted on train with floor and L2 chosen on validation (`npm run fit`), against fitted on the validation
 *   writers themselves, judged by leaving each validation writer out in turn (fit on the other two, rank the third's
 *   questions), floor and L2 chosen by that out-of-writer hit@1;
 * - answer decision, with the committed ranker (src/retrieval/fitted-model.json): fitted on train with the threshold
 *   chosen on validation, against fitted on the validation writers out-of-writer (each writer's confidences from a
 *   fit on the other two), the threshold chosen on those: near misses refused at the same false-abstain bound.
 * For each decision also: each validation writer's false abstentions and refused near misses at a threshold chosen
 * on the other two writers' confidences (how the false-abstain bound carries to a writer it was not chosen on).
 * Run it with that encoder switched in (SHIPPED_MODEL) and `npm run fit` run on it: it reads the committed fitted
 * model. Reports only; writes nothing. The test writers and the seeds are not read.
 *   node --import tsx scripts/encoder/fit-crossed.ts [ranker|decision] [FLOOR,...]   (both parts and every floor by default)
 */
import { existsSync } from 'node:fs';
import { rankingLogit, sigmoid } from '../../src/retrieval/decision.js';
import { loadFittedModel } from '../../src/retrieval/fitted.js';
import { askedWays, cases, chooseThreshold, decisionRows, fitRanker, FLOORS, L2, openWritten, outOfWriter, rankHits, type Case } from '../fitting.js';
import { readWritten, sharedWritten, WRITERS, type Labelled } from '../questions.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const writerOf = (q: Labelled) => q.id.slice(0, 2);

if (!existsSync(sharedWritten())) throw new Error(`${sharedWritten()} not found: ../shared must sit beside the project (writers wA-wC)`);
const validation = readWritten('validation');
const model = loadFittedModel();
const engine = await openWritten([...WRITERS.train, ...WRITERS.validation], model);

const chosen = model.provenance.chosen as { validationHitAt1: number; l2: number } | undefined;
const part = process.argv[2];
if (part !== 'decision') {
  console.log(`ranker as committed (fitted on train): validation hit@1 ${pct(chosen?.validationHitAt1 ?? NaN)} (floor ${model.floor}, l2 ${chosen?.l2})`);
  let best: { floor: number; l2: number; hit1: number; hit3: number } | null = null;
  const floors = process.argv[3] ? process.argv[3].split(',').map(Number) : FLOORS;
  for (const floor of floors) {
    const va: Case[] = await cases(engine, validation, floor);
    for (const l2 of L2) {
      let hit1 = 0;
      let hit3 = 0;
      let n = 0;
      for (const w of WRITERS.validation) {
        const held = va.filter((c) => writerOf(c.q) === w);
        const weights = fitRanker(
          va.filter((c) => writerOf(c.q) !== w),
          l2,
        );
        const k = held.filter((c) => !c.q.abstain).length;
        const h = rankHits(held, weights);
        hit1 += h.hit1 * k;
        hit3 += h.hit3 * k;
        n += k;
      }
      const row = { floor, l2, hit1: hit1 / n, hit3: hit3 / n };
      console.log(`fitted on validation, out-of-writer: floor ${floor} l2 ${l2}: hit@1 ${pct(row.hit1)} hit@3 ${pct(row.hit3)}`);
      if (!best || row.hit1 > best.hit1) best = row;
    }
  }
  console.log(`ranker fitted on validation, best out-of-writer: floor ${best!.floor} l2 ${best!.l2}: hit@1 ${pct(best!.hit1)} hit@3 ${pct(best!.hit3)}`);
}
if (part === 'ranker') process.exit(0);

// The answer decision, with the committed ranker: validation questions asked the three ways `npm run fit` asks them.
const rows = await decisionRows(await askedWays(engine, validation, WRITERS.train, model), model);
const foreignFrom = rows.questions.length - validation.length;
const report = (label: string, conf: number[], threshold: number) => {
  const share = (pick: (q: Labelled, i: number) => boolean) => {
    const k = rows.questions.flatMap((q, i) => (pick(q, i) ? [i] : []));
    return k.filter((i) => conf[i] < threshold).length / k.length;
  };
  console.log(
    `decision ${label}: threshold ${threshold}: false-abstain ${pct(share((q, i) => !q.abstain && i < foreignFrom))}, ` +
      `near misses refused ${pct(share((q, i) => !!q.abstain && i < foreignFrom))}, not held refused ${pct(share((_, i) => i >= foreignFrom))}`,
  );
};
// the threshold chosen on two validation writers' questions, applied to the third's
const transfer = (label: string, conf: number[]) => {
  for (const w of WRITERS.validation) {
    const others = rows.questions.flatMap((q, i) => (writerOf(q) !== w && i < foreignFrom ? [i] : []));
    const t = chooseThreshold(others.map((i) => conf[i]), others.map((i) => rows.questions[i])).threshold;
    const own = (abstain: boolean) => rows.questions.flatMap((q, i) => (writerOf(q) === w && !!q.abstain === abstain && i < foreignFrom ? [i] : []));
    const refused = (k: number[]) => pct(k.filter((i) => conf[i] < t).length / k.length);
    console.log(`decision ${label}, threshold from the other validation writers (${t}): ${w} false-abstain ${refused(own(false))}, near misses refused ${refused(own(true))}`);
  }
};
const committed = rows.signals.map((v) => sigmoid(rankingLogit(v, { ...model.decision, threshold: 0 })));
report('as committed (fitted on train)', committed, model.decision.threshold);
transfer('as committed', committed);
const crossed = outOfWriter(rows, WRITERS.validation);
report('fitted on validation, out-of-writer', crossed, chooseThreshold(crossed, rows.questions).threshold);
transfer('fitted on validation, out-of-writer', crossed);
