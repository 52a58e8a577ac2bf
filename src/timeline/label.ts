import type { Span } from '../types.js';
import { terms } from '../retrieval/lexical.js';
import { actsOf, parseSentence, type Act, type Phrase, type Predicate } from './acts.js';

/**
 * The longest label: two lines of the picture's label column (see LABEL_LINE in picture.ts, 56 characters a line).
 * A clause that says who did what ("Armenia has seen only one visit from US Representative Nancy Pelosi", 68) does
 * not fit the 60 characters the first picture allowed; two lines hold subject, verb and object with room left.
 */
export const LABEL_CHARS = 2 * 56;

/** A phrase of the act, or the date expression cut out of one. */
interface Unit extends Span {
  phrase: Phrase;
  date: boolean;
}

/** A contiguous run of units [from, to); `short` starts it at its first unit's surname ("Trump", not "US President Donald Trump"). */
interface Piece {
  from: number;
  to: number;
  short: boolean;
}

const trimEnd = (s: string) => s.replace(/[\s,;:.—–-]+$/, '');
const trimStart = (s: string) => s.replace(/^[\s,;:.—–-]+/, '');

export interface LabelOptions {
  max?: number;
  /** Which of the sentence's dated acts (see actsOf) to label; the first by default. */
  act?: number;
  /** Stemmed terms the label must show when the act holds them (the word a timeline was filtered by). */
  focus?: string[];
}

/**
 * A label for an event, in the sentence's own words: a clause that says who did what. Taken from the act the date
 * belongs to (src/timeline/acts.ts): its subject (whole, its first or last phrase, or a titled name by surname),
 * its verb, and a run of its complement long enough to hold the object; a reporting clause with what it reports
 * ("Vance will visit Armenia and Azerbaijan… Trump announced"), a dating clause with what it dates, and optionally
 * the clause that frames it ("Trump has announced… Vance will be visiting"). The date expression is left out when
 * it stands as its own phrase (the picture shows the date). Among the candidates that fit `max` characters: the
 * one that shows the filter word, then the most named people and places, then the most information (idf weight of
 * its words), then the shortest. Every gap is marked "…", so each piece between ellipses is verbatim.
 */
export function eventLabel(text: string, date: Span, weight: (term: string) => number, options: LabelOptions | number = {}): string {
  const { max = LABEL_CHARS, act: which = 0, focus = [] } = typeof options === 'number' ? { max: options } : options;
  const parsed = parseSentence(text);
  const acts = actsOf(parsed, date);
  const act = acts[Math.min(which, acts.length - 1)];
  if (!act) return firstWords(text, max);
  const units = unitsOf(text, parsed.phrases, date);
  const unitOf = (phrase: number) => units.findIndex((u) => u.phrase === parsed.phrases[phrase]);
  const lastUnitOf = (phrase: number) => units.findLastIndex((u) => u.phrase === parsed.phrases[phrase]);
  const candidates: Piece[][] = [];
  const subjects = (p: Predicate): Piece[][] => {
    const [a, b] = p.subject;
    if (a >= b) return [[]];
    const [ua, ub] = [unitOf(a), lastUnitOf(b - 1) + 1];
    // The whole subject, or its head: the words before its first preposition or joining word ("the arms deal",
    // not "… mentioned by Trump"). Never a later phrase alone: "Trump was a direct outcome" is not what it says.
    let head = ua + 1;
    while (head < ub && units[head].phrase.kind !== 'prep' && units[head].phrase.kind !== 'conj') head++;
    const runs = [{ from: ua, to: ub }, ...(head < ub ? [{ from: ua, to: head }] : [])];
    return runs.flatMap((r) => [[{ ...r, short: false }], ...(units[r.from].phrase.surname !== null ? [[{ ...r, short: true }]] : [])]);
  };
  // The verb with every run of its complement that reaches past the object; a date phrase inside is cut out.
  const predicates = (p: Predicate, whole: boolean): Piece[][] => {
    const v = unitOf(p.verb);
    const end = lastUnitOf(p.end - 1) + 1;
    const says = (u: Unit) => !u.date && (u.phrase.kind === 'noun' || u.phrase.kind === 'verb');
    const object = units.findIndex((u, i) => i > v && i < end && says(u));
    const out: Piece[][] = [];
    for (let e = Math.max(v, object >= 0 ? object : v); e < (whole ? end : v + 1); e++) {
      const last = units[e];
      if (last.date || last.phrase.kind === 'prep' || last.phrase.kind === 'conj' || (last.phrase.open && last.end === last.phrase.end)) continue;
      // A label never stops on a verb whose object follows ("… for upholding"), only on the act's own verb.
      if (last.phrase.kind === 'verb' && e > v && e + 1 < end) continue;
      const cuts = units.map((u, i) => (i > v && i <= e && u.date ? i : -1)).filter((i) => i >= 0);
      const pieces: Piece[] = [];
      let from = v;
      for (const d of cuts) {
        const to = units[d - 1]?.phrase.kind === 'prep' && d - 1 > from ? d - 1 : d;
        if (to > from) pieces.push({ from, to, short: false });
        from = d + 1;
      }
      if (e + 1 > from) pieces.push({ from, to: e + 1, short: false });
      out.push(pieces);
    }
    return out.length ? out : [[{ from: v, to: v + 1, short: false }]];
  };
  const clauses = (p: Predicate, whole = true) => {
    const head = p.shares ? chainHead(p) : p;
    return subjects(head).flatMap((s) => predicates(p, whole).map((v) => [...s, ...v]));
  };
  // Where a predicate's text ends: the last unit of each clause the act holds.
  const stops = new Set([act.main, act.content, act.after, act.frame].flatMap((p) => (p ? [lastUnitOf(p.end - 1)] : [])));
  const main = act.content ? clauses(act.content).flatMap((c) => clauses(act.main, false).map((r) => [...c, ...r])) : clauses(act.main);
  for (const m of main) {
    candidates.push(m);
    if (act.after) for (const a of clauses(act.after)) candidates.push([...m, ...a], a);
    // Who reported or decided it, when that is someone named ("Trump has announced… "; not "He added… ").
    const [fa, fb] = act.frame?.subject ?? [0, 0];
    if (act.frame && parsed.phrases.slice(fa, fb).some((p) => p.named)) for (const f of clauses(act.frame, false)) candidates.push([...f, ...m]);
  }
  // The filter word's phrase, added where no candidate shows it.
  const wanted = new Set(focus);
  const shows = (pieces: Piece[]) => !wanted.size || pieces.some((p) => units.slice(p.from, p.to).some((u) => terms(text.slice(u.start, u.end)).some((t) => wanted.has(t))));
  if (wanted.size && !candidates.some(shows)) {
    const lo = unitOf(act.main.verb);
    const holder = units.findIndex((u, i) => i > lo && !u.date && terms(text.slice(u.start, u.end)).some((t) => wanted.has(t)));
    if (holder >= 0) {
      const from = units[holder - 1]?.phrase.kind === 'prep' ? holder - 1 : holder;
      for (const c of [...candidates]) if (c[c.length - 1].to <= from) candidates.push([...c, { from, to: holder + 1, short: false }]);
    }
  }
  let best: { label: string; value: number[] } | null = null;
  for (const pieces of candidates) {
    const label = render(text, units, pieces);
    if (label.length > max) continue;
    const inside = pieces.flatMap((p) => units.slice(p.from, p.to));
    // A label that stops where its clause does, at a comma or before a date, reads whole; one cut mid-clause does not.
    const last = pieces[pieces.length - 1].to - 1;
    const next = units[last + 1]?.phrase.kind === 'prep' ? units[last + 2] : units[last + 1];
    const whole = Number(!units[last + 1] || next?.date || units[last].phrase.pause || stops.has(last));
    const value = [Number(shows(pieces)), new Set(inside.filter((u) => u.phrase.named).map((u) => u.phrase)).size, whole, [...new Set(terms(label))].reduce((s, t) => s + weight(t), 0)];
    if (!best || better(value, best.value) || (!better(best.value, value) && label.length < best.label.length)) best = { label, value };
  }
  return best?.label ?? firstWords(trimStart(text.slice(units[unitOf(act.main.verb)].start)), max);
}

