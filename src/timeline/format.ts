import type { TimelineEvent } from '../types.js';
import { escapeHtml, humanDate } from '../answer/reply.js';
import { terms } from '../retrieval/lexical.js';

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A date shown only as precisely as it is known: "9 February 2026", "week of 2 February 2026", "February 2026", "2026". */
export function showDate(e: Pick<TimelineEvent, 'date' | 'precision'> & { days?: TimelineEvent['days'] }): string {
  if (e.precision === 'day') return humanDate(e.date);
  if (e.days && Date.parse(e.days.to) - Date.parse(e.days.from) === 6 * 864e5) return `week of ${humanDate(e.days.from)}`;
  if (e.precision === 'month') return MONTH.format(new Date(`${e.date}-01T00:00:00Z`));
  return e.date;
}

/** Events whose text holds every word of the filter (stemmed, so "nuclear" also finds "nuclear power"). */
export function filterTimeline(events: TimelineEvent[], filter: string): TimelineEvent[] {
  const wanted = terms(filter);
  if (!wanted.length) return events;
  return events.filter((e) => {
    const have = new Set(terms(e.text));
    return wanted.every((t) => have.has(t));
  });
}

const notes = (e: TimelineEvent) => [e.planned ? 'planned' : '', e.inferred ? 'date inferred' : ''].filter(Boolean).join(', ');

/** One entry as Telegram HTML: the date, the quote, and its sources' numbers. */
export function eventHtml(e: TimelineEvent, numbers: Map<string, number>): string {
  const cite = e.sources.map((s) => `[${numbers.get(s.id) ?? '?'}]`).join(' ');
  const note = notes(e);
  return `<b>${escapeHtml(showDate(e))}</b>${note ? ` <i>(${note})</i>` : ''}\n<blockquote>${escapeHtml(e.text)}</blockquote> ${cite}`;
}

/** One entry for a terminal. */
export function eventText(e: TimelineEvent, numbers: Map<string, number>): string {
  const note = notes(e);
  const cite = e.sources.map((s) => `[${numbers.get(s.id) ?? '?'}] ${s.title}`).join('; ');
  return `${showDate(e)}${note ? ` (${note})` : ''}\n  “${e.text}”\n  — ${cite}`;
}

/** The picture's title: what it shows, and the filter when there is one. */
export const pictureTitle = (filter: string) => (filter ? `Events mentioning “${filter}”` : 'The trip and its background');
