import type { TimelineEvent } from '../types.js';
import type { WordSpace } from '../retrieval/wordspace.js';
import { RANK, type Report } from './extract.js';
import { eventLabel } from './label.js';

/** How alike two reports are, in [0, 1]. */
export type Likeness = (a: Report, b: Report) => number;

/**
 * Two groups of reports are one event when their reports are this alike on average. Fitted by
 * `npm run fit:events` (scripts/fit-events.ts) on test/fixtures/timeline-events.json, where a helper who saw
 * only the dated sentences grouped them into events, each sentence scored by its first act: the middle of the run of
 * thresholds with the best B-cubed F1 (0.88 precision, 0.86 recall, F1 0.870). The F1 is nearly flat: every
 * threshold from 0 to 0.43 scores 0.866, one pair less. Held out it is weaker: fitted on the years before 2026
 * and scored on 2026, F1 0.77 against 0.82 for leaving every report apart (the likeness cannot tell apart what one
 * trip day holds).
 */
export const SAME_EVENT = 0.471;
/**
 * The word-similarity floor the likeness was measured with when SAME_EVENT was fitted: the ranking's fitted floor
 * of that time (src/retrieval/fitted-model.json before the sentence encoder). The ranking's floor is refitted for
 * questions since; the timeline keeps the one its threshold belongs to.
 */
export const WORD_FLOOR = 0.35;

type Days = Report['days'];
/** Dates that can name one event: one's days hold the other's ("August 2025" holds "8 August 2025"; "last week" does not hold Tuesday). */
export const compatible = (a: Days, b: Days) => (a.from <= b.from && b.to <= a.to) || (b.from <= a.from && a.to <= b.to);

/**
 * Likeness by the word vectors the ranking uses: how much of one report's act (its subject, verb and complement, see
 * src/timeline/acts.ts) the other's whole sentence carries, the better of the two directions, words weighted by idf.
 * Two acts of one sentence are never alike: the sentence reports them as two events.
 */
export function clauseLikeness(words: WordSpace, weight: (term: string) => number, floor = WORD_FLOOR): Likeness {
  const clauses = new Map<Report, number[]>();
  const clauseWords = (r: Report) => {
    let ids = clauses.get(r);
    if (!ids) clauses.set(r, (ids = words.idsOf(r.words.map((p) => r.sentence.text.slice(p.start, p.end)).join(' '))));
    return ids;
  };
  return (a, b) =>
    a.index === b.index
      ? 0
      : Math.max(words.carried(clauseWords(a), words.sentenceWords[b.index], weight, floor), words.carried(clauseWords(b), words.sentenceWords[a.index], weight, floor));
}

/**
 * On a large corpus a report is compared (by the word-level likeness) only with this many others of its year, the
 * nearest by sentence vector: it bounds the timeline's time (`npm run bench` prints it on 1,000 articles). The
 * seeds' largest year holds 12 reports, so there every pair is compared.
 */
export const NEAREST = 32;

/**
 * Reports grouped into events, average-link: the two most alike groups merge while their mean likeness reaches
 * `threshold`, every date of one nests with every date of the other, and both are plans or both are not.
 * Pairs never compared (see NEAREST) count as unlike.
 */
export function groupReports(reports: Report[], likeness: Likeness, threshold = SAME_EVENT, rough?: Likeness): Report[][] {
  // Nested dates share their year, so each year (plans apart) is grouped on its own.
  const blocks = new Map<string, number[]>();
  reports.forEach((r, i) => {
    const key = `${r.days.from.slice(0, 4)}|${r.planned}`;
    blocks.set(key, [...(blocks.get(key) ?? []), i]);
  });
  const groups: number[][] = [];
  for (const block of blocks.values()) groups.push(...groupBlock(reports, block, likeness, threshold, rough));
  return groups.sort((a, b) => Math.min(...a) - Math.min(...b)).map((g) => g.sort((x, y) => x - y).map((i) => reports[i]));
}

