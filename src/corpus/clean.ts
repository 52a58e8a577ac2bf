import type { Block } from '../types.js';

/** What cleaning finds in one raw article: the quotable and heading lines, a headline and a stated date. */
export interface CleanedText {
  blocks: Block[];
  headline: string | null;
  date: string | null;
}

// A dateline some scrapers prepend: "date 2026-01-24 Text…", at the start of the file or of a line.
const DATE_MARKER = /^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*/i;
const BULLET = /^[•·▪◦‣∙*-][ \t]+/u;
// Prose ends a sentence; a quote mark or bracket may follow the stop.
const TERMINAL = /[.!?…:;]["'”’»)\]]*$/u;
// Lines that sell or navigate rather than report. Generic page furniture, not strings of these seeds.
const PAGE_FURNITURE =
  /\b(banner|advert(isement)?s?|sponsored|promo(tion)?|subscribe|newsletter|sign[ -]up|log ?in|cookies?|download (the|our) app|apps? (for|with)|mockup|illustration|click here|read more|related( articles?)?|follow us|share (this|on)|all rights reserved|copyright)\b/i;
const HEADING_MAX_WORDS = 20;
/**
 * A line sharing this much of its words with an earlier line of its kind repeats it. scripts/measure-text.ts on the
 * validation writers' articles: the most alike distinct lines share 0.80 (two paragraphs: "What does the law say?",
 * "What does the government say?") and 0.75 (two headings: "The prosecution's case", "The defence's case", which the
 * heading threshold of 0.6 dropped); none repeats another. Just above 0.80: a repeat may change one word in seven.
 */
const REPEATED = 0.85;

const normalise = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export const wordSet = (s: string) => new Set(normalise(s).split(' ').filter(Boolean));

/** Share of the smaller word set found in the other: 1 when one line repeats the other. */
export function overlap(a: string | Set<string>, b: string | Set<string>): number {
  const wa = typeof a === 'string' ? wordSet(a) : a;
  const wb = typeof b === 'string' ? wordSet(b) : b;
  if (!wa.size || !wb.size) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / Math.min(wa.size, wb.size);
}

/**
 * Splits a raw article into lines and decides what each is, by rules meant for any scraped news page:
 * a dateline is read and dropped, page furniture (ads, banners, share prompts) and repeated lines
 * (headlines printed two or three times) are dropped, short lines without a full stop are headings,
 * list items keep their text without the bullet. Offsets always point into `raw`.
 */
export function cleanArticle(raw: string): CleanedText {
  const blocks: Block[] = [];
  let headline: string | null = null;
  let date: string | null = null;
  const kept: { kind: Block['kind']; words: Set<string> }[] = [];

  let offset = 0;
  for (const line of raw.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    let start = lineStart;
    let text = line;

    const marker = DATE_MARKER.exec(text);
    if (marker) {
      date ??= validDate(marker[1]);
      start += marker[0].length;
      text = text.slice(marker[0].length);
    }
    const lead = text.length - text.trimStart().length;
    start += lead;
    text = text.trim();
    if (!text || /^[\p{P}\p{S}\s]+$/u.test(text)) continue;

    let kind: Block['kind'] = 'paragraph';
    const bullet = BULLET.exec(text);
    if (bullet) {
      start += bullet[0].length;
      text = text.slice(bullet[0].length);
      kind = 'bullet';
    } else if (!TERMINAL.test(text) && text.split(/\s+/).length <= HEADING_MAX_WORDS) {
      kind = 'heading';
    }

    if (kind !== 'paragraph' && PAGE_FURNITURE.test(text)) continue;
    // A repeat of a line already kept (a headline printed again, a duplicated paragraph) adds nothing.
    const lineWords = wordSet(text);
    if (kept.some((k) => k.kind === kind && overlap(k.words, lineWords) >= REPEATED)) continue;
    kept.push({ kind, words: lineWords });

    if (kind === 'heading' && headline === null && blocks.length === 0) headline = text;
    blocks.push({ start, end: start + text.length, kind });
  }
  return { blocks, headline, date };
}

/** The date when `s` is a real calendar day as YYYY-MM-DD, else null. */
export function validDate(s: string): string | null {
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : s;
}
