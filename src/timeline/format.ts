import type { TimelineEvent } from '../types.js';
import { escapeHtml } from '../text/html.js';
import { humanDate } from '../text/dates.js';
import { terms } from '../retrieval/lexical.js';
import type { StoryEvent } from './events.js';

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A date shown only as precisely as it is known: "9 February 2026", "week of 2 February 2026", "February 2026", "2026". */
export function showDate(e: Pick<TimelineEvent, 'date' | 'precision'> & { days?: TimelineEvent['days'] }): string {
  if (e.precision === 'day') return humanDate(e.date);
  if (e.days && Date.parse(e.days.to) - Date.parse(e.days.from) === 6 * 864e5) return `week of ${humanDate(e.days.from)}`;
  if (e.precision === 'month') return MONTH.format(new Date(`${e.date}-01T00:00:00Z`));
  return e.date;
}

/**
 * The events about a word (every word of the filter, stemmed: "nuclear" also finds "nuclear power"): those with an act
 * that holds it, each relabelled from that act so the label shows the word ("Vance… agreed to cooperate on civilian
 * nuclear power", not "Vance held talks… in Yerevan"). An event whose sentences hold the word only outside its acts
 * (or that carries no acts) is kept when no event's act holds it, labelled from the word's phrase where it can be.
 */
export function filterTimeline(events: TimelineEvent[], filter: string): TimelineEvent[] {
  const wanted = terms(filter);
  if (!wanted.length) return events;
  const holds = (text: string) => {
    const have = new Set(terms(text));
    return wanted.every((t) => have.has(t));
  };
  const acts = (e: TimelineEvent) => ('acts' in e ? (e as StoryEvent).acts : []);
  const byAct = events.filter((e) => acts(e).some((a) => holds(a.words)));
  const chosen = byAct.length ? byAct : events.filter((e) => e.reports.some((r) => holds(r.sentence)) || holds(e.text));
  return chosen.map((e) => {
    const act = acts(e).find((a) => holds(a.words)) ?? acts(e).find((a) => holds(a.sentence));
    return act ? { ...e, label: act.label(wanted) } : e;
  });
}

const notes = (e: TimelineEvent) => [e.planned ? 'planned' : '', e.inferred ? 'date inferred' : ''].filter(Boolean).join(', ');

/** One entry as Telegram HTML: the date and the label (what happened), the quote, and its sources' numbers. */
export function eventHtml(e: TimelineEvent, numbers: Map<string, number>): string {
  const cite = e.sources.map((s) => `[${numbers.get(s.id) ?? '?'}]`).join(' ');
  const note = notes(e);
  return `<b>${escapeHtml(showDate(e))}</b>${note ? ` <i>(${note})</i>` : ''} · ${escapeHtml(e.label)}\n<blockquote>${escapeHtml(e.text)}</blockquote> ${cite}`;
}

/** One entry for a terminal. */
export function eventText(e: TimelineEvent, numbers: Map<string, number>): string {
  const note = notes(e);
  const cite = e.sources.map((s) => `[${numbers.get(s.id) ?? '?'}] ${s.title}`).join('; ');
  return `${showDate(e)}${note ? ` (${note})` : ''} · ${e.label}\n  “${e.text}”\n  — ${cite}`;
}

/** The picture's title: what it shows, and the filter when there is one. */
export const pictureTitle = (filter: string) => (filter ? `Events mentioning “${filter}”` : 'The trip and its background');
