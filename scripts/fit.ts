/**
 * `npm run fit`: fits the ranker and the answer decision on written articles about other subjects (never the seeds)
 * and writes src/retrieval/fitted-model.json. Deterministic: full-batch gradient descent from zero weights
 * (scripts/fitting.ts). Train and validation are the written articles' writers in scripts/questions.ts; the test
 * writers and the seeds are never read here, so `npm run eval` judges every fitted number on articles it never saw.
 *
 * - Ranker: a listwise (softmax) logistic model over each question's candidate sentences, fitted on train: it
 *   maximises the probability of the sentences whose quote holds an expected phrase. The word-similarity floor and
 *   the L2 strength are chosen by hit@1 on validation. When no fit beats the sentence vectors alone (plain dense
 *   retrieval) on validation, the ranker is plain dense retrieval.
 * - Extract gap: how far below the first the later extracts may score.
 * - Answer decision: logistic regression on the ranking's question-level signals, fitted on train, giving the
 *   probability that the first extract is right; the threshold is the highest that keeps false abstentions on
 *   validation at or below MAX_FALSE_ABSTAIN. Each split's questions are asked in the whole written corpus, in their
 *   own writer's articles alone (a small corpus, as the seeds are), and in the other split's articles alone (all
 *   unanswerable there: questions about articles the corpus does not hold).
 * `npm run fit -- --decision-only` keeps the committed ranker, floor and extract gap and fits the decision again.
 */
import { writeFileSync } from 'node:fs';
import { FITTED_MODEL_FILE, loadFittedModel, type FittedModel } from '../src/retrieval/fitted.js';
import { rankingLogit, sigmoid } from '../src/retrieval/decision.js';
import { holdsExpected, WRITERS, type Labelled } from './questions.js';
import { askedWays, chooseRanker, chooseThreshold, decisionRows, DECISION_L2, fitDecision, MAX_FALSE_ABSTAIN, openFitting, rankerOf, round, seedModel } from './fitting.js';

/** Share of right sentences ranked 2nd or 3rd on validation that the extract gap must still show. */
const KEEP_SHARE = 0.95;

