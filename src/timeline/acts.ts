import nlp from 'compromise';
import type { Span } from '../types.js';

/**
 * A shallow parse of one sentence into phrases and predicates, on compromise's part-of-speech tags and chunks: enough
 * to say who did what in a sentence, and to tell two acts of one sentence apart ("Vance met Aliyev on Tuesday and
 * signed a strategic partnership agreement"). No word lists: only the tagger's tags decide.
 */

export interface Phrase extends Span {
  kind: 'noun' | 'verb' | 'prep' | 'conj';
  /** A verb phrase that can head a clause (has a tense, a modal or an auxiliary; not "to …", "…ing", "… by"). */
  finite: boolean;
  copula: boolean;
  /** Names someone or somewhere (a capitalised proper noun, person, place, organisation or acronym). */
  named: boolean;
  /** Where a person's surname starts, when the phrase is a name with titles ("U.S. Vice President JD Vance"). */
  surname: number | null;
  /** A comma, semicolon, colon, dash or bracket follows it. */
  pause: boolean;
  /** The first word, lower case. */
  word: string;
  /** A lone past form without auxiliary ("signed"): a participle when it follows something's object. */
  past: boolean;
  /** A coordinating conjunction ("and", "but"): a predicate right after it shares the one before's subject. */
  coord: boolean;
  /** Ends in a determiner, possessive pronoun or adjective: it cannot end a label. */
  open: boolean;
}

/** A predicate: its subject's phrases [from, to) (empty when none), its verb phrase, and its complement [verb + 1, end). */
export interface Predicate {
  subject: [number, number];
  verb: number;
  end: number;
  /** The predicate before it that it is coordinated with ("… and signed …"): it shares that one's subject. */
  shares: Predicate | null;
}

/** What the sentence says happened at its date: a predicate, with what it needs to be told. */
export interface Act {
  main: Predicate;
  /** "Trump has announced … that [main]": the predicate that reports or governs it. */
  frame: Predicate | null;
  /** "[content], Trump announced on Saturday": main only reports; this is what it reports. */
  content: Predicate | null;
  /** "… was in May 2005, when [after]": main only dates; this says what happened. */
  after: Predicate | null;
  /** The sentence text the act covers (for likeness and filtering): a shared subject and its own predicate are two pieces. */
  pieces: Span[];
}

export interface Parsed {
  text: string;
  phrases: Phrase[];
  predicates: Predicate[];
}

interface TermJson {
  text: string;
  tags: string[];
  chunk?: string;
  offset: { start: number; length: number };
}

const PAUSE = /[,;:—–()[\]]/;
const has = (t: TermJson, ...tags: string[]) => tags.some((x) => t.tags.includes(x));
const cache = new Map<string, Parsed>();

/** Phrases and predicates of a sentence, as offsets into `text` (parsed once per text). */
export function parseSentence(text: string): Parsed {
  let parsed = cache.get(text);
  if (!parsed) {
    if (cache.size > 5000) cache.clear();
    parsed = build(text);
    cache.set(text, parsed);
  }
  return parsed;
}