function groupBlock(reports: Report[], block: number[], likeness: Likeness, threshold: number, rough?: Likeness): number[][] {
  const nests = (i: number, j: number) => compatible(reports[i].days, reports[j].days);
  // Sums of likeness between live groups (keyed by their first report), only for pairs compared.
  const sums = new Map<number, Map<number, number>>(block.map((i) => [i, new Map()]));
  const add = (a: number, b: number, v: number) => {
    sums.get(a)!.set(b, (sums.get(a)!.get(b) ?? 0) + v);
    sums.get(b)!.set(a, (sums.get(b)!.get(a) ?? 0) + v);
  };
  for (const i of block) {
    let others = block.filter((j) => j !== i && nests(i, j));
    if (others.length > NEAREST && rough) others = others.map((j) => ({ j, r: rough(reports[i], reports[j]) })).sort((x, y) => y.r - x.r).slice(0, NEAREST).map((x) => x.j);
    for (const j of others) if (!sums.get(i)!.has(j)) add(i, j, likeness(reports[i], reports[j]));
  }
  const members = new Map<number, number[]>(block.map((i) => [i, [i]]));
  const refused = new Set<string>();
  for (;;) {
    let best: { a: number; b: number; mean: number } | null = null;
    for (const [a, row] of sums) {
      for (const [b, sum] of row) {
        if (b <= a || refused.has(`${a}|${b}`)) continue;
        const mean = sum / (members.get(a)!.length * members.get(b)!.length);
        if (mean >= threshold && (!best || mean > best.mean)) best = { a, b, mean };
      }
    }
    if (!best) break;
    const { a, b } = best;
    // Dates must nest, and two acts of one sentence stay two events.
    if (!members.get(a)!.every((i) => members.get(b)!.every((j) => nests(i, j) && reports[i].index !== reports[j].index))) {
      refused.add(`${a}|${b}`);
      continue;
    }
    members.set(a, [...members.get(a)!, ...members.get(b)!]);
    members.delete(b);
    for (const [c, v] of sums.get(b)!) {
      sums.get(c)!.delete(b);
      if (c !== a) add(a, c, v);
    }
    sums.get(a)!.delete(b);
    sums.delete(b);
  }
  return [...members.values()];
}

/**
 * One entry per event: the finest date its reports give; the text of the report that carries most of what the
 * others say (the highest summed likeness: the most informative of them), with a short label from it; and every
 * source with its own sentence.
 */
export function toEvent(group: Report[], likeness: Likeness, weight: (term: string) => number): StoryEvent {
  const finest = [...group].sort((a, b) => RANK[b.precision] - RANK[a.precision] || daysLong(a) - daysLong(b))[0];
  const carries = (r: Report) => group.reduce((sum, o) => sum + (o === r ? 0 : likeness(r, o)), 0);
  const lead = group.map((r) => ({ r, c: carries(r) })).reduce((a, b) => (b.c > a.c ? b : a)).r;
  const sources = [lead, ...group.filter((r) => r !== lead)];
  const ids = [...new Set(sources.map((r) => r.source.id))];
  return {
    date: finest.date,
    precision: finest.precision,
    days: finest.days,
    // Inferred only when no report of the same date stands on an article's own date.
    inferred: group.filter((r) => r.date === finest.date).every((r) => r.inferred),
    planned: lead.planned,
    text: lead.sentence.text,
    label: eventLabel(lead.sentence.text, lead.when, weight, { act: lead.act }),
    sources: ids.map((id) => sources.find((r) => r.source.id === id)!.source),
    reports: sources.map((r) => ({ source: r.source, sentence: r.sentence.text, span: { start: r.sentence.start, end: r.sentence.end } })),
    acts: sources.map((r) => ({
      words: r.words.map((p) => r.sentence.text.slice(p.start, p.end)).join(' '),
      sentence: r.sentence.text,
      label: (focus: string[]) => eventLabel(r.sentence.text, r.when, weight, { act: r.act, focus }),
    })),
  };
}

/** The event as plain data, what crosses between threads: without the acts a filter relabels with (functions). */
export function plainEvent({ date, precision, days, inferred, planned, text, label, sources, reports }: TimelineEvent): TimelineEvent {
  return { date, precision, days, inferred, planned, text, label, sources, reports };
}

/** An event with what a filter needs: each report's act, and a label for it that shows given words. */
export interface StoryEvent extends TimelineEvent {
  acts: { words: string; sentence: string; label: (focus: string[]) => string }[];
}

const daysLong = (r: Report) => Date.parse(r.days.to) - Date.parse(r.days.from);

/** The trip's events in date order, one entry per event however many articles report it. */
export function buildTimeline(reports: Report[], likeness: Likeness, weight: (term: string) => number, rough?: Likeness): StoryEvent[] {
  return groupReports(reports, likeness, SAME_EVENT, rough)
    .map((g) => toEvent(g, likeness, weight))
    .sort((a, b) => a.date.localeCompare(b.date) || RANK[a.precision] - RANK[b.precision]);
}
