import { peopleIn, placesIn } from './evidence.js';
import { words } from './lexical.js';
import { analyseQuestion } from './question.js';

/** The names the articles use, lower-cased: what tells "and in Yerevan?" (a place) from "and Pashinyan?" (a person). */
export interface Names {
  places: ReadonlySet<string>;
  people: ReadonlySet<string>;
}

/**
 * Reads the place and person names out of the articles' sentences. A word the articles also write in lower
 * case ("president", "the minister") is not a name; a word named as a place is a place.
 */
export function namesOf(sentences: string[]): Names {
  const common = new Set(sentences.flatMap((s) => s.match(/(?<![\p{L}\p{N}])\p{Ll}[\p{L}]*/gu) ?? []));
  const counts = (find: (s: string) => string[]) => {
    const n = new Map<string, number>();
    for (const w of sentences.flatMap((s) => find(s).flatMap(words))) if (!common.has(w)) n.set(w, (n.get(w) ?? 0) + 1);
    return n;
  };
  const asPlace = counts(placesIn);
  const asPerson = counts(peopleIn);
  // "a letter to Vance" names a person after "to": a word is what the articles name it as more often.
  const places = new Set([...asPlace].filter(([w, n]) => n > (asPerson.get(w) ?? 0)).map(([w]) => w));
  const people = new Set([...asPerson.keys()].filter((w) => !places.has(w)));
  return { places, people };
}

export interface FollowUp {
  /** The question to answer: the message itself, or the message completed from the previous question. */
  question: string;
  /** True when the message borrowed from the previous question. */
  borrowed: boolean;
}

// "and in Yerevan?", "what about Pashinyan?", "how about the deal?"
const LEAD = /^\s*(?:(?:and|but|also|so)\s+(?:(?:what|how)\s+about\s+)?|(?:what|how)\s+about\s+|what\s+of\s+)/i;
// The question word(s) a question opens with, and the auxiliary after it: "how much did", "who", "when was".
const WH = /^\s*(what|when|where|who|whom|whose|why|which|how(?:\s+(?:much|many|long|big|large|often|come))?)\b/i;
const AUX = /^\s*(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could)\b/i;
// Words that carry no topic of their own in a follow-up such as "when was that?" or "why did they?".
const FILLER = new Set(
  'what when where who whom whose why which how much many long big large often come did does do done is are was were be been has have had will would can could that this it its they them their he him his she her there then so and but also ok okay really exactly happen happened again about of the a an for'.split(' '),
);
// Pronouns and "there": a message that leans on them and names nothing itself refers to the previous question.
// "there" in "is there" and "that" joining clauses refer to nothing.
// "else" ("who else", "anything else") always leans on what was asked before.
const REFERRING =
  /\b(?:he|him|his|she|her|they|them|their|it|its|else)\b|(?<!\b(?:is|are|was|were|be)\s+)\bthere\b|\b(?:this|that)(?=\s*$|\s+(?:happen|happened|mean|means|is|was)\b)/i;

/**
 * Completes an elliptical message from the previous question of the same conversation. A message is
 * elliptical when it opens with "and"/"what about"/"how about", is a bare question word ("why?", "when was
 * that?"), or leans on a pronoun or "there" without naming anybody or anywhere itself. A full question, or a
 * message with no previous question, stands alone.
 */
export function resolveFollowUp(message: string, previous: string | undefined, names: Names): FollowUp {
  const alone = { question: message, borrowed: false };
  if (!previous?.trim()) return alone;
  const prev = withoutEnd(previous);
  const lead = LEAD.exec(message);
  const rest = withoutEnd(lead ? message.slice(lead[0].length) : message);
  const own = words(rest);
  const named = own.filter((w) => names.places.has(w) || names.people.has(w));
  const topical = own.filter((w) => !FILLER.has(w));

  if (!own.length) return lead ? { question: `${prev}?`, borrowed: true } : alone;
  const wh = WH.exec(rest);
  // "why?", "when was that?", "and how much?": the previous question asked again with this question word.
  if (wh && !topical.length) return { question: `${withQuestionWord(prev, wh[1])}?`, borrowed: true };
  if (lead && !wh) return { question: `${swapped(prev, rest, named, names)}?`, borrowed: true };
  if ((lead || REFERRING.test(rest)) && !named.length && !/\p{Lu}/u.test(rest.slice(1))) {
    return { question: `${referred(rest, prev, names)}?`, borrowed: true };
  }
  return alone;
}

/** "What did Vance sign in Baku" asked with "why": "why did Vance sign in Baku". */
function withQuestionWord(prev: string, wh: string): string {
  const old = WH.exec(prev);
  return old ? `${wh}${prev.slice(old[0].length)}` : `${wh} ${prev}`;
}

/** "When did Vance arrive in Baku" + "in Yerevan": the place (or person) swapped; anything else added. */
function swapped(prev: string, phrase: string, named: string[], names: Names): string {
  for (const kind of [names.places, names.people]) {
    const fresh = named.find((w) => kind.has(w));
    const old = fresh && [...prev.matchAll(/[\p{L}\p{N}'’-]+/gu)].find((m) => kind.has(words(m[0])[0] ?? ''));
    if (fresh && old) {
      const word = phrase.split(/\s+/).find((w) => words(w)[0] === fresh)!.replace(/[^\p{L}\p{N}'’-]/gu, '');
      return prev.slice(0, old.index) + capitalised(word) + prev.slice(old.index! + old[0].length);
    }
  }
  return `${prev}, and ${phrase}`;
}

/** "who did he meet there" after "When did Vance arrive in Yerevan": "who did Vance meet in Yerevan". */
function referred(message: string, prev: string, names: Names): string {
  const person = nameIn(prev, names.people);
  const place = nameIn(prev, names.places);
  let out = message;
  if (person) {
    out = out.replace(/\bhis\b/gi, `${person}’s`).replace(/\b(?:he|him|she|her)\b/gi, person);
  }
  if (place) out = out.replace(/\bthere\b/gi, `in ${place}`);
  // "what does it stand for" after "what is TRIPP": "it" is what the previous question asked about.
  const subject = analyseQuestion(prev).subject;
  if (subject) out = out.replace(/\b(?:it|this|that)\b/i, subject);
  if (!REFERRING.test(out)) return out;
  // "how much was it worth": what "it" is stays in the previous question; its topic comes along.
  return `${out}, about ${topicOf(prev)}`;
}

/** The previous question without its question word and auxiliary: "What did Vance sign in Baku" -> "Vance sign in Baku". */
function topicOf(prev: string): string {
  let rest = prev.replace(WH, '');
  rest = rest.replace(AUX, '');
  return rest.trim() || prev;
}

/** The first run of capitalised-or-known name words in a text, as written there. */
function nameIn(text: string, known: ReadonlySet<string>): string | null {
  const tokens = text.split(/\s+/);
  const at = tokens.findIndex((t) => known.has(words(t)[0] ?? ''));
  if (at < 0) return null;
  let end = at + 1;
  while (end < tokens.length && known.has(words(tokens[end])[0] ?? '')) end++;
  return tokens
    .slice(at, end)
    .map((t) => capitalised(t.replace(/[^\p{L}\p{N}'’-]/gu, '')))
    .join(' ');
}

/** A question without its surrounding space and closing punctuation, to be built on. */
const withoutEnd = (text: string) => text.trim().replace(/[?.!\s]+$/, '');
const capitalised = (w: string) => (w ? w[0].toUpperCase() + w.slice(1) : w);
