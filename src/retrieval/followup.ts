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

/** Whether a message leans on the conversation: surely, perhaps (short and naming nothing), or not at all. */
export type Leaning = 'leans' | 'maybe' | 'alone';

export interface FollowUp {
  leaning: Leaning;
  /**
   * The message completed from the previous question, when that reads as a question a person would write
   * ("who did Vance meet in Yerevan?"); null when it does not, and the message is read beside that question instead.
   */
  completed: string | null;
}

// "and in Yerevan?", "what about Pashinyan?", "how about the deal?"
const LEAD = /^\s*(?:(?:and|but|also|so)\s+(?:(?:what|how)\s+about\s+)?|(?:what|how)\s+about\s+|what\s+of\s+)/i;
// The question word(s) a question opens with, and the auxiliary after it: "how much did", "who", "when was".
const WH = /^\s*(what|when|where|who|whom|whose|why|which|how(?:\s+(?:much|many|long|big|large|often|come))?)\b/i;
const AUX = /^\s*(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could)\b/i;
// Words that carry no topic of their own in a follow-up such as "when was that?", "why tho" or "anything else?".
const FILLER = new Set(
  'what when where who whom whose why which how much many long big large often come did does do done is are was were be been has have had will would can could that this it its they them their he him his she her there then so and but also ok okay really exactly actually though happen happened again about of the a an for any anything yet'.split(' '),
);
/**
 * At most this many topic words and no name, and a message may well lean on the conversation ("how many jobs",
 * "whats inflation at") though nothing in it says so. Such messages are answered as they stand, with the reading
 * beside the last question offered as a button: on the blind conversations about the written articles (train and
 * validation) answering them as they stand or beside the last question put the same share right first.
 */
const FEW_TOPIC_WORDS = 3;
// Pronouns and "there": a message that leans on them and names nothing itself refers to the previous question.
// "there" in "is there" and "that" joining clauses refer to nothing.
// "else" ("who else", "anything else") always leans on what was asked before.
const REFERRING =
  /\b(?:he|him|his|she|her|they|them|their|it|its|else)\b|(?<!\b(?:is|are|was|were|be)\s+)\bthere\b|\b(?:this|that)(?=\s*$|\s+(?:happen|happened|mean|means|is|was)\b)/i;

/**
 * Reads how a message stands to the previous question of the same conversation. It leans on it when it opens with
 * "and"/"what about"/"how about" and asks nothing of its own, is a bare question word ("why?", "when was that?"), or
 * leans on a pronoun or "there" without naming anybody or anywhere itself. A full question, a message that names
 * its own subject ("so did Aliyev say anything about counterterrorism"), or a message with no previous question
 * stands alone.
 */
export function readFollowUp(message: string, previous: string | undefined, names: Names): FollowUp {
  const alone: FollowUp = { leaning: 'alone', completed: null };
  if (!previous?.trim()) return alone;
  const prev = withoutEnd(previous);
  const lead = LEAD.exec(message);
  const rest = withoutEnd(lead ? message.slice(lead[0].length) : message);
  const own = words(rest);
  const named = own.filter((w) => names.places.has(w) || names.people.has(w));
  const topical = own.filter((w) => !FILLER.has(w));
  const leans = (completed: string | null): FollowUp => ({ leaning: 'leans', completed: completed && `${completed}?` });

  if (!own.length) return lead ? leans(prev) : alone;
  const wh = WH.exec(rest);
  // "why?", "when was that?", "and how much?": the previous question asked again with this question word.
  if (wh && !topical.length) return leans(withQuestionWord(prev, wh[1]));
  // A name the articles use, or one written with a capital, names the message's own subject.
  const naming = named.length > 0 || /\p{Lu}/u.test(rest.slice(1));
  // "and in Yerevan?", "what about Pashinyan?": the place or person swapped. "and is Georgia on the trip?" asks
  // a question of its own.
  if (lead && !wh && !(naming && AUX.test(rest))) return leans(swapped(prev, rest, named, names));
  if ((lead || REFERRING.test(rest)) && !naming) return leans(referred(rest, prev, names));
  if (!naming && topical.length <= FEW_TOPIC_WORDS) return { leaning: 'maybe', completed: null };
  return alone;
}

