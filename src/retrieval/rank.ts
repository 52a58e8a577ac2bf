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
}

export interface Ranked {
  sentence: Sentence;
  score: number;
  lexical: number;
  dense: number;
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
  quantity: /(?:[$€£¥]\s?\d|\b\d[\d,.]*\s*(?:%|percent|million|billion|trillion|thousand)|\b\d{2,}\b|\b(?:dozens?|hundreds?|thousands?|millions?|billions?)\b)/i,
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
const PLACE = /\b(?:in|at|from|to|on)\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?(\p{Lu}[\p{L}-]+)/gu;

/** Whether a sentence holds the kind of thing the question asks for, beyond what the question already says. */
export function holdsKind(q: Question, kind: AnswerKind, text: string): boolean {
  const asked = new Set(words(q.text));
  const fresh = (s: string) => words(s).some((w) => !asked.has(w));
  switch (kind) {
    case 'person':
      return [...text.matchAll(PERSON)].some((m) => fresh(m[1] ?? m[2]));
    case 'place':
      return [...text.matchAll(PLACE)].some((m) => fresh(m[1]));
    case 'time':
    case 'quantity':
    case 'reason':
      return KIND_EVIDENCE[kind]!.test(text);
    default:
      return false;
  }
}

/** Whether a sentence defines the question's subject: "X is a …", "X, which …", "…, or X, …", or spells out an acronym. */
export function defines(subject: string, text: string): boolean {
  const x = subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [
    new RegExp(`\\b${x}\\b[’']?\\s*,?\\s+(?:is|are|was|were|refers to|means|stands for)\\b`, 'i'),
    new RegExp(`\\b${x}\\b\\s*(?:,|\\(|—|–)\\s*(?:a|an|the|which|who|whose)\\b`, 'i'),
    new RegExp(`,\\s*or\\s+(?:the\\s+)?${x}\\b`, 'i'),
    new RegExp(`\\(\\s*${x}\\s*\\)`, 'i'),
  ];
  return patterns.some((p) => p.test(text)) || spellsOut(subject, text);
}

/** "Trump Route for International Peace and Prosperity" spells out "TRIPP": capitalised initials match. */
function spellsOut(acronym: string, text: string): boolean {
  if (!/^\p{Lu}{2,}$/u.test(acronym)) return false;
  const initials = (text.match(/\b\p{Lu}[\p{L}-]*/gu) ?? []).map((w) => w[0]).join('');
  return initials.includes(acronym);
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
  passageScores: Map<string, number>,
): Ranked[] {
  const { lexicon, sentences } = space;
  const qTerms = [...new Set(q.terms)];
  const totalIdf = qTerms.reduce((s, t) => s + lexicon.idf(t), 0) || 1;
  const hits = lexicon.search(qTerms);
  let maxBm25 = 0;
  for (const h of hits.values()) maxBm25 = Math.max(maxBm25, h.bm25);

  const dense = new Float32Array(sentences.length);
  for (let i = 0; i < sentences.length; i++) dense[i] = dot(qVector, space.vectors, i * space.dims);

  const out: Ranked[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const hit = hits.get(i);
    if (!hit && dense[i] < 0.5) continue;
    const s = sentences[i];
    const lexical = hit ? hit.matched / totalIdf : 0;
    let score =
      WEIGHTS.lexical * lexical +
      WEIGHTS.bm25 * (hit && maxBm25 ? hit.bm25 / maxBm25 : 0) +
      WEIGHTS.dense * dense[i] +
      WEIGHTS.context * (passageScores.get(s.passageId) ?? 0);
    for (const kind of q.kinds) if (holdsKind(q, kind, s.text)) score += WEIGHTS.kind;
    if (q.subject && defines(q.subject, s.text)) score += WEIGHTS.definition;
    out.push({ sentence: s, score, lexical, dense: dense[i] });
  }
  return out.sort((a, b) => b.score - a.score);
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
  const vocab = [...lexicon.vocabulary()];
  return q.entities.filter((e) =>
    terms(e).some((t) => !lexicon.has(t) && !vocab.some((v) => nearlyEqual(t, v))),
  );
}

function nearlyEqual(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < 5 || /\d/.test(a + b)) return false;
  const max = a.length >= 8 ? 2 : 1;
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] <= max;
}
