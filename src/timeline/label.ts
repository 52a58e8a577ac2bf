import nlp from 'compromise';
import type { Span } from '../types.js';
import { terms } from '../retrieval/lexical.js';

/** The measure of a label that fits beside a dot: about 60 characters. */
export const LABEL_CHARS = 60;

interface Term extends Span {
  tags: string[];
}

/** A phrase of the sentence (compromise's chunks; a preposition joins the phrase after it). */
interface Unit extends Span {
  verb: boolean;
  /** Names someone or somewhere (a proper noun or acronym). */
  named: boolean;
  /** Where a person's surname starts, when the unit is a name with titles ("U.S. Vice President JD Vance"). */
  surname: number | null;
}

interface Parsed {
  clauses: (Span & { verb: boolean })[];
  units: Unit[];
}

interface Json {
  terms: { text: string; tags: string[]; offset: { start: number; length: number } }[];
}

const spanOf = (ts: Term[]): Span => ({ start: ts[0].start, end: ts[ts.length - 1].end });
const termsOf = (j: Json): Term[] => j.terms.map((t) => ({ start: t.offset.start, end: t.offset.start + t.offset.length, tags: t.tags }));

/** Clauses and phrases of a sentence, by compromise's part-of-speech tagger, as offsets into `text`. */
function parse(text: string): Parsed {
  const doc = nlp(text);
  const opts = { offset: true, terms: { offset: true } };
  const clauses = (doc.clauses().json(opts) as Json[]).map(termsOf).filter((ts) => ts.length).map((ts) => ({ ...spanOf(ts), verb: ts.some((t) => t.tags.includes('Verb')) }));
  const units: Unit[] = [];
  let pending: Term[] = [];
  for (const ts of (doc.chunks().json(opts) as Json[]).map(termsOf).filter((t) => t.length)) {
    if (ts.length === 1 && ts[0].tags.includes('Preposition')) {
      pending.push(...ts);
      continue;
    }
    const all = [...pending, ...ts];
    pending = [];
    const span = spanOf(all);
    // A name after a title ("Armenian Prime Minister Nikol Pashinyan") may be shortened to its last word.
    const capital = (t: Term) => /^\p{Lu}/u.test(text.slice(t.start, t.end));
    const title = all.findIndex((t) => t.tags.includes('Actor') || t.tags.includes('Honorific'));
    let name = title;
    while (title >= 0 && name + 1 < all.length && capital(all[name + 1])) name++;
    const named = all.some((t) => capital(t) && ['ProperNoun', 'Person', 'Place', 'Organization', 'Acronym'].some((tag) => t.tags.includes(tag)));
    units.push({ ...span, verb: ts.some((t) => t.tags.includes('Verb')), named, surname: name > title ? all[name].start : null });
  }
  if (pending.length) units.push({ ...spanOf(pending), verb: false, named: false, surname: null });
  return { clauses, units };
}

/**
 * The part of a sentence that reports its dated event: the clause holding the date expression (at `at`), or,
 * when that clause has no verb ("In 1992, …"), the next clause that has one.
 */
export function eventClause(text: string, at: number): Span {
  return clauseOf(parse(text).clauses, at, text);
}

function clauseOf(clauses: Parsed['clauses'], at: number, text: string): Span {
  const i = clauses.findIndex((c) => at >= c.start && at < c.end);
  if (i < 0) return { start: 0, end: text.length };
  if (clauses[i].verb) return clauses[i];
  const next = clauses.slice(i + 1).find((c) => c.verb) ?? [...clauses.slice(0, i)].reverse().find((c) => c.verb);
  return next ? { start: Math.min(clauses[i].start, next.start), end: Math.max(clauses[i].end, next.end) } : clauses[i];
}

const trimEnd = (s: string) => s.replace(/[\s,;:.]+$/, '');

/**
 * A short label for an event, in the sentence's own words: the run of phrases of its event clause around the
 * verb (subject, verb, object, place) that carries the most information (idf weight of its words) in `max`
 * characters, without the date expression (the picture's axis shows the date). A name may lose its titles
 * ("Trump brokered…", not "US President Donald Trump brokered…"); every cut inside the label or at its end is
 * marked with an ellipsis, so each piece between ellipses is verbatim.
 */
