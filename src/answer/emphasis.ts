import { answerSpans } from '../retrieval/evidence.js';
import { termWords } from '../retrieval/lexical.js';
import type { Question } from '../retrieval/question.js';
import type { Span } from '../types.js';

/**
 * The parts of a quote to show in bold: what the question asks for (the amount for "how much", the time for
 * "when", the name or group for "who", the place for "where", the expansion of an acronym), or, when the quote
 * holds none of that, the words it shares with the question. Spans are sorted and do not overlap.
 */
export function emphasis(q: Question, quote: string): Span[] {
  const found = answerSpans(q, quote);
  return merged(found.length ? found : sharedWords(q, quote));
}

function sharedWords(q: Question, quote: string): Span[] {
  const asked = new Set(q.words.map((w) => w.term));
  return [...quote.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)]
    .filter((m) => termWords(m[0]).some((t) => asked.has(t.term)))
    .map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

function merged(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
