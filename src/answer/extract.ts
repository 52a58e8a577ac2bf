import { overlap } from '../corpus/clean.js';
import { terms } from '../retrieval/lexical.js';
import { opensWithReference } from '../retrieval/evidence.js';
import type { Article, Extract, Sentence, Span } from '../types.js';
import type { Ranked } from '../retrieval/rank.js';

/**
 * A quote longer than this is cut at a word and marked with an ellipsis. From Telegram's layout: a reply shows three
 * quotes (SHOWN_EXTRACTS) in one message of at most 4,096 characters, so three of 700 leave room for their citations.
 * No validation answer reaches it (scripts/measure-validation.ts: 0 quotes cut).
 */
export const MAX_QUOTE_CHARS = 700;
/**
 * Two sentences sharing this much of the shorter one's content terms say the same thing. Validation
 * (scripts/measure-validation.ts, run with the number changed): 0.5 merges 132 extracts into another article's and
 * hit@3 falls to 85.0%; 0.7: 96 and 85.6%; 0.9: 92 and 85.6%.
 */
const SAME_SENTENCE = 0.7;
/**
 * How far down the ranking to look for extracts and for other articles carrying the same sentence. On validation only
 * the "Also in" citations depend on it (the gap keeps the extracts far higher): 20: 59 extracts cite a second
 * article; 60: 96; 300: 108, for five times the scan.
 */
const SCAN = 60;

export interface ExtractContext {
  articles: Map<string, Article>;
  /** The sentence before each sentence of the same passage, if any. */
  previous: Map<string, Sentence>;
  /** Later extracts score at most this far below the best (in the ranker's logits), or they are noise. */
  keepGap: number;
}

/** Turns ranked sentences (best first) into extracts: verbatim spans, near-duplicates across articles merged and cited. */
export function selectExtracts(ranked: Ranked[], ctx: ExtractContext, limit: number): Extract[] {
  const out: Extract[] = [];
  const seen: Set<string>[] = [];
  const scanned = ranked.slice(0, SCAN);
  const best = scanned[0]?.score ?? 0;
  for (const r of scanned) {
    if (r.score < best - ctx.keepGap) continue;
    const words = new Set(terms(r.sentence.text));
    const twinAt = seen.findIndex((w) => overlap(w, words) >= SAME_SENTENCE);
    const twin = out[twinAt];
    if (twin) {
      if (twin.source.id !== r.sentence.articleId && !twin.alsoIn.includes(r.sentence.articleId)) {
        const { quote, source, span } = toExtract(r, ctx);
        twin.alsoIn.push(r.sentence.articleId);
        twin.elsewhere.push({ quote, source, span });
      }
      continue;
    }
    if (out.length >= limit) continue; // keep scanning only to find more articles for alsoIn
    const extract = toExtract(r, ctx);
    // A quote reaching into an earlier one of the same article (a pronoun-led sentence brings the one before):
    // the earlier extract grows to cover both rather than show the same words twice.
    const overlapping = out.findIndex(
      (e) => e.source.id === extract.source.id && extract.span.start < e.span.end && e.span.start < extract.span.end,
    );
    if (overlapping >= 0) {
      const e = out[overlapping];
      e.span = { start: Math.min(e.span.start, extract.span.start), end: Math.max(e.span.end, extract.span.end) };
      e.quote = trimQuote(ctx.articles.get(e.source.id)!.text.slice(e.span.start, e.span.end));
      seen[overlapping] = new Set(terms(e.quote));
      continue;
    }
    out.push(extract);
    seen.push(new Set(terms(extract.quote)));
  }
  return out;
}

/**
 * Where a sentence's quote stands in its article: the whole quotation it belongs to; from the sentence before
 * when it opens with a reference to it; and, when it ends with a colon, through the list items it introduces
 * (as many whole items as fit the quote's length limit).
 */
export function quoteSpan(s: Sentence, previous: Sentence | undefined, article: Article): Span {
  const start = previous && opensWithReference(s.text) ? Math.min(previous.unit.start, s.unit.start) : s.unit.start;
  let end = s.unit.end;
  if (s.text.endsWith(':')) {
    for (const item of article.blocks.filter((b) => b.start >= s.end)) {
      if (item.kind !== 'bullet' || item.end - start > MAX_QUOTE_CHARS) break;
      end = item.end;
    }
  }
  return { start, end };
}

function toExtract(r: Ranked, ctx: ExtractContext): Extract {
  const s = r.sentence;
  const article = ctx.articles.get(s.articleId)!;
  const { start, end } = quoteSpan(s, ctx.previous.get(s.id), article);
  return {
    quote: trimQuote(article.text.slice(start, end)),
    source: { id: article.id, file: article.file, title: article.title, date: article.date, url: article.url },
    alsoIn: [],
    elsewhere: [],
    score: Math.round(r.score * 10_000) / 10_000,
    span: { start, end },
  };
}

/**
 * Cuts a long quote at a word boundary; the ellipsis marks the cut, so the rest stays verbatim. A boundary is sought in
 * the second half only (`max / 2`): a quote keeps at least half its length when the text has no space near the end.
 */
export function trimQuote(text: string, max = MAX_QUOTE_CHARS): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}
