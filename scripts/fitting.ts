/**
 * The pieces `npm run fit` (scripts/fit.ts) and `npm run ablate` (scripts/ablate.ts) share: the engine over the
 * written articles, reading each question's candidates as feature rows, the listwise fit of the ranker and the
 * choice of the answer threshold. Deterministic: full-batch gradient descent from zero weights. Only the written
 * articles' train and validation writers are read here: never the seeds, never the test writers.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type EngineOptions } from '../src/engine/engine.js';
import { SHIPPED_MODEL } from '../src/embeddings/embedder.js';
import { FEATURES, toArray, type FeatureName, type FeatureVector } from '../src/retrieval/features.js';
import { DECISION_FEATURES, type DecisionName, type DecisionVector, type FittedModel } from '../src/retrieval/fitted.js';
import { rankingLogit, sigmoid } from '../src/retrieval/decision.js';
import { copyWritten, holdsExpected, readWritten, sharedWritten, WRITERS, type Labelled } from './questions.js';

/** The bound on answerable questions wrongly refused, applied on validation. */
export const MAX_FALSE_ABSTAIN = 0.03;
/** Candidate floors: related word pairs score about 0.55–0.95, unrelated ones 0.1–0.3 (measured on the model). */
export const FLOORS = [0.35, 0.45, 0.55, 0.65];
export const L2 = [0.001, 0.01, 0.1];
/** L2 strength of the answer decision's regression. */
export const DECISION_L2 = 0.01;
const STEPS = 3000;
const RATE = 0.5;

export const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

const zeros = <K extends string>(names: readonly K[]) => Object.fromEntries(names.map((f) => [f, 0])) as Record<K, number>;

/** The committed model's shape with every fitted number zeroed: the starting point of a fit. */
export function seedModel(): FittedModel {
  return {
    floor: 0.5,
    ranker: zeros(FEATURES),
    decision: { bias: 0, weights: zeros(DECISION_FEATURES), threshold: 0 },
    keepGap: 0,
    provenance: {},
  };
}

/**
 * The engine over a folder of articles with the shipped model, as the bot opens it (the seeds by default);
 * `options` changes others of its options (the follow-up weights, to choose them).
 */
export function openEngine(
  root = process.cwd(),
  ranking: FittedModel = seedModel(),
  seedsDir = join(root, 'seeds'),
  embeddingsDir = join(root, 'embeddings'),
  options: Partial<EngineOptions> = {},
): Promise<Engine> {
  return Engine.open({
    seedsDir,
    embeddingsDir,
    model: SHIPPED_MODEL,
    modelsDir: join(root, 'models'),
    allowRemote: false,
    timeoutMs: 60_000,
    ranking,
    ...options,
  });
}

/**
 * The engine over the written articles of the given writers, in one corpus as an operator would add them (copied
 * under build/, which git ignores; the index there is kept between runs and checked at each open).
 */
export function openWritten(writers: string[], ranking: FittedModel = seedModel(), root = process.cwd(), options: Partial<EngineOptions> = {}): Promise<Engine> {
  const dir = join(root, 'build', `written-${writers.join('-')}`);
  copyWritten(writers, join(dir, 'seeds'), root);
  return openEngine(root, ranking, join(dir, 'seeds'), join(dir, 'embeddings'), options);
}

/** The written train and validation questions, the engine over their articles, and the candidate rows cache every fit starts from. */
export async function openFitting(): Promise<{ train: Labelled[]; validation: Labelled[]; engine: Engine; cache: CaseCache }> {
  if (!existsSync(sharedWritten())) throw new Error(`${sharedWritten()} not found: npm run fit needs ../shared beside the project (its writers wA-wC).`);
  const train = readWritten('train');
  const validation = readWritten('validation');
  const engine = await openWritten([...WRITERS.train, ...WRITERS.validation]);
  return { train, validation, engine, cache: new CaseCache(engine, train, validation) };
}

/** One question's candidates as feature rows, with which of them a right quote would be. */
export interface Case {
  q: Labelled;
  rows: number[][];
  positive: boolean[];
}

