import * as chrono from 'chrono-node';
import type { Article, DatePrecision, Sentence, SourceRef, Span } from '../types.js';
import { overlap } from '../corpus/clean.js';
import { terms } from '../retrieval/lexical.js';
import { actsOf, parseSentence } from './acts.js';

/** A date expression found in a sentence and resolved as far as the text allows. */
export interface FoundDate {
  date: string;
  precision: DatePrecision;
  /** Needed a reference date (weekday, month without year, "last week"). */
  relative: boolean;
  /** The expression names a weekday ("on Monday"). */
  weekday: number | null;
  text: string;
  /** Where the expression stands in the sentence. */
  index: number;
  /** The days a week expression covers ("last week": Monday to Sunday), inside its month. */
  week?: { from: string; to: string };
}

// chrono reads "May 2005" or "Aug. 8, 2025" but not a bare year ("In 1992", "since 2001", "a 2023 offensive").
const parser = chrono.casual.clone();
// The leading word is part of the match because chrono drops results that are a bare number.
parser.parsers.push({
  pattern: () => /\b(?:in|since|of|by|from|until|after|before|during|a|an|the)\s+((?:19|20)\d{2})\b(?![.,]\d|\s*(?:%|percent|million|billion))/i,
  extract: (_ctx, match) => ({ year: Number(match[1]) }),
});

const FUTURE = /\b(?:will|shall|is to|are to|to be|plans? to|planned|expected to|would|upcoming|set to|scheduled)\b/i;
// "now" in news prose means the present situation, not a dated event.
const NOT_A_DATE = /^(?:right )?now$/i;
const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (iso: string) => new Date(`${iso}T12:00:00Z`);

/**
 * Ranges of quoted speech in a paragraph. A quote may span sentences, and one left open runs to the paragraph's
 * end, as news quotes of several paragraphs do.
 */
export function quotedRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let open: number | null = null;
  for (const m of text.matchAll(/[“”"]/g)) {
    const straight = m[0] === '"';
    if (open === null && (m[0] === '“' || straight)) open = m.index;
    else if (open !== null && (m[0] === '”' || straight)) {
      ranges.push([open, m.index + 1]);
      open = null;
    } else if (open === null && m[0] === '”') ranges.push([0, m.index + 1]); // closes a quote opened earlier
  }
  if (open !== null) ranges.push([open, text.length]);
  return ranges;
}

/**
 * The date expressions of a sentence outside quoted speech (a speaker's "yesterday" is not the reporter's),
 * resolved against `reference` (YYYY-MM-DD) when there is one. Relative ones without a reference are dropped.
 * `quotes` are the quoted ranges of the sentence (offsets into `text`).
 */
export function findDates(text: string, reference: string | null, quotes = quotedRanges(text)): FoundDate[] {
  const ref = reference ? dayOf(reference) : new Date('2000-01-01T12:00:00Z');
  const out: FoundDate[] = [];
  for (const r of parser.parse(text, { instant: ref, timezone: 0 }, { forwardDate: false })) {
    if (quotes.some(([a, b]) => r.index >= a && r.index < b) || NOT_A_DATE.test(r.text)) continue;
    const c = r.start;
    const d = c.date();
    const y = d.getUTCFullYear();
    const relative = !c.isCertain('year');
    if (relative && !reference) continue;
    const weekday = c.isCertain('weekday') && !c.isCertain('day') ? c.get('weekday') ?? null : null;
    let found: Omit<FoundDate, 'relative' | 'weekday' | 'text' | 'index'> | null = null;
    const iso = (x: Date) => x.toISOString().slice(0, 10);
    if (/\bweek\b/i.test(r.text)) {
      // "last week", "this week": only the month is honest, and only when the week lies within one month.
      // The week is counted from the reference: chrono puts "this week" on the Sunday before (a US week).
      const step = /\b(?:last|past|previous)\b/i.test(r.text) ? -7 : /\b(?:next|coming)\b/i.test(r.text) ? 7 : 0;
      const anchor = new Date(ref.getTime() + step * 864e5);
      const monday = new Date(anchor.getTime() - ((anchor.getUTCDay() + 6) % 7) * 864e5);
      const sunday = new Date(monday.getTime() + 6 * 864e5);
      if (monday.getUTCMonth() === sunday.getUTCMonth()) {
        found = { date: `${monday.getUTCFullYear()}-${pad(monday.getUTCMonth() + 1)}`, precision: 'month', week: { from: iso(monday), to: iso(sunday) } };
      }
    } else if (c.isCertain('day') || weekday !== null) {
      found = { date: `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`, precision: 'day' };
    } else if (c.isCertain('month')) {
      found = { date: `${y}-${pad(d.getUTCMonth() + 1)}`, precision: 'month' };
    } else if (c.isCertain('year')) {
      found = { date: String(y), precision: 'year' };
    }
    if (found) out.push({ ...found, relative: relative || weekday !== null || /\bweek\b/i.test(r.text), weekday, text: r.text, index: r.index });
  }
  return out;
}

export const RANK: Record<DatePrecision, number> = { day: 3, month: 2, year: 1 };
/** The sentence's event date: its most precise expression, the first among equals. */
const mainDate = (dates: FoundDate[]) => dates.reduce<FoundDate | null>((best, d) => (!best || RANK[d.precision] > RANK[best.precision] ? d : best), null);

/**
 * An undated article's sentence takes a dated sentence's day (inferArticleDates) when they share this much of the
 * shorter one's content terms. Set by hand, not fitted; not the fitted SAME_EVENT of events.ts, which merges dated
 * reports by their acts through word vectors.
 */
const DATE_EVIDENCE_OVERLAP = 0.5;
const termSet = (text: string) => new Set(terms(text));

/**
 * Dates for undated articles, from evidence in dated ones only: a sentence that says "on Saturday" and reports
 * the same event as a sentence of a dated article, whose day (its own, or the article's) is that weekday.
 * The latest such day is taken as the article's date. No evidence, no date.
 */
export interface InferredDate {
  date: string;
  /** The dated article that reports the same event. */
  from: string;
  /** The undated article's words for the day ("on Tuesday"). */
  says: string;
}

export function inferArticleDates(articles: Article[], sentences: Sentence[]): Map<string, InferredDate> {
  const byArticle = new Map<string, Sentence[]>();
  for (const s of sentences) {
    const list = byArticle.get(s.articleId);
    if (list) list.push(s);
    else byArticle.set(s.articleId, [s]);
  }
  const reports = articles
    .filter((a) => a.date)
    .flatMap((d) => (byArticle.get(d.id) ?? []).map((t) => ({ t, date: d.date!, words: termSet(t.text) })));
  const inferred = new Map<string, InferredDate>();
  for (const u of articles.filter((a) => !a.date)) {
    let best: InferredDate | null = null;
    for (const s of byArticle.get(u.id) ?? []) {
      // Weekday names resolve against any reference; a fixed one only extracts which weekday is meant.
      const weekdays = findDates(s.text, '2000-01-01').filter((d) => d.weekday !== null);
      if (!weekdays.length) continue;
      const words = termSet(s.text);
      for (const r of reports) {
        if (overlap(words, r.words) < DATE_EVIDENCE_OVERLAP) continue;
        const own = mainDate(findDates(r.t.text, r.date));
        const day = own?.precision === 'day' ? own.date : r.date;
        const named = weekdays.find((w) => dayOf(day).getUTCDay() === w.weekday);
        if (named && (!best || day > best.date)) best = { date: day, from: r.t.articleId, says: named.text };
      }
    }
    if (best) inferred.set(u.id, best);
  }
  return inferred;
}

/** A sentence that dates something: its event's date, and what the sentence says about it. */
export interface Report {
  sentence: Sentence;
  /** The sentence's position in the engine's list (its row in the word space). */
  index: number;
  source: SourceRef;
  date: string;
  precision: DatePrecision;
  /** Resolved against an article date that was inferred from other articles. */
  inferred: boolean;
  planned: boolean;
  /** The date expression, offsets into the sentence. */
  when: Span;
  /** The days the date may stand for, first and last (YYYY-MM-DD): a day, a week, a month or a year. */
  days: { from: string; to: string };
  /** Which of the sentence's dated acts this report is (see actsOf): a sentence reporting two acts gives two reports. */
  act: number;
  /** The act's words, offsets into the sentence (the whole sentence when no clause was found). */
  words: Span[];
}

/** The first and last day of a date given to a day, a month or a year. */
export function daysOf(date: string): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number);
  if (date.length === 10) return { from: date, to: date };
  if (date.length === 7) return { from: `${date}-01`, to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
  return { from: `${date}-01-01`, to: `${date}-12-31` };
}