async function main(): Promise<void> {
  const { train, validation, engine, cache } = await openFitting();
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  let model: FittedModel;
  let rankerProvenance: Record<string, unknown>;
  if (process.argv.includes('--decision-only')) {
    // the committed ranker, floor and extract gap kept: only the answer decision is fitted again
    const committed = loadFittedModel();
    model = { ...seedModel(), floor: committed.floor, ranker: committed.ranker, keepGap: committed.keepGap };
    const { ranks, chosen, grid } = committed.provenance;
    rankerProvenance = { ranks, chosen, grid };
    console.log('ranker, floor and extract gap: the committed ones');
  } else {
    const log = (g: { floor: number; l2: number; train: { hit1: number; hit3: number }; validation: { hit1: number; hit3: number } }) =>
      console.log(`floor ${g.floor} l2 ${g.l2}: hit@1 train ${pct(g.train.hit1)} validation ${pct(g.validation.hit1)}; hit@3 train ${pct(g.train.hit3)} validation ${pct(g.validation.hit3)}`);
    const { best: fitted, grid } = await chooseRanker(cache, { log });
    // plain dense retrieval: the sentence vectors' cosine alone (any positive weight orders the same)
    const { best: dense } = await chooseRanker(cache, { use: ['dense'], floors: [fitted.floor], l2s: [Math.min(...grid.map((g) => g.l2))] });
    const best = fitted.validation.hit1 > dense.validation.hit1 ? fitted : dense;
    console.log(`validation hit@1: fitted ranker ${pct(fitted.validation.hit1)}, plain dense ${pct(dense.validation.hit1)}: ${best === fitted ? 'the fitted ranker' : 'plain dense'} ranks`);
    model = { ...seedModel(), floor: best.floor, ranker: rankerOf(best.w) };

    // How far below the best the right sentences ranked 2nd and 3rd lie: the gap that keeps KEEP_SHARE of them.
    const gaps: number[] = [];
    for (const q of validation.filter((x) => !x.abstain)) {
      const ranked = (await engine.retrieve(q.q, model))?.ranked ?? [];
      ranked.slice(1, 3).forEach((r) => {
        if (holdsExpected(engine.quoteOf(r.sentence), q)) gaps.push(ranked[0].score - r.score);
      });
    }
    gaps.sort((a, b) => a - b);
    model.keepGap = round(gaps[Math.min(gaps.length - 1, Math.ceil(KEEP_SHARE * gaps.length) - 1)] ?? 0, 3);
    console.log(`extract gap ${model.keepGap} keeps ${Math.round(KEEP_SHARE * 100)}% of ${gaps.length} right sentences ranked 2nd-3rd on validation`);
    rankerProvenance = {
      ranks: best === fitted ? 'fitted ranker' : 'plain dense (no fit beat it on validation)',
      chosen: { floor: best.floor, l2: best.l2, validationHitAt1: round(best.validation.hit1), plainDenseValidationHitAt1: round(dense.validation.hit1) },
      grid: grid.map((g) => ({ floor: g.floor, l2: g.l2, train: round(g.train.hit1), validation: round(g.validation.hit1) })),
    };
  }

  // The decision learns whether the first extract is right: its probability is then the confidence a reply shows.
  const fitRows = await decisionRows(await askedWays(engine, train, WRITERS.validation, model), model);
  const fit = fitDecision(fitRows.signals, fitRows.right, DECISION_L2);
  const ways = await askedWays(engine, validation, WRITERS.train, model);
  const rows = await decisionRows(ways, model);
  const confidences = rows.signals.map((v) => sigmoid(rankingLogit(v, { ...fit, threshold: 0 })));
  const t = chooseThreshold(confidences, rows.questions);
  model.decision = { ...fit, threshold: t.threshold };
  const refused = (kind: (q: Labelled, i: number) => boolean) => {
    const k = rows.questions.flatMap((q, i) => (kind(q, i) ? [i] : []));
    return round(k.filter((i) => confidences[i] < t.threshold).length / k.length);
  };
  const foreignFrom = rows.questions.length - validation.length;
  const refusedNearMisses = refused((q, i) => !!q.abstain && i < foreignFrom);
  const refusedForeign = refused((_, i) => i >= foreignFrom);
  const refusedOwn = refused((q, i) => !q.abstain && i >= validation.length && i < foreignFrom);
  console.log(
    `answer at confidence >= ${t.threshold}: validation false-abstain ${pct(t.falseAbstain)} (in their own writer's articles alone ${pct(refusedOwn)}); ` +
      `refused ${pct(refusedNearMisses)} of the near misses, ${pct(refusedForeign)} of the questions about articles not held`,
  );
  for (const [lo, hi] of [[0.9, 1.01], [0.7, 0.9], [0.5, 0.7], [0, 0.5]]) {
    const k = confidences.flatMap((c, i) => (c >= lo && c < hi ? [i] : []));
    console.log(`validation confidence ${lo}-${Math.min(hi, 1)}: ${k.length} questions, first extract right ${k.length ? pct(k.filter((i) => rows.right[i]).length / k.length) : '-'}`);
  }

  model.provenance = {
    fittedBy: 'npm run fit (scripts/fit.ts)',
    articles: 'written articles on other subjects: ../shared/eval/invented/ and test/fixtures/written/ (never the seeds)',
    train: `writers ${WRITERS.train.join(', ')} (${train.length} questions)`,
    validation: `writers ${WRITERS.validation.join(', ')} (${validation.length} questions)`,
    ...rankerProvenance,
    decision: {
      askedIn: "the whole written corpus, each writer's articles alone, and (all unanswerable) the other split's articles alone",
      validationNearMissesRefused: refusedNearMisses,
      validationNotHeldRefused: refusedForeign,
      validationFalseAbstain: round(t.falseAbstain),
      falseAbstainAllowed: `${t.allowed}/${t.answerable} (${Math.round(MAX_FALSE_ABSTAIN * 100)}%)`,
    },
  };
  writeFileSync(FITTED_MODEL_FILE, `${JSON.stringify(model, (k, v) => (typeof v === 'number' && !['floor', 'l2', 'keepGap', 'threshold'].includes(k) ? round(v, 6) : v), 2)}\n`);
  console.log(`wrote ${FITTED_MODEL_FILE.pathname}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
