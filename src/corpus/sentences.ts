import type { Article, Passage, Sentence, Span } from '../types.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
// Intl.Segmenter breaks after "U.S." or "Aug." before a capital or digit; such a stop does not end a sentence.
const ABBREVIATION =
  /(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Sen|Rep|Gov|Pres|St|Jr|Sr|Inc|Co|Corp|Ltd|No|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)$/;
/** A passage gathers whole sentences of one paragraph up to about this many characters. */
export const PASSAGE_CHARS = 500;

export interface Split {
  sentences: Sentence[];
  passages: Passage[];
}

/** How many sentences ahead a quotation opened in one sentence may close; beyond that the mark is a stray. */
const QUOTATION_REACH = 4;

/** Sentence spans of one piece of text, offsets relative to it, trailing white space excluded. */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const end = index + segment.trimEnd().length;
    if (end <= index) continue;
    const last = spans[spans.length - 1];
    if (last && ABBREVIATION.test(text.slice(last.start, last.end))) last.end = end;
    else spans.push({ start: index, end });
  }
  return spans;
}

/**
 * For each sentence, the span a quote of it must cover so it never starts inside quoted speech or with a
 * dangling attribution: a quotation spread over several sentences is one unit with its attribution (when it
 * closes within reach), and a sentence opening in lower case ("said Samara Seyidova…") joins the one before.
 * Ranking keeps the finer sentences; only quotes take the whole unit.
 */
export function quotationUnits(text: string, spans: Span[]): Span[] {
  const units = spans.map((s) => ({ ...s }));
  const join = (from: number, to: number) => {
    const unit = { start: units[from].start, end: units[to].end };
    for (let k = from; k <= to; k++) units[k] = unit;
  };
  for (let i = 1; i < spans.length; i++) {
    if (/^[\s"“”‘’']*\p{Ll}/u.test(text.slice(spans[i].start, spans[i].end))) join(spans.findIndex((s) => s.start === units[i - 1].start), i);
  }
  for (let i = 0; i < spans.length; i++) {
    if (!openQuotation(text.slice(units[i].start, units[i].end))) continue;
    const first = spans.findIndex((s) => s.start === units[i].start);
    const closes = spans.slice(i + 1, i + 1 + QUOTATION_REACH).findIndex((s) => !openQuotation(text.slice(units[i].start, s.end)));
    if (closes >= 0) join(first, i + 1 + closes);
  }
  return units;
}

/** Whether a text leaves a quotation open: more opening than closing curly marks, or an odd number of straight ones. */
function openQuotation(text: string): boolean {
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  return count(/“/g) > count(/”/g) || count(/"/g) % 2 === 1;
}

/** Splits an article's quotable blocks into sentences, and groups them into paragraph-bound passages. */
export function splitArticle(article: Article): Split {
  const sentences: Sentence[] = [];
  const passages: Passage[] = [];
  for (const block of article.blocks) {
    if (block.kind === 'heading') continue;
    let current: Passage | null = null;
    const text = article.text.slice(block.start, block.end);
    const spans = sentenceSpans(text);
    const units = quotationUnits(text, spans);
    for (const [k, span] of spans.entries()) {
      const start = block.start + span.start;
      const end = block.start + span.end;
      if (!current || end - current.start > PASSAGE_CHARS) {
        current = { id: `${article.id}#p${passages.length}`, articleId: article.id, start, end, text: '', sentenceIds: [] };
        passages.push(current);
      }
      const sentence: Sentence = {
        id: `${article.id}#s${sentences.length}`,
        articleId: article.id,
        passageId: current.id,
        start,
        end,
        text: article.text.slice(start, end),
        unit: { start: block.start + units[k].start, end: block.start + units[k].end },
      };
      sentences.push(sentence);
      current.end = end;
      current.sentenceIds.push(sentence.id);
      current.text = article.text.slice(current.start, current.end);
    }
  }
  return { sentences, passages };
}

/** Every article's sentences and passages, in article order. */
export function splitCorpus(articles: Article[]): Split {
  const splits = articles.map(splitArticle);
  return { sentences: splits.flatMap((s) => s.sentences), passages: splits.flatMap((s) => s.passages) };
}