/** The previous question without its question word and auxiliary: "What did Vance sign in Baku" -> "Vance sign in Baku". */
export function topicOf(previous: string): string {
  const prev = withoutEnd(previous);
  return prev.replace(WH, '').replace(AUX, '').trim() || prev;
}

/**
 * "What did Vance sign in Baku" asked with "why": "why did Vance sign in Baku". Only a question word that asks
 * about the whole event (why, when, where, how) takes another's place, and only before an auxiliary: "how big" in
 * place of "What" in "What nuclear deal did…" would not read as a question. Null otherwise.
 */
function withQuestionWord(prev: string, wh: string): string | null {
  const old = WH.exec(prev);
  if (!old || !/^(?:why|when|where|how)$/i.test(wh) || !AUX.test(prev.slice(old[0].length))) return null;
  return `${wh}${prev.slice(old[0].length)}`;
}

/** "When did Vance arrive in Baku" + "in Yerevan": the place (or person) swapped; null when there is none to swap. */
function swapped(prev: string, phrase: string, named: string[], names: Names): string | null {
  for (const kind of [names.places, names.people]) {
    const fresh = named.find((w) => kind.has(w));
    const old = fresh && [...prev.matchAll(/[\p{L}\p{N}'’-]+/gu)].find((m) => kind.has(words(m[0])[0] ?? ''));
    if (fresh && old) {
      const word = phrase.split(/\s+/).find((w) => words(w)[0] === fresh)!.replace(/[^\p{L}\p{N}'’-]/gu, '');
      return prev.slice(0, old.index) + capitalised(word) + prev.slice(old.index! + old[0].length);
    }
  }
  return null;
}

/**
 * "who did he meet there" after "When did Vance arrive in Yerevan": "who did Vance meet in Yerevan". Null when a
 * reference is left that the previous question does not settle ("how much was it worth" after "What did Vance sign").
 */
function referred(message: string, prev: string, names: Names): string | null {
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
  return REFERRING.test(out) ? null : out;
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

/**
 * How a follow-up is read beside the conversation's last question: how far its vector is drawn towards that
 * question's, and how much a sentence near the last answer's first sentence gains (in the ranker's logits, decaying
 * by e for every `spread` sentences away, in the same article). Chosen by `npm run fit:followups` (2026-12-07) on
 * the blind conversations about the written train articles and the seeds' validation ones (136 follow-ups): right
 * first 49.3%, in the first three 68.4%, answerable ones refused 12.5% (drawn neither way: 37.5%, 52.2%, 35.3%; the
 * grid's best hit@1 ties at near 0.7). On the written validation conversations (92): 44.6%, 68.5%, 6.5%; drawn
 * neither way 43.5%, 55.4%, 28.3%; the earlier rewriting of follow-ups into one question 39.1%, 63.0%, 5.4%.
 */
export interface FollowUpWeights {
  beside: number;
  near: number;
  spread: number;
}
export const FOLLOW_UP: FollowUpWeights = { beside: 0.5, near: 0.35, spread: 2 };

/** The message's vector drawn towards the previous question's, unit length again. */
export function besideQuestion(own: Float32Array, previous: Float32Array, weight = FOLLOW_UP.beside): Float32Array {
  const v = own.map((x, i) => x + weight * previous[i]);
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** The ranking with sentences near the last answer's first sentence (by position, same article) raised, best first. */
export function towardsNear<R extends { index: number; score: number; sentence: { articleId: string } }>(
  ranked: R[],
  sentences: readonly { articleId: string }[],
  near: number,
  { near: bonus, spread }: FollowUpWeights = FOLLOW_UP,
): R[] {
  const article = sentences[near].articleId;
  return ranked
    .map((r) => (r.sentence.articleId === article ? { ...r, score: r.score + bonus * Math.exp(-Math.abs(r.index - near) / spread) } : r))
    .sort((a, b) => b.score - a.score);
}
