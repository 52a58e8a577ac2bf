/**
 * `npm run fit`: fits the ranker and the answer/abstain decision on the blind question sets and writes
 * src/retrieval/fitted-model.json. Deterministic: full-batch gradient descent from zero weights (scripts/fitting.ts).
 *
 * - Ranker: a listwise (softmax) logistic model over each question's candidate sentences, fitted on
 *   test/fixtures/questions/train.jsonl: it maximises the probability of the sentences whose quote holds an
 *   expected phrase. The word-similarity floor and the L2 strength are chosen by hit@1 on validation.jsonl.
 * - The first stage's answerability: logistic regression on question-level signals of the ranking, fitted on train.
 * - Reader (the second stage, models/trip-reader, trained on train's candidates by scripts/reader/train.py): on
 *   validation, for each number of candidates it may read, the order (reader logit and ranker score, listwise fit),
 *   whether to answer (logistic regression on the reader's best logit and the first stage's log-odds) and the
 *   threshold on that probability, the highest that keeps false abstentions at or below MAX_FALSE_ABSTAIN.
 *   The number is the one with the best validation hit@1 plus abstention (the two targets); fewer on ties.
 *   Validation, not train: the reader has seen train's candidates, so its logits there are over-confident.
 * The test split is never read here.
 */
import { writeFileSync } from 'node:fs';
import { FITTED_MODEL_FILE, type FittedModel } from '../src/retrieval/model.js';
import { confidenceOf, rankingLogit, sigmoid, type ReaderFit } from '../src/retrieval/decision.js';
import type { Ranked } from '../src/retrieval/rank.js';
import { holdsExpected, type Labelled } from './questions.js';
import { chooseRanker, chooseThreshold, decisionSignals, DECISION_L2, fitDecision, fitListwise, fitLogistic, L2, MAX_FALSE_ABSTAIN, openFitting, rankerOf, rankHits, round, seedModel, type Case, type ThresholdChoice } from './fitting.js';

/** Share of right sentences ranked 2nd or 3rd on validation that the extract gap must still show. */
const KEEP_SHARE = 0.95;
/** How many candidates the reader may read: each costs about 10 ms on a 2-core machine. */
const READ_COUNTS = [3, 5, 8];

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

  // Each validation question's first stage and the reader's logits for its best candidates, once: the reader reads
  // each candidate alone, so the first n of them are what it gives when it reads n.
  const most = Math.max(...READ_COUNTS);
  const firsts: { q: Labelled; top: Ranked[]; read: number[]; positive: boolean[]; ranking: number }[] = [];
  for (const q of validation) {
    const r = await engine.retrieve(q.q, model);
    const top = r?.ranked.slice(0, most) ?? [];
    const ranking = r ? rankingLogit(r.signals, model.decision) : -Infinity;
    const read = r ? await engine.readLogits(r, most) : [];
    firsts.push({ q, top, read, positive: top.map((x) => holdsExpected(engine.quoteOf(x.sentence), q)), ranking });
  }
  const alone = chooseThreshold(firsts.map((f) => sigmoid(f.ranking)), validation);
  console.log(`the first stage's answerability alone: validation abstain ${pct(alone.abstain)} (false-abstain ${pct(alone.falseAbstain)})`);
  const answerable = validation.map((q) => (q.abstain ? 0 : 1));
  const choices: { candidates: number; weights: ReaderFit['weights']; answer: ReaderFit['answer']; t: ThresholdChoice; hit1: number; hit3: number }[] = [];
  for (const candidates of READ_COUNTS) {
    const logits = firsts.map((f) => f.read.slice(0, candidates));
    const cs: Case[] = firsts.map(({ q, top, positive }, k) => ({
      q,
      rows: logits[k].map((l, i) => [l, top[i].score - top[0].score]),
      positive: positive.slice(0, candidates),
    }));
    // only the ratio of the two weights orders candidates: the weakest of the ranker's L2 strengths
    const [logit, score] = fitListwise(cs, Math.min(...L2), [1, 1]);
    // whether to answer: the reader's surest logit beside the first stage's log-odds (questions it read at all)
    const read = firsts.flatMap((f, k) => (logits[k].length ? [k] : []));
    const fit = fitLogistic(
      read.map((k) => [Math.max(...logits[k]), firsts[k].ranking]),
      read.map((k) => answerable[k]),
      DECISION_L2,
    );
    const answer = { reader: fit.w[0], ranking: fit.w[1], bias: fit.bias };
    const t = chooseThreshold(firsts.map((f, k) => confidenceOf(logits[k], f.ranking, answer)), validation);
    const { hit1, hit3 } = rankHits(cs, [logit, score]);
    console.log(`reader reads ${candidates}: validation hit@1 ${pct(hit1)} hit@3 ${pct(hit3)}, threshold ${t.threshold.toFixed(4)} abstains on ${pct(t.abstain)} (false-abstain ${pct(t.falseAbstain)})`);
    choices.push({ candidates, weights: { logit: round(logit, 6), score: round(score, 6) }, answer, t, hit1, hit3 });
  }
  const chosen = choices.reduce((a, b) => (b.hit1 + b.t.abstain > a.hit1 + a.t.abstain ? b : a));
  model.reader = { candidates: chosen.candidates, weights: chosen.weights, answer: chosen.answer, threshold: chosen.t.threshold };
  console.log(`reader: ${JSON.stringify(model.reader)}`);

  model.provenance = {
    fittedBy: 'npm run fit (scripts/fit.ts)',
    train: `test/fixtures/questions/train.jsonl (${train.length} questions)`,
    validation: `test/fixtures/questions/validation.jsonl (${validation.length} questions)`,
    chosen: { floor: best.floor, l2: best.l2, validationHitAt1: round(best.validation.hit1) },
    grid: grid.map((g) => ({ floor: g.floor, l2: g.l2, train: round(g.train.hit1), validation: round(g.validation.hit1) })),
    reader: READ_COUNTS.map((_, k) => ({
      candidates: choices[k].candidates,
      validationHitAt1: round(choices[k].hit1),
      validationHitAt3: round(choices[k].hit3),
      validationAbstain: round(choices[k].t.abstain),
      validationFalseAbstain: round(choices[k].t.falseAbstain),
    })),
    firstStageAloneValidationAbstain: round(alone.abstain),
    readerFalseAbstainAllowed: `${chosen.t.allowed}/${chosen.t.answerable} (${Math.round(MAX_FALSE_ABSTAIN * 100)}%)`,
  };
  writeFileSync(FITTED_MODEL_FILE, `${JSON.stringify(model, (k, v) => (typeof v === 'number' && !['floor', 'l2', 'keepGap', 'threshold', 'candidates'].includes(k) ? round(v, 6) : v), 2)}\n`);
  console.log(`wrote ${FITTED_MODEL_FILE.pathname}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
