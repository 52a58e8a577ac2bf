import { words } from './lexical.js';
import type { AnswerKind, Question } from './question.js';
import type { Span } from '../types.js';

/** Signs that a sentence holds what a question asks for: a time, an amount, a person or group, a place, a cause, a definition. */
const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const AMOUNT_WORDS = 'two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|dozens?|hundreds?|thousands?|millions?|billions?';
const KIND_EVIDENCE: Partial<Record<AnswerKind, RegExp>> = {
  time: new RegExp(
    `\\b(?:(?:19|20)\\d{2}|${MONTH}\\s+\\d{1,2}|(?:in|since|by|until|from|early|late|mid-?)\\s+${MONTH}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tomorrow|(?:last|next|this) (?:week|month|year)|(?:years?|months?|weeks?|days?|decades?) (?:ago|later|earlier|after|before))\\b`,
    'i',
  ),
  quantity: new RegExp(`(?:[$€£¥]\\s?\\d|\\b\\d+\\b|\\b(?:${AMOUNT_WORDS})\\b)`, 'i'),
  reason: /\b(?:because|due to|as a result|so that|in order to|aimed at|intended to|dedicated to|focused on|amid|owing to|since|saying|reason)\b/i,
};
// A person: a capitalised name after a title or role, or before a verb of saying.
const TITLES = ['president', 'minister', 'secretary', 'analyst', 'leader', 'senator', 'representative', 'spokesman',
  'spokeswoman', 'spokesperson', 'ambassador', 'envoy', 'chancellor', 'king', 'queen', 'wife', 'husband', 'official',
  'officials', 'judge', 'general', 'mayor', 'governor', 'VP'].map((t) => `[${t[0].toUpperCase()}${t[0]}]${t.slice(1)}`);
const NAME_PART = "\\p{Lu}[\\p{L}.’'-]*";
const PERSON = new RegExp(
  `\\b(?:${TITLES.join('|')})\\s+((?:${NAME_PART}\\s+){0,3}${NAME_PART})|(${NAME_PART}\\s+${NAME_PART})\\s+(?:said|says|wrote|told|announced|added|stated|claimed)\\b`,
  'gu',
);
// "in February" or "on Monday" is a time, not a place.
const TIME_WORD = new RegExp(`^(?:${MONTH}|(?:mon|tues|wednes|thurs|fri|satur|sun)day)$`, 'i');
const PLACE = /\b(?:in|at|from|to|on)\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?(\p{Lu}[\p{L}-]+)/gu;

// A group as the answer to "who": "human rights groups", "Armenian-American groups", "US lawmakers".
const GROUP = /\b(?:groups?|organi[sz]ations?|lawmakers|officials|congress|parliament|court|government|administration|office|refugees|leaders|staff|press service|department|ministry|party|delegation)\b/i;
// A name: two capitalised words in a row, not at the start of the sentence.
const NAME = new RegExp(`(?<=\\S\\s+)(${NAME_PART}(?:\\s+${NAME_PART})+)`, 'gu');

// An amount as a reader sees it: "$5 billion", "4,000", "two", "40 percent".
const AMOUNT = new RegExp(
  `(?:[$€£¥]\\s?)?\\b\\d(?:[\\d,.]*\\d)?(?:\\s?(?:%|percent\\b|(?:million|billion|trillion|thousand)\\b))?|\\b(?:${AMOUNT_WORDS})\\b(?:\\s(?:million|billion|thousand|hundred)\\b)?`,
  'gi',
);

/** Where a text holds what a question asks for, beyond what the question says: the spans to show in bold. */
export function answerSpans(q: Question, text: string): Span[] {
  const asked = new Set(words(q.text));
  const fresh = (s: string) => words(s).some((w) => !asked.has(w));
  const spans: Span[] = [];
  const add = (re: RegExp, group = 0, keep: (s: string) => boolean = () => true) => {
    for (const m of text.matchAll(new RegExp(re.source, `${re.flags.replace(/[gd]/g, '')}gd`))) {
      const at = m.indices?.[group];
      if (at && keep(m[group]!)) spans.push({ start: at[0], end: at[1] });
    }
  };
  for (const kind of q.kinds) {
    if (kind === 'quantity') add(AMOUNT);
    if (kind === 'time') add(KIND_EVIDENCE.time!);
    if (kind === 'place') add(PLACE, 1, (w) => fresh(w) && !TIME_WORD.test(w));
    if (kind === 'person') {
      add(PERSON, 1, fresh);
      add(PERSON, 2, fresh);
      add(NAME, 1, fresh);
      add(GROUP, 0, fresh);
    }
    if (kind === 'definition' && q.subject) spans.push(...expansionSpans(q.subject, text));
  }
  return spans;
}

