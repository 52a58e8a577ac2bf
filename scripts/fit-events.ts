/**
 * Fits the timeline's merge threshold (SAME_EVENT in src/timeline/events.ts) on test/fixtures/timeline-events.json:
 * for every threshold between two observed likenesses, groups the seeds' dated reports and scores the pairs
 * against the blind grouping (B-cubed precision, recall, F1). Prints the table and the best.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../src/engine/engine.js';
import type { Report } from '../src/timeline/extract.js';
import type { Likeness } from '../src/timeline/events.js';
import { groupReports } from '../src/timeline/events.js';

interface Labels {
  events: { article: string; sentence: string }[][];
}

export const LABELS = fileURLToPath(new URL('../test/fixtures/timeline-events.json', import.meta.url));

export interface Fit {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * B-cubed precision, recall and F1 of a grouping against the labelled events: per report, the share of its group
 * that is its event and the share of its event in its group, averaged over reports. Unlike counting pairs, one
 * event reported seven times does not outweigh the rest.
 */
export function pairScore(all: Report[][], labels: Labels): Omit<Fit, 'threshold'> {
  // The labels group sentences: each sentence is scored by its first act (the one its date belongs to). A second act
  // of the same sentence ("… and signed …") is a report the labels do not cover, left out of the score.
  const groups = all.map((g) => g.filter((r) => r.act === 0)).filter((g) => g.length);
  const eventOf = new Map<string, number>();
  labels.events.forEach((g, k) => g.forEach((r) => eventOf.set(`${r.article}|${r.sentence}`, k)));
  const event = (r: Report) => eventOf.get(`${r.source.id.slice(0, 3)}|${r.sentence.text}`) ?? -1 - r.index;
  const flat = groups.flat();
  let precision = 0;
  let recall = 0;
  for (const g of groups) {
    for (const r of g) {
      const same = g.filter((x) => event(x) === event(r)).length;
      precision += same / g.length;
      recall += same / flat.filter((x) => event(x) === event(r)).length;
    }
  }
  precision /= flat.length;
  recall /= flat.length;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

/** Every candidate threshold scored on `reports`; the best has the highest F1, the middle of its run when several tie. */
function fitOn(reports: Report[], likeness: Likeness, labels: Labels): { table: Fit[]; best: Fit } {
  const values = [...new Set(reports.flatMap((a, i) => reports.slice(i + 1).map((b) => Math.round(likeness(a, b) * 1000) / 1000)))].sort((x, y) => x - y);
  const table = values.map((threshold) => ({ threshold, ...pairScore(groupReports(reports, likeness, threshold), labels) }));
  const top = Math.max(...table.map((t) => t.f1));
  const run = table.filter((t) => t.f1 === top);
  return { table, best: run[Math.floor((run.length - 1) / 2)] };
}

export interface HeldOut extends Fit {
  fittedOn: string;
  scoredOn: string;
  /** The same reports left unmerged, for comparison. */
  apart: Omit<Fit, 'threshold'>;
}

/**
 * The threshold fitted on all labelled reports, and a held-out check: fitted on the background years alone and
 * scored on the trip's year, and the other way round (the labels are too few for three splits).
 */
export async function fitSameEvent(engine: Engine): Promise<{ table: Fit[]; best: Fit; heldOut: HeldOut[] }> {
  const labels = JSON.parse(readFileSync(LABELS, 'utf8')) as Labels;
  const { likeness, reports } = await engine.story.measures();
  const cache = new Map<string, number>();
  const memo: Likeness = (a, b) => {
    const k = `${a.index}|${b.index}`;
    if (!cache.has(k)) cache.set(k, likeness(a, b));
    return cache.get(k)!;
  };
  const { table, best } = fitOn(reports, memo, labels);
  const trip = (r: Report) => r.date >= '2026';
  const folds: [string, (r: Report) => boolean][] = [
    ['before 2026', (r) => !trip(r)],
    ['2026', trip],
  ];
  const heldOut = folds.map(([name, inFit]) => {
    const fitted = fitOn(reports.filter(inFit), memo, labels).best.threshold;
    const rest = reports.filter((r) => !inFit(r));
    return {
      fittedOn: name,
      scoredOn: folds.find(([other]) => other !== name)![0],
      threshold: fitted,
      ...pairScore(groupReports(rest, memo, fitted), labels),
      apart: pairScore(groupReports(rest, memo, Number.POSITIVE_INFINITY), labels),
    };
  });
  return { table, best, heldOut };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { openEngine } = await import('../src/cli/open.js');
  const { table, best, heldOut } = await fitSameEvent(await openEngine());
  const f = (x: Omit<Fit, 'threshold'>) => `P ${x.precision.toFixed(2)}  R ${x.recall.toFixed(2)}  F1 ${x.f1.toFixed(3)}`;
  for (const t of table) process.stdout.write(`${t.threshold.toFixed(3)}  ${f(t)}\n`);
  process.stdout.write(`best: SAME_EVENT = ${best.threshold} (B-cubed ${f(best)})\n`);
  for (const h of heldOut) {
    process.stdout.write(`held out: fitted on ${h.fittedOn} (${h.threshold}), scored on ${h.scoredOn}: ${f(h)}; left apart: ${f(h.apart)}\n`);
  }
}