function build(text: string): Parsed {
  const terms = (nlp(text).json({ offset: true, terms: { offset: true } }) as { terms: TermJson[] }[]).flatMap((d) => d.terms)
    // A contraction's implied word ("Aliyev’s" read as "Aliyev is") has no text of its own.
    .filter((t) => t.offset.length > 0);
  const phrases: Phrase[] = [];
  const capital = (t: TermJson) => /^\p{Lu}/u.test(text.slice(t.offset.start, t.offset.start + t.offset.length));
  let group: TermJson[] = [];
  let kind: Phrase['kind'] = 'noun';
  const flush = () => {
    if (!group.length) return;
    const start = group[0].offset.start;
    const last = group[group.length - 1];
    const end = last.offset.start + last.offset.length;
    const after = text.slice(end).match(/^[^\p{L}\p{N}]*/u)![0];
    const verbs = group.filter((t) => has(t, 'Verb'));
    const infinitive = group[0].text.toLowerCase() === 'to' || (verbs.length === 1 && has(verbs[0], 'Infinitive') && !has(verbs[0], 'PastTense'));
    const finite =
      kind === 'verb' &&
      !infinitive &&
      (verbs.some((t) => has(t, 'Modal', 'Auxiliary', 'Copula')) ||
        (verbs.some((t) => has(t, 'PastTense', 'PresentTense')) && !has(verbs[0], 'Gerund') && !/ing$/i.test(verbs[verbs.length - 1].text)));
    // A name after a title ("Armenian Prime Minister Nikol Pashinyan") may be shortened to its last word.
    const title = group.findIndex((t) => has(t, 'Actor', 'Honorific'));
    let name = title;
    while (title >= 0 && name + 1 < group.length && capital(group[name + 1]) && has(group[name + 1], 'Person', 'ProperNoun', 'Acronym', 'Abbreviation')) name++;
    phrases.push({
      start,
      end: end + (/^['’]s\b/.test(text.slice(end)) ? 2 : 0),
      kind,
      finite,
      copula: verbs.length > 0 && verbs.every((t) => has(t, 'Copula', 'Adverb', 'Negative')),
      named: group.some((t) => capital(t) && has(t, 'ProperNoun', 'Person', 'Place', 'Organization', 'Acronym')),
      surname: name > title && has(group[name], 'Person', 'ProperNoun') ? group[name].offset.start : null,
      pause: PAUSE.test(after),
      word: group[0].text.toLowerCase(),
      past: kind === 'verb' && verbs.filter((t) => !has(t, 'Particle', 'Adverb')).length === 1 && has(verbs[0], 'PastTense') && !has(verbs[0], 'Copula', 'Auxiliary', 'Modal'),
      coord: kind === 'conj' && group.length === 1 && has(group[0], 'Conjunction'),
      open: has(last, 'Determiner', 'Possessive', 'Adjective', 'Preposition', 'Conjunction') && !has(last, 'Noun', 'ProperNoun'),
    });
    group = [];
  };
  terms.forEach((t, i) => {
    const word = t.text.toLowerCase();
    const next = terms[i + 1];
    const toVerb = word === 'to' && next && has(next, 'Verb', 'Adverb') && next.chunk === 'Verb';
    const k: Phrase['kind'] = toVerb
      ? 'verb'
      : has(t, 'Preposition') || word === 'to'
        ? 'prep'
        : (has(t, 'Conjunction', 'QuestionWord') && !has(t, 'Adverb')) || ['that', 'which', 'who', 'whom', 'whose'].includes(word)
          ? 'conj'
          : t.chunk === 'Verb' && !(has(t, 'Adverb') && !(next?.chunk === 'Verb'))
            ? 'verb'
            : 'noun';
    const prev = terms[i - 1];
    const pausedBefore = prev && PAUSE.test(text.slice(prev.offset.start + prev.offset.length, t.offset.start));
    // "then-President", "Washington-backed": a hyphenated word stays with its neighbour.
    const joined = prev && text.slice(prev.offset.start + prev.offset.length, t.offset.start) === '-';
    if (!joined && (k !== kind || k === 'prep' || k === 'conj' || pausedBefore || (kind === 'verb' && toVerb))) {
      flush();
      kind = k;
    } else if (joined && k === 'noun') kind = 'noun';
    group.push(t);
  });
  flush();
  // A lone past form after a noun phrase that is something's object is a participle, not a clause's verb: "the deal
  // mentioned by Trump", "builds on documents signed in Washington", "as part of a tour aimed at …". The noun
  // phrase (with its prepositional phrases) is an object when a verb stands right before it or it starts with a
  // preposition; after a clause's edge (start, comma, joining word) it is a subject: "a court in Baku handed".
  phrases.forEach((p, i) => {
    if (!p.finite || !p.past) return;
    if (phrases[i + 1]?.word === 'by') p.finite = false;
    let j = i;
    while (j > 0 && (phrases[j - 1].kind === 'noun' || phrases[j - 1].kind === 'prep') && !phrases[j - 1].pause) j--;
    const before = phrases[j - 1];
    if (j < i && (phrases[j].kind === 'prep' || (before && !before.pause && before.kind === 'verb'))) p.finite = false;
  });
  return { text, phrases, predicates: predicatesOf(phrases) };
}

/** The phrases before verb `v` that are its subject: a noun phrase with its modifiers, back to a clause's edge. */
function subjectOf(ph: Phrase[], v: number, depth = 0): [number, number] {
  let k = v - 1;
  while (k >= 0) {
    const p = ph[k];
    if (p.pause || p.kind === 'conj') break;
    if (p.kind === 'verb' && p.finite) {
      // "The last time a leader visited the region was …": a clause is the subject of a copula.
      if (ph[v].copula && depth === 0) return [subjectOf(ph, k, 1)[0], v];
      break;
    }
    k--;
  }
  let from = k + 1;
  // A leading prepositional phrase ("In 1992 the Congress …") is not the subject.
  while (from < v && ph[from].kind === 'prep') {
    from++;
    while (from < v && ph[from].kind === 'noun' && ph[from + 1]?.kind === 'noun') from++;
    if (from < v && ph[from].kind === 'noun' && from + 1 < v) from++;
  }
  return [from, v];
}

function predicatesOf(ph: Phrase[]): Predicate[] {
  const heads = ph.map((p, i) => (p.kind === 'verb' && p.finite ? i : -1)).filter((i) => i >= 0);
  const subjects = new Map(heads.map((v) => [v, subjectOf(ph, v)]));
  const out: Predicate[] = [];
  for (const v of heads) {
    let end = v + 1;
    for (; end < ph.length; end++) {
      const p = ph[end];
      if (p.kind === 'verb' && p.finite) {
        // Another clause starts: at its subject, and at the word that joins it ("that", "when", "and").
        let at = Math.max(v + 1, subjects.get(end)![0]);
        while (at > v + 1 && ph[at - 1].kind === 'conj') at--;
        end = at;
        break;
      }
      const paused = ph[end - 1].pause;
      if (p.kind === 'conj' && ph[end + 1]?.kind === 'verb') break; // "… and signed", "…, which prohibited"
      if (paused && (p.kind !== 'noun' || ph[end + 1]?.kind === 'verb')) break; // ", including …", ", the US vice president said"
    }
    const prev = out[out.length - 1];
    const [from] = subjects.get(v)!;
    // "… and signed …": no subject of its own after the joining word, so it shares the previous one's.
    const joined = prev && from === v && v > 0 && ph[v - 1].coord && prev.end >= v - 2 && prev.end <= v;
    out.push({ subject: joined ? prev.subject : [from, v], verb: v, end: Math.max(end, v + 1), shares: joined ? prev : null });
  }
  return out;
}

const startOf = (p: Predicate): number => (p.shares ? startOf(p.shares) : p.subject[0] < p.verb ? p.subject[0] : p.verb);

/** The phrases that say something besides the date and joining words. */
const saysMore = (ph: Phrase[], from: number, to: number, date: Span) =>
  ph.slice(from, to).some((p) => (p.kind === 'noun' || p.kind === 'verb') && !(p.start >= date.start && p.end <= date.end + 3));

/**
 * The acts a sentence dates: the predicate holding the date (the innermost, or the main clause after a fronted
 * date such as "On Monday, …"), and every predicate coordinated with it ("… and signed …"), each with the clause
 * that frames it, what a bare reporting clause reports, or what a bare dating clause dates.
 */
export function actsOf(parsed: Parsed, date: Span): Act[] {
  const { phrases: ph, predicates } = parsed;
  if (!predicates.length) return [];
  const from = (p: Predicate) => ph[startOf(p)].start;
  const to = (p: Predicate) => ph[p.end - 1].end;
  // A coordinated predicate's text: its shared subject, then its own verb and complement.
  const own = (p: Predicate): Span[] => {
    if (!p.shares) return [{ start: from(p), end: to(p) }];
    const [a, b] = p.subject;
    return [...(a < b ? [{ start: ph[a].start, end: ph[b - 1].end }] : []), { start: ph[p.verb].start, end: to(p) }];
  };
  const holding = predicates.filter((p) => from(p) <= date.start && date.end <= to(p)).sort((a, b) => to(a) - from(a) - (to(b) - from(b)));
  // A fronted date ("On Monday, …") dates the clause after it; a trailing phrase (", referring to talks … on
  // Aug. 8") the sentence's first clause.
  const main = holding[0] ?? predicates.find((p) => from(p) >= date.end) ?? predicates[0];
  // The chain of coordinated predicates the main one belongs to.
  const chain = [main];
  for (let p = main.shares; p; p = p.shares) chain.unshift(p);
  for (const p of predicates) if (p.shares && chain.includes(p.shares) && !chain.includes(p)) chain.push(p);
  return chain.map((m) => {
    const i = predicates.indexOf(m);
    const bare = !saysMore(ph, m.verb + 1, m.end, date);
    const before = predicates[i - 1];
    const after = predicates[i + 1];
    // "[content], Trump announced on Saturday."
    const content = bare && !m.shares && before && before.end <= startOf(m) && ph[before.end - 1].pause ? before : null;
    // "… was in May 2005, when Bush traveled …"
    const dated = bare && !content && after && !after.shares ? after : null;
    // "Trump has announced … that [m]", "… what [m]": the clause it hangs from by a joining word.
    const joining = before ? ph.slice(before.end, startOf(m)) : [];
    const frame = !content && before && !m.shares && joining.length > 0 && joining.every((p) => p.kind === 'conj' && !p.coord) ? before : null;
    const pieces = [m, content, dated, frame].flatMap((p) => (p ? own(p) : []));
    return { main: m, frame, content, after: dated, pieces };
  });
}