/** "Trump Route for International Peace and Prosperity": the capitalised run whose initials spell an acronym. */
function expansionSpans(acronym: string, text: string): Span[] {
  if (!/^\p{Lu}{2,}$/u.test(acronym)) return [];
  for (const m of text.matchAll(/\p{Lu}[\p{L}-]*(?:\s+(?:(?:for|and|of|the|on|in)\s+)*\p{Lu}[\p{L}-]*)+/gu)) {
    // each capitalised word, a hyphen parting two ("Trans-Alvenian" gives T and A): the initials and the words they
    // start come from the one list, so an initial always has its word
    const words = [...m[0].matchAll(/\b\p{Lu}\p{L}*/gu)];
    const at = words.map((w) => w[0][0]).join('').indexOf(acronym);
    if (at < 0) continue;
    const first = words[at];
    const last = words[at + acronym.length - 1];
    return [{ start: m.index + first.index, end: m.index + last.index + last[0].length }];
  }
  return [];
}

/** Places the text names: a capitalised word after "in", "at", "from", "to" or "on" that is not a month or a day. */
export function placesIn(text: string): string[] {
  return [...text.matchAll(PLACE)].map((m) => m[1]).filter((w) => !TIME_WORD.test(w));
}

/** People the text names: after a title or role, before a verb of saying, or two capitalised words in a row. */
export function peopleIn(text: string): string[] {
  return [...[...text.matchAll(PERSON)].map((m) => m[1] ?? m[2]), ...[...text.matchAll(NAME)].map((m) => m[1])];
}

export type KindEvidence = Record<Exclude<AnswerKind, 'definition' | 'other'>, number>;
export const EVIDENCE_KINDS: (keyof KindEvidence)[] = ['time', 'quantity', 'person', 'place', 'reason'];

/**
 * Compiles, once per question, a test of whether a sentence holds each kind of thing the question asks for,
 * beyond what the question already says (a fresh name for "who", a place for "where", a time for "when"…):
 * 1 where it does, 0 where it does not or the question does not ask for that kind.
 */
export function kindEvidence(q: Question): (text: string) => KindEvidence {
  const asked = new Set(words(q.text));
  const fresh = (s: string) => words(s).some((w) => !asked.has(w));
  const tests: Record<keyof KindEvidence, (text: string) => boolean> = {
    person: (text) => peopleIn(text).some(fresh) || fresh(GROUP.exec(text)?.[0] ?? ''),
    place: (text) => placesIn(text).some(fresh),
    time: (text) => KIND_EVIDENCE.time!.test(text),
    quantity: (text) => KIND_EVIDENCE.quantity!.test(text),
    reason: (text) => KIND_EVIDENCE.reason!.test(text),
  };
  return (text) => {
    const out: KindEvidence = { time: 0, quantity: 0, person: 0, place: 0, reason: 0 };
    for (const k of EVIDENCE_KINDS) if (q.kinds.includes(k) && tests[k](text)) out[k] = 1;
    return out;
  };
}

/**
 * How well a sentence defines X: 1 for "X is a …", "X, which …", "…, or X, is …"; 0.5 for only spelling out an
 * acronym or introducing it in brackets, "(X)", which names X without saying what it is; else 0.
 */
export function definitionOf(subject: string): (text: string) => number {
  const x = subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const says = [
    new RegExp(`\\b${x}\\b[’']?\\s*,?\\s+(?:is|are|was|were|refers to|means|stands for)\\b`, 'i'),
    new RegExp(`\\b${x}\\b\\s*(?:,|\\(|—|–)\\s*(?:a|an|the|which|who|whose)\\b`, 'i'),
    new RegExp(`\\b${x}\\s*\\)\\s*,\\s*(?:a|an|the|which)\\b`, 'i'),
    new RegExp(`,\\s*or\\s+(?:the\\s+)?${x}\\b`, 'i'),
  ];
  const names = new RegExp(`\\(\\s*${x}\\s*\\)`, 'i');
  // half for saying what X is, half for naming or spelling it out: an acronym's full definition does both
  return (text) => (says.some((p) => p.test(text)) ? 0.5 : 0) + (names.test(text) || spellsOut(subject, text) ? 0.5 : 0);
}

/** "Trump Route for International Peace and Prosperity" spells out "TRIPP": capitalised initials match. */
function spellsOut(acronym: string, text: string): boolean {
  if (!/^\p{Lu}{2,}$/u.test(acronym)) return false;
  const initials = (text.match(/\b\p{Lu}[\p{L}-]*/gu) ?? []).map((w) => w[0]).join('');
  return initials.includes(acronym);
}

// A sentence opening with a pronoun or a definite reference needs the one before it to be understood.
const OPENS_WITH_REFERENCE =
  /^(?:["“‘']\s*)?(?:he|she|it|they|this|that|these|those|his|her|their|its|the (?:agreement|deal|amendment|measure|move|decision|visit|trip|project|proposal|restriction|pact|document|plan))\b/i;

export function opensWithReference(text: string): boolean {
  return OPENS_WITH_REFERENCE.test(text);
}
