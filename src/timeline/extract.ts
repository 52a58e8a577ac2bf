import * as chrono from 'chrono-node';
import type { Article, DatePrecision, Sentence, SourceRef, TimelineEvent } from '../types.js';
import { overlap } from '../corpus/clean.js';
import { terms } from '../retrieval/lexical.js';

/** A date expression found in a sentence and resolved as far as the text allows. */
export interface FoundDate {
  date: string;
  precision: DatePrecision;
  /** Needed a reference date (weekday, month without year, "last week"). */
  relative: boolean;
  /** The expression names a weekday ("on Monday"). */
  weekday: number | null;
  text: string;
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
    let found: Omit<FoundDate, 'relative' | 'weekday' | 'text'> | null = null;
    if (/\bweek\b/i.test(r.text)) {
      // "last week", "this week": only the month is honest, and only when the week lies within one month.
      const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 864e5);
      const sunday = new Date(monday.getTime() + 6 * 864e5);
      if (monday.getUTCMonth() === sunday.getUTCMonth()) found = { date: `${y}-${pad(monday.getUTCMonth() + 1)}`, precision: 'month' };
    } else if (c.isCertain('day') || weekday !== null) {
      found = { date: `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`, precision: 'day' };
    } else if (c.isCertain('month')) {
      found = { date: `${y}-${pad(d.getUTCMonth() + 1)}`, precision: 'month' };
    } else if (c.isCertain('year')) {
      found = { date: String(y), precision: 'year' };
    }
    if (found) out.push({ ...found, relative: relative || weekday !== null || /\bweek\b/i.test(r.text), weekday, text: r.text });
  }
  return out;
}

const RANK: Record<DatePrecision, number> = { day: 3, month: 2, year: 1 };
/** The sentence's event date: its most precise expression, the first among equals. */
const mainDate = (dates: FoundDate[]) => dates.reduce<FoundDate | null>((best, d) => (!best || RANK[d.precision] > RANK[best.precision] ? d : best), null);

/** Two sentences report the same event when they share this much of the shorter one's content terms. */
const SAME_EVENT = 0.5;
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
        if (overlap(words, r.words) < SAME_EVENT) continue;
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

/** The trip's events in date order, extracted from the articles' sentences, one entry per event. */
export function buildTimeline(articles: Article[], sentences: Sentence[], numbers: Map<string, number>): TimelineEvent[] {
  const inferred = inferArticleDates(articles, sentences);
  const byId = new Map(articles.map((a) => [a.id, a]));
  const order = (id: string) => numbers.get(id) ?? Number.MAX_SAFE_INTEGER;
  const entries: (TimelineEvent & { words: Set<string> })[] = [];
  const quotes = new Map(articles.map((a) => [a.id, a.blocks.flatMap((b) => quotedRanges(a.text.slice(b.start, b.end)).map(([x, y]) => [b.start + x, b.start + y]))]));
  const ordered = [...sentences].sort((a, b) => order(a.articleId) - order(b.articleId) || a.start - b.start);
  for (const s of ordered) {
    const article = byId.get(s.articleId)!;
    const reference = article.date ?? inferred.get(article.id)?.date ?? null;
    const inSentence = quotes.get(article.id)!.map(([x, y]): [number, number] => [Math.max(0, x - s.start), Math.min(s.text.length, y - s.start)]).filter(([x, y]) => x < y);
    const found = mainDate(findDates(s.text, reference, inSentence));
    if (!found) continue;
    const planned = FUTURE.test(s.text) && !!reference && found.date > reference;
    const source: SourceRef = { id: article.id, file: article.file, title: article.title, date: article.date, url: article.url };
    const words = termSet(s.text);
    const twin = entries.find(
      (e) =>
        e.planned === planned && (e.date.startsWith(found.date) || found.date.startsWith(e.date)) && overlap(e.words, words) >= SAME_EVENT,
    );
    const inferredHere = found.relative && !article.date;
    if (twin) {
      if (twin.sources.some((x) => x.id === source.id)) continue;
      // A more precise report of the same event gives the entry its date and its quote.
      if (RANK[found.precision] > RANK[twin.precision]) {
        Object.assign(twin, { date: found.date, precision: found.precision, text: s.text, words, inferred: inferredHere });
        twin.sources.unshift(source);
      } else {
        twin.sources.push(source);
        if (found.date === twin.date && !inferredHere) twin.inferred = false;
      }
      continue;
    }
    entries.push({
      date: found.date,
      precision: found.precision,
      inferred: inferredHere,
      planned,
      text: s.text,
      sources: [source],
      words,
    });
  }
  return entries
    .map(({ words: _words, ...e }) => e)
    .sort((a, b) => a.date.localeCompare(b.date) || RANK[a.precision] - RANK[b.precision]);
}