const better = (a: number[], b: number[]) => {
  const i = a.findIndex((x, k) => x !== b[k]);
  return i >= 0 && a[i] > b[i];
};

function chainHead(p: Predicate): Predicate {
  return p.shares ? chainHead(p.shares) : p;
}

/**
 * The sentence's phrases as units, the date expression cut out of its phrase when it stands as an adverbial ("in
 * February", "Davos last Thursday", "On Monday"); a date that modifies a noun ("a 2023 offensive") stays.
 */
function unitsOf(text: string, phrases: Phrase[], date: Span): Unit[] {
  return phrases.flatMap((phrase): Unit[] => {
    if (phrase.end <= date.start || phrase.start >= date.end) return [{ start: phrase.start, end: phrase.end, phrase, date: false }];
    const start = Math.max(phrase.start, date.start);
    const end = Math.min(phrase.end, date.end);
    const rest = trimEnd(text.slice(end, phrase.end));
    if (rest && !/^['’]s$/.test(rest)) return [{ start: phrase.start, end: phrase.end, phrase, date: false }];
    const before = text.slice(phrase.start, start).trim();
    return [
      ...(before ? [{ start: phrase.start, end: phrase.start + text.slice(phrase.start, start).trimEnd().length, phrase, date: false }] : []),
      { start, end: phrase.end, phrase, date: true },
    ];
  });
}

/** Pieces as text: each verbatim, gaps marked "…", a shortened name starting at its surname. */
function render(text: string, units: Unit[], pieces: Piece[]): string {
  const sorted = [...pieces].sort((a, b) => a.from - b.from);
  const merged: Piece[] = [];
  for (const p of sorted) {
    const last = merged[merged.length - 1];
    if (last && p.from <= last.to && !p.short) last.to = Math.max(last.to, p.to);
    else if (!last || p.from >= last.to) merged.push({ ...p });
  }
  const label = merged
    .map((p) => {
      const first = units[p.from];
      const from = p.short && first.phrase.surname !== null ? first.phrase.surname : first.start;
      return trimEnd(trimStart(text.slice(from, units[p.to - 1].end)));
    })
    .filter(Boolean)
    .join('… ');
  // A quotation the label opens is closed where the sentence closes it right after ("… in the region.”").
  const close = /^[.,;:!?]*”/.exec(text.slice(units[merged[merged.length - 1].to - 1].end));
  return close && (label.match(/“/g) ?? []).length > (label.match(/”/g) ?? []).length ? label + close[0] : label;
}

/** A sentence without a clause to take: its first words, cut at a word, the cut marked. */
function firstWords(text: string, max: number): string {
  let label = '';
  for (const w of trimEnd(text).split(/\s+/)) {
    if (`${label} ${w}…`.trim().length > max) return `${trimEnd(label)}…`;
    label = `${label} ${w}`.trim();
  }
  return label;
}

/** The text an act covers (its pieces joined), for likeness and for matching a filter. */
export const actText = (text: string, act: Act) => act.pieces.map((p) => text.slice(p.start, p.end)).join(' ');