export function eventLabel(text: string, date: Span, weight: (term: string) => number, max = LABEL_CHARS): string {
  const parsed = parse(text);
  const clause = clauseOf(parsed.clauses, date.start, text);
  // The date goes with the preposition before it ("in August 2025"); the words around it in a phrase stay.
  const from = date.start - (/\b(?:in|on|at|since|by|during|until|last|this|of)\s+$/i.exec(text.slice(0, date.start))?.[0].length ?? 0);
  const when: Unit = { start: from, end: date.end + (/^['’]s\b/.exec(text.slice(date.end))?.[0].length ?? 0), verb: false, named: false, surname: null };
  const inner = (u: Unit): Unit => {
    const lead = /^[\s,;:]*/.exec(text.slice(u.start, u.end))![0].length;
    return { ...u, start: u.start + lead, end: u.start + lead + trimEnd(text.slice(u.start + lead, u.end)).length, surname: null };
  };
  const units = parsed.units
    .filter((u) => u.start >= clause.start && u.end <= clause.end)
    .flatMap((u) => (u.start < when.end && u.end > when.start ? [inner({ ...u, end: when.start }), when, inner({ ...u, start: when.end })] : [u]))
    .filter((u) => u === when || !/^[\s,;:.—–-]*(?:(?:and|but|or)[\s,;:.—–-]*)?$/i.test(text.slice(u.start, u.end)));
  const isDate = (u: Unit) => u === when;
  const verb = units.findIndex((u) => u.verb && !isDate(u));
  // What a label must show first: who and where (phrases with a name), then the verb's subject and object,
  // then the rarest words. Compared in that order, so no weight between them is needed.
  const subject = units.findLastIndex((u, i) => i < verb && !isDate(u));
  const object = units.findIndex((u, i) => i > verb && !isDate(u));
  const value = (label: string, s: number, e: number): number[] => [
    units.slice(s, e + 1).filter((u) => u.named).length,
    Number(subject >= 0 && s <= subject) + Number(object >= 0 && e >= object),
    terms(label).reduce((sum, t) => sum + weight(t), 0),
  ];
  const better = (a: number[], b: number[]) => a.findIndex((x, i) => x !== b[i]) >= 0 && a[a.findIndex((x, i) => x !== b[i])] > b[a.findIndex((x, i) => x !== b[i])];
  const lastWords = units.findLastIndex((u) => !isDate(u));
  let best: { label: string; value: number[] } | null = null;
  for (let s = 0; s <= (verb >= 0 ? verb : units.length - 1); s++) {
    for (let e = Math.max(s, verb); e < units.length; e++) {
      if (isDate(units[s]) || isDate(units[e])) continue;
      const names = units.slice(s, e + 1).filter((u) => u.surname !== null);
      const all = (1 << names.length) - 1;
      // Runs only grow with e: once even every name shortened is too long, so is every longer run.
      if (runLabel(text, units, s, e, new Set(names), isDate, e < lastWords).length > max) break;
      // Which names keep their titles: every choice for a few names, else none, all, or all but one.
      const masks = names.length <= 3 ? Array.from({ length: all + 1 }, (_, m) => m) : [0, all, ...names.map((_, i) => all ^ (1 << i))];
      for (const mask of masks) {
        const label = runLabel(text, units, s, e, new Set(names.filter((_, i) => mask & (1 << i))), isDate, e < lastWords);
        if (label.length > max) continue;
        const v = value(label, s, e);
        if (!best || better(v, best.value) || (!better(best.value, v) && label.length < best.label.length)) best = { label, value: v };
      }
    }
  }
  if (best) return best.label;
  // Nothing fits whole: the clause's first words, cut at a word.
  let label = '';
  for (const w of trimEnd(text.slice(clause.start, clause.end)).split(/\s+/)) {
    if (`${label} ${w}…`.trim().length > max) break;
    label = `${label} ${w}`.trim();
  }
  return `${trimEnd(label)}…`;
}

/** Units s..e as text: dates left out, the names in `short` by surname alone, every cut marked "…". */
function runLabel(text: string, units: Unit[], s: number, e: number, short: Set<Unit>, isDate: (u: Unit) => boolean, more: boolean): string {
  let out = '';
  let cut = false;
  for (let k = s; k <= e; k++) {
    const u = units[k];
    if (isDate(u)) {
      cut = out.length > 0;
      continue;
    }
    const from = short.has(u) ? u.surname! : u.start;
    if (out) out = cut || (short.has(u) && k > s) ? `${trimEnd(out)}… ` : out + text.slice(units[k - 1].end, from);
    out += text.slice(from, u.end);
    cut = false;
  }
  return trimEnd(out) + (more ? '…' : '');
}