/** Every sentence that dates an event (outside quoted speech), with that date, in the articles' order. */
export function datedReports(
  articles: Article[],
  sentences: Sentence[],
  numbers: Map<string, number>,
  inferred: Map<string, InferredDate> = inferArticleDates(articles, sentences),
): Report[] {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const order = (id: string) => numbers.get(id) ?? Number.MAX_SAFE_INTEGER;
  const quotes = new Map(articles.map((a) => [a.id, a.blocks.flatMap((b) => quotedRanges(a.text.slice(b.start, b.end)).map(([x, y]) => [b.start + x, b.start + y]))]));
  const reports: Report[] = [];
  sentences.forEach((s, index) => {
    const article = byId.get(s.articleId)!;
    const reference = article.date ?? inferred.get(article.id)?.date ?? null;
    const inSentence = quotes.get(article.id)!.map(([x, y]): [number, number] => [Math.max(0, x - s.start), Math.min(s.text.length, y - s.start)]).filter(([x, y]) => x < y);
    const found = mainDate(findDates(s.text, reference, inSentence));
    if (!found) return;
    const when = { start: found.index, end: found.index + found.text.length };
    const acts = actsOf(parseSentence(s.text), when);
    const words = acts.length ? acts.map((a) => a.pieces) : [[{ start: 0, end: s.text.length }]];
    words.forEach((pieces, act) =>
      reports.push({
        sentence: s,
        index,
        source: { id: article.id, file: article.file, title: article.title, date: article.date, url: article.url },
        date: found.date,
        precision: found.precision,
        inferred: found.relative && !article.date,
        planned: FUTURE.test(s.text) && !!reference && found.date > reference,
        when,
        days: found.week ?? daysOf(found.date),
        act,
        words: pieces,
      }),
    );
  });
  return reports.sort((a, b) => order(a.source.id) - order(b.source.id) || a.sentence.start - b.sentence.start || a.act - b.act);
}
