import type { Article, Sentence, TimelineEvent } from '../types.js';
import type { WordSpace } from '../retrieval/wordspace.js';
import { datedReports, RANK, type Report } from './extract.js';
import { eventClause, eventLabel } from './label.js';

/** How alike two reports are, in [0, 1]. */
export type Likeness = (a: Report, b: Report) => number;

/**
 * Two groups of reports are one event when their reports are this alike on average. Fitted by
 * `npm run fit:events` (scripts/fit-events.ts) on test/fixtures/timeline-events.json, where a helper who saw
 * only the dated sentences grouped them into events: the middle of the run of thresholds with the best B-cubed F1
 * (0.78 precision, 0.97 recall; the likeness cannot tell apart what one trip day holds, so that day is one entry).
 */
export const SAME_EVENT = 0.33;

type Days = Report['days'];
/** Dates that can name one event: one's days hold the other's ("August 2025" holds "8 August 2025"; "last week" does not hold Tuesday). */
export const compatible = (a: Days, b: Days) => (a.from <= b.from && b.to <= a.to) || (b.from <= a.from && a.to <= b.to);

/**
 * Likeness by the word vectors the ranking uses: how much of one report's event clause (the words around its
 * date) the other's whole sentence carries, the better of the two directions, words weighted by idf.
 */
export function clauseLikeness(words: WordSpace, weight: (term: string) => number, floor: number): Likeness {
  const clauses = new Map<Report, number[]>();
  const clauseWords = (r: Report) => {
    let ids = clauses.get(r);
    if (!ids) {
      const c = eventClause(r.sentence.text, r.when.start);
      clauses.set(r, (ids = words.idsOf(r.sentence.text.slice(c.start, c.end))));
    }
    return ids;
  };
  return (a, b) =>
    Math.max(words.carried(clauseWords(a), words.sentenceWords[b.index], weight, floor), words.carried(clauseWords(b), words.sentenceWords[a.index], weight, floor));
}

/**
 * Reports grouped into events, average-link: the two most alike groups merge while their mean likeness reaches
 * `threshold`, their dates are compatible and both are plans or both are not.
 */
export function groupReports(reports: Report[], likeness: Likeness, threshold = SAME_EVENT): Report[][] {
  const sim = reports.map((a, i) => reports.map((b, j) => (i < j ? likeness(a, b) : 0)));
  const pair = (i: number, j: number) => (i < j ? sim[i][j] : sim[j][i]);
  let groups = reports.map((_, i) => [i]);
  const finest = (g: number[]) => g.map((i) => reports[i].days).reduce((a, b) => (b.to < a.to || b.from > a.from ? b : a));
  for (;;) {
    let best: { a: number; b: number; mean: number } | null = null;
    for (let a = 0; a < groups.length; a++) {
      for (let b = a + 1; b < groups.length; b++) {
        const ga = groups[a];
        const gb = groups[b];
        if (reports[ga[0]].planned !== reports[gb[0]].planned || !compatible(finest(ga), finest(gb))) continue;
        if (!ga.every((i) => gb.every((j) => compatible(reports[i].days, reports[j].days)))) continue;
        let sum = 0;
        for (const i of ga) for (const j of gb) sum += pair(i, j);
        const mean = sum / (ga.length * gb.length);
        if (mean >= threshold && (!best || mean > best.mean)) best = { a, b, mean };
      }
    }
    if (!best) break;
    groups[best.a] = [...groups[best.a], ...groups[best.b]];
    groups = groups.filter((_, k) => k !== best!.b);
  }
  return groups.map((g) => g.sort((x, y) => x - y).map((i) => reports[i]));
}

/**
 * One entry per event: the finest date its reports give; the text of the report that carries most of what the
 * others say (the highest summed likeness: the most informative of them), with a short label from it; and every
 * source with its own sentence.
 */
export function toEvent(group: Report[], likeness: Likeness, weight: (term: string) => number): TimelineEvent {
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
    label: eventLabel(lead.sentence.text, lead.when, weight),
    sources: ids.map((id) => sources.find((r) => r.source.id === id)!.source),
    reports: sources.map((r) => ({ source: r.source, sentence: r.sentence.text, span: { start: r.sentence.start, end: r.sentence.end } })),
  };
}

const daysLong = (r: Report) => Date.parse(r.days.to) - Date.parse(r.days.from);

/** The trip's events in date order, one entry per event however many articles report it. */
export function buildTimeline(
  articles: Article[],
  sentences: Sentence[],
  numbers: Map<string, number>,
  likeness: Likeness,
  weight: (term: string) => number,
): TimelineEvent[] {
  return groupReports(datedReports(articles, sentences, numbers), likeness)
    .map((g) => toEvent(g, likeness, weight))
    .sort((a, b) => a.date.localeCompare(b.date) || RANK[a.precision] - RANK[b.precision]);
}
