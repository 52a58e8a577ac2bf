import type { Article, Passage, Sentence } from '../types.js';

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

/**
 * Sentence spans of one piece of text, offsets relative to it, trailing white space excluded. A quotation
 * stays whole with its attribution: a sentence inside quoted speech joins the one that opened the quotation
 * (when it closes within reach), and one that opens in lower case ("said Samara Seyidova…") joins the
 * quotation before it, so no quote starts inside quoted speech or with a dangling attribution.
 */
export function sentenceSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const end = index + segment.trimEnd().length;
    if (end <= index) continue;
    const last = spans[spans.length - 1];
    const continues = last && (ABBREVIATION.test(text.slice(last.start, last.end)) || /^[\s"“”‘’']*\p{Ll}/u.test(segment));
    if (continues) last.end = end;
    else spans.push({ start: index, end });
  }
  for (let i = 0; i < spans.length; i++) {
    if (!openQuotation(text.slice(spans[i].start, spans[i].end))) continue;
    const closes = spans.slice(i + 1, i + 1 + QUOTATION_REACH).findIndex((_, k) => !openQuotation(text.slice(spans[i].start, spans[i + 1 + k].end)));
    if (closes >= 0) spans.splice(i, closes + 2, { start: spans[i].start, end: spans[i + 1 + closes].end });
  }
  return spans;
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
    for (const span of sentenceSpans(article.text.slice(block.start, block.end))) {
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