export async function cases(engine: Engine, questions: Labelled[], floor: number): Promise<Case[]> {
  const zero = { floor, ranker: zeros(FEATURES) };
  const out: Case[] = [];
  for (const q of questions) {
    const r = await engine.retrieve(q.q, { ...engine.ranking, ...zero });
    const ranked = r?.ranked ?? [];
    const positive = ranked.map(({ sentence }) => holdsExpected(engine.quoteOf(sentence), q));
    out.push({ q, rows: ranked.map((x) => toArray(x.features)), positive });
  }
  return out;
}

/** Per-column mean and standard deviation (1 where a column is constant). */
export function moments(rows: number[][]): { mean: number[]; sd: number[] } {
  const d = rows[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, k) => rows.reduce((s, r) => s + r[k], 0) / rows.length);
  const sd = Array.from({ length: d }, (_, k) => Math.sqrt(rows.reduce((s, r) => s + (r[k] - mean[k]) ** 2, 0) / rows.length) || 1);
  return { mean, sd };
}

const score = (w: number[], row: number[]) => row.reduce((s, x, k) => s + x * w[k], 0);

/** The listwise ranker over FEATURES, using only the features in `use` (the others keep weight 0). */
export function fitRanker(train: Case[], l2: number, use: readonly FeatureName[] = FEATURES): number[] {
  return fitListwise(train, l2, FEATURES.map((f) => (use.includes(f) ? 1 : 0)));
}

/**
 * Listwise softmax: minimise -log(sum of probabilities of right candidates) + l2 |w|^2 over the columns switched
 * on in `on` (1; the others keep weight 0). Returns one weight per column.
 */
export function fitListwise(train: Case[], l2: number, on: number[]): number[] {
  const usable = train.filter((c) => c.positive.some(Boolean));
  const d = on.length;
  // standardise for a well-conditioned descent, then fold the scaling back into the weights
  const { mean, sd } = moments(usable.flatMap((c) => c.rows));
  // each question's rows flattened into one typed array: the descent below is the fit's whole cost
  const data = usable.map((c) => ({
    x: Float64Array.from(c.rows.flatMap((r) => r.map((v, k) => (on[k] * (v - mean[k])) / sd[k]))),
    n: c.rows.length,
    positive: c.positive,
  }));
  const w = new Float64Array(d);
  const grad = new Float64Array(d);
  for (let step = 0; step < STEPS; step++) {
    for (let k = 0; k < d; k++) grad[k] = 2 * l2 * w[k];
    for (const { x, n, positive } of data) {
      const e = new Float64Array(n);
      let max = -Infinity;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += x[i * d + k] * w[k];
        e[i] = s;
        if (s > max) max = s;
      }
      let z = 0;
      let zPos = 0;
      for (let i = 0; i < n; i++) {
        e[i] = Math.exp(e[i] - max);
        z += e[i];
        if (positive[i]) zPos += e[i];
      }
      for (let i = 0; i < n; i++) {
        const g = (e[i] / z - (positive[i] ? e[i] / zPos : 0)) / data.length;
        for (let k = 0; k < d; k++) grad[k] += g * x[i * d + k];
      }
    }
    for (let k = 0; k < d; k++) w[k] -= RATE * grad[k];
  }
  return Array.from(w, (x, k) => x / sd[k]);
}

/** Share of answerable questions whose right sentence the weights rank first, and within the first three. */
export function rankHits(cs: Case[], w: number[]): { hit1: number; hit3: number } {
  const answerable = cs.filter((c) => !c.q.abstain);
  let hit1 = 0;
  let hit3 = 0;
  for (const c of answerable) {
    const order = c.rows.map((r, i) => ({ s: score(w, r), i })).sort((a, b) => b.s - a.s || a.i - b.i);
    if (order.length && c.positive[order[0].i]) hit1++;
    if (order.slice(0, 3).some((o) => c.positive[o.i])) hit3++;
  }
  return { hit1: hit1 / answerable.length, hit3: hit3 / answerable.length };
}

export interface RankerChoice {
  floor: number;
  l2: number;
  w: number[];
  train: { hit1: number; hit3: number };
  validation: { hit1: number; hit3: number };
}

