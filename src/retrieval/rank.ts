import type { Sentence } from '../types.js';
import { Bm25, terms, words } from './lexical.js';
import type { AnswerKind, Question } from './question.js';

/** Everything ranking needs about the corpus, built once when the engine opens. */
export interface SearchSpace {
  sentences: Sentence[];
  /** Row i holds sentence i's unit vector. */
  vectors: Float32Array;
  dims: number;
  lexicon: Bm25;
  /** Each passage's unit vector: a sentence's context. */
  passageVectors: Map<string, Float32Array>;
}

export interface Ranked {
  sentence: Sentence;
  score: number;
  lexical: number;
  dense: number;
  /** How far the dense similarity stands above the corpus's, in standard deviations: static embeddings
   * rate almost any two texts of one topic alike, so only the excess says something. */
  denseZ: number;
}

export const WEIGHTS = {
  lexical: 0.5,
  bm25: 0.15,
  dense: 0.35,
  context: 0.1,
  kind: 0.12,
  definition: 0.25,
};

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const KIND_EVIDENCE: Partial<Record<AnswerKind, RegExp>> = {
  time: new RegExp(
    `\\b(?:(?:19|20)\\d{2}|${MONTH}\\s+\\d{1,2}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tomorrow|last (?:week|month|year)|next (?:week|month|year))\\b`,
    'i',
  ),
  quantity:
    /(?:[$€£¥]\s?\d|\b\d+\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|dozens?|hundreds?|thousands?|millions?|billions?)\b)/i,
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

/**
 * Compiles, once per question, a test of whether a sentence holds the kind of thing the question asks for
 * beyond what the question already says (a fresh name for "who", a place for "where", a time for "when"…).
 */
export function kindEvidence(q: Question): (text: string) => number {
  const asked = new Set(words(q.text));
  const fresh = (s: string) => words(s).some((w) => !asked.has(w));
  const tests = q.kinds.map((kind): ((text: string) => boolean) => {
    switch (kind) {
      case 'person':
        return (text) => [...text.matchAll(PERSON)].some((m) => fresh(m[1] ?? m[2]));
      case 'place':
        return (text) => [...text.matchAll(PLACE)].some((m) => fresh(m[1]) && !TIME_WORD.test(m[1]));
      case 'time':
      case 'quantity':
      case 'reason':
        return (text) => KIND_EVIDENCE[kind]!.test(text);
      default:
        return () => false;
    }
  });
  return (text) => tests.filter((t) => t(text)).length;
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
  return (text) => (says.some((p) => p.test(text)) ? 1 : names.test(text) || spellsOut(subject, text) ? 0.5 : 0);
}

/** "Trump Route for International Peace and Prosperity" spells out "TRIPP": capitalised initials match. */
function spellsOut(acronym: string, text: string): boolean {
  if (!/^\p{Lu}{2,}$/u.test(acronym)) return false;
  const initials = (text.match(/\b\p{Lu}[\p{L}-]*/gu) ?? []).map((w) => w[0]).join('');
  return initials.includes(acronym);
}

const DENSE_CANDIDATES = 100;
/** Only this many of the best by words and meaning are checked for answer evidence (regular expressions). */
const EVIDENCE_CANDIDATES = 300;

/** Indices of the k largest values, without sorting the whole array. */
function topIndices(values: Float32Array, k: number): number[] {
  if (values.length <= k) return [...values.keys()];
  const sorted = Float32Array.from(values).sort();
  const threshold = sorted[values.length - k];
  const out: number[] = [];
  for (let i = 0; i < values.length && out.length < k; i++) if (values[i] >= threshold) out.push(i);
  return out;
}

export function dot(a: Float32Array, b: Float32Array, offset = 0): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[offset + i];
  return s;
}

/**
 * Scores every sentence that shares a term with the question or lies close to it in meaning.
 * The score mixes: the share of the question's term weight (idf) the sentence covers, its BM25, its dense
 * similarity, the dense similarity of its passage, and evidence that it holds what the question asks for.
 */
export function rankSentences(
  space: SearchSpace,
  q: Question,
  qVector: Float32Array,
): Ranked[] {
  const { lexicon, sentences } = space;
  const qTerms = [...new Set(q.terms)];
  const totalIdf = qTerms.reduce((s, t) => s + lexicon.idf(t), 0) || 1;
  const hits = lexicon.search(qTerms);
  let maxBm25 = 0;
  for (const h of hits.values()) maxBm25 = Math.max(maxBm25, h.bm25);

  const dense = new Float32Array(sentences.length);
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < sentences.length; i++) {
    dense[i] = dot(qVector, space.vectors, i * space.dims);
    sum += dense[i];
    squares += dense[i] * dense[i];
  }
  const mean = sum / sentences.length;
  const sd = Math.sqrt(Math.max(1e-12, squares / sentences.length - mean * mean));
  // Candidates: every sentence sharing a term, and the closest ones in meaning.
  const candidates = new Set(hits.keys());
  for (const i of topIndices(dense, DENSE_CANDIDATES)) candidates.add(i);

  // First a cheap score from words and meaning for every candidate; the rest only for the best of them.
  const scored: { i: number; base: number; lexical: number }[] = [];
  for (const i of candidates) {
    const hit = hits.get(i);
    const lexical = hit ? hit.matched / totalIdf : 0;
    const base = WEIGHTS.lexical * lexical + WEIGHTS.bm25 * (hit && maxBm25 ? hit.bm25 / maxBm25 : 0) + WEIGHTS.dense * dense[i];
    scored.push({ i, base, lexical });
  }
  scored.sort((a, b) => b.base - a.base);
  const evidence = kindEvidence(q);
  const defines = q.subject ? definitionOf(q.subject) : () => 0;
  const top = scored.slice(0, EVIDENCE_CANDIDATES).map(({ i, base, lexical }): Ranked => {
    const s = sentences[i];
    const score =
      base +
      WEIGHTS.context * dot(qVector, space.passageVectors.get(s.passageId)!) +
      WEIGHTS.kind * evidence(s.text) +
      WEIGHTS.definition * defines(s.text);
    return { sentence: s, score, lexical, dense: dense[i], denseZ: (dense[i] - mean) / sd };
  });
  return top.sort((a, b) => b.score - a.score);
}

/** The share of the question's term weight that no article holds at all. */
export function unknownShare(q: Question, lexicon: Bm25): number {
  const all = [...new Set(q.terms)];
  const total = all.reduce((s, t) => s + lexicon.idf(t), 0);
  const unknown = all.filter((t) => !lexicon.has(t)).reduce((s, t) => s + lexicon.idf(t), 0);
  return total ? unknown / total : 1;
}

/** Question entities (names, numbers) that no article mentions, even with a one- or two-letter typo. */
export function unknownEntities(q: Question, lexicon: Bm25): string[] {
  return q.entities.filter((e) => terms(e).some((t) => !lexicon.has(lexicon.closestForm(t))));
}