/** Candidate rows per floor, computed once and shared by every fit that needs them. */
export class CaseCache {
  private readonly byFloor = new Map<number, Promise<[Case[], Case[]]>>();
  constructor(
    private readonly engine: Engine,
    private readonly train: Labelled[],
    private readonly validation: Labelled[],
  ) {}

  get(floor: number): Promise<[Case[], Case[]]> {
    let p = this.byFloor.get(floor);
    if (!p) this.byFloor.set(floor, (p = cases(this.engine, this.train, floor).then(async (tr) => [tr, await cases(this.engine, this.validation, floor)])));
    return p;
  }
}

/** Fits the ranker for every floor and L2 strength; the choice is the best validation hit@1 (first on ties). */
export async function chooseRanker(
  cache: CaseCache,
  opts: { use?: readonly FeatureName[]; floors?: number[]; l2s?: number[]; log?: (row: Omit<RankerChoice, 'w'>) => void } = {},
): Promise<{ best: RankerChoice; grid: Omit<RankerChoice, 'w'>[] }> {
  const grid: Omit<RankerChoice, 'w'>[] = [];
  let best: RankerChoice | null = null;
  for (const floor of opts.floors ?? FLOORS) {
    const [tr, va] = await cache.get(floor);
    for (const l2 of opts.l2s ?? L2) {
      const w = fitRanker(tr, l2, opts.use);
      const row = { floor, l2, train: rankHits(tr, w), validation: rankHits(va, w) };
      grid.push(row);
      opts.log?.(row);
      if (!best || row.validation.hit1 > best.validation.hit1) best = { ...row, w };
    }
  }
  return { best: best!, grid };
}

export function rankerOf(w: number[]): FeatureVector {
  return Object.fromEntries(FEATURES.map((f, k) => [f, w[k]])) as FeatureVector;
}

/**
 * Each question's decision signals under a model (zeros when nothing is left to look up), and whether its first
 * extract is right (1) or not (0): what the answer decision is fitted on.
 */
export async function decisionCases(engine: Engine, qs: Labelled[], model: FittedModel): Promise<{ signals: DecisionVector[]; right: number[] }> {
  const out = { signals: [] as DecisionVector[], right: [] as number[] };
  for (const q of qs) {
    const r = await engine.retrieve(q.q, model);
    out.signals.push(r?.signals ?? zeros(DECISION_FEATURES));
    const first = r?.ranked[0];
    out.right.push(first && holdsExpected(engine.quoteOf(first.sentence), q) ? 1 : 0);
  }
  return out;
}

/** The answer decision: logistic regression on the ranking's question-level signals in `use`. */
export function fitDecision(xs: DecisionVector[], ys: number[], l2: number, use: readonly DecisionName[] = DECISION_FEATURES): Omit<FittedModel['decision'], 'threshold'> {
  const fit = fitLogistic(
    xs.map((x) => DECISION_FEATURES.map((f) => x[f])),
    ys,
    l2,
    DECISION_FEATURES.map((f) => (use.includes(f) ? 1 : 0)),
  );
  return { bias: fit.bias, weights: Object.fromEntries(DECISION_FEATURES.map((f, k) => [f, fit.w[k]])) as DecisionVector };
}

/**
 * Plain logistic regression, 1 or 0, on standardised columns switched on in `on`. Weights come back on the
 * columns' own scale and rounded as the fitted file stores them, so a threshold is chosen with exactly the
 * weights the bot uses.
 */
export function fitLogistic(rows: number[][], ys: number[], l2: number, on: number[] = rows[0].map(() => 1)): { bias: number; w: number[] } {
  const d = on.length;
  const { mean, sd } = moments(rows);
  const z = rows.map((r) => r.map((x, k) => (on[k] * (x - mean[k])) / sd[k]));
  const w = new Array(d).fill(0);
  let b = 0;
  for (let step = 0; step < STEPS; step++) {
    const gw = w.map((x) => 2 * l2 * x);
    let gb = 0;
    z.forEach((r, i) => {
      const p = 1 / (1 + Math.exp(-(b + score(w, r))));
      const g = (p - ys[i]) / z.length;
      gb += g;
      for (let k = 0; k < d; k++) gw[k] += g * r[k];
    });
    b -= RATE * gb;
    for (let k = 0; k < d; k++) w[k] -= RATE * gw[k];
  }
  return { bias: round(b - w.reduce((s, x, k) => s + (x * mean[k]) / sd[k], 0), 6), w: w.map((x, k) => round(x / sd[k], 6)) };
}

export interface ThresholdChoice {
  threshold: number;
  /** Answerable validation questions the threshold may refuse, of how many. */
  allowed: number;
  answerable: number;
  /** Share of unanswerable validation questions refused. */
  abstain: number;
  /** Share of answerable validation questions refused. */
  falseAbstain: number;
}

/** The highest threshold on each question's confidence that keeps false abstentions at or below MAX_FALSE_ABSTAIN. */
export function chooseThreshold(conf: number[], qs: Labelled[]): ThresholdChoice {
  const answerable = conf.filter((_, i) => !qs[i].abstain).sort((a, b) => a - b);
  const allowed = Math.floor(MAX_FALSE_ABSTAIN * answerable.length);
  // rounded down, so the validation question the threshold was taken from is still answered
  const threshold = Math.floor(answerable[allowed] * 1e6) / 1e6;
  const unanswerable = conf.filter((_, i) => qs[i].abstain);
  return {
    threshold,
    allowed,
    answerable: answerable.length,
    abstain: unanswerable.filter((c) => c < threshold).length / unanswerable.length,
    falseAbstain: answerable.filter((c) => c < threshold).length / answerable.length,
  };
}

/** Where a split's questions are asked for the answer decision, each with the engine over those articles. */
export interface Asked {
  on: Engine;
  questions: Labelled[];
}

/**
 * The decision must hold for a corpus of any size and for questions about what no article holds, so each split's
 * questions are asked three ways: in the whole written corpus (88 articles); in their own writer's articles alone
 * (8-14, near the seeds' 5: signals such as the softmax over candidates and how much of the question the corpus
 * reaches move with the corpus's size); and in the other split's articles alone, where none is answerable
 * ("What is the capital of Australia?" asked of the seeds).
 */
export async function askedWays(whole: Engine, questions: Labelled[], others: string[], model: FittedModel): Promise<Asked[]> {
  const byWriter = new Map<string, Labelled[]>();
  for (const q of questions) byWriter.set(q.id.slice(0, 2), [...(byWriter.get(q.id.slice(0, 2)) ?? []), q]);
  const own = await Promise.all([...byWriter].map(async ([writer, qs]) => ({ on: await openWritten([writer], model), questions: qs })));
  const foreign = { on: await openWritten(others, model), questions: questions.map((q) => ({ ...q, abstain: true })) };
  return [{ on: whole, questions }, ...own, foreign];
}

/** Each question's decision signals and whether the first extract is right, where it is asked. */
export async function decisionRows(ways: Asked[], model: FittedModel): Promise<{ signals: DecisionVector[]; right: number[]; questions: Labelled[] }> {
  const out = { signals: [] as DecisionVector[], right: [] as number[], questions: [] as Labelled[] };
  for (const { on, questions } of ways) {
    const { signals, right } = await decisionCases(on, questions, model);
    out.signals.push(...signals);
    out.right.push(...right);
    out.questions.push(...questions);
  }
  return out;
}

/**
 * Each row's confidence from an answer decision fitted on the other writers' rows alone (a question's writer is its
 * id's first two characters): confidences no fit saw, for choosing a threshold on the questions fitted on.
 */
export function outOfWriter(rows: { signals: DecisionVector[]; right: number[]; questions: Labelled[] }, writers: string[]): number[] {
  const out = new Array<number>(rows.signals.length).fill(NaN);
  for (const w of writers) {
    const keep = rows.questions.map((q) => q.id.slice(0, 2) !== w);
    const fit = fitDecision(
      rows.signals.filter((_, i) => keep[i]),
      rows.right.filter((_, i) => keep[i]),
      DECISION_L2,
    );
    rows.signals.forEach((v, i) => {
      if (!keep[i]) out[i] = sigmoid(rankingLogit(v, { ...fit, threshold: 0 }));
    });
  }
  return out;
}
