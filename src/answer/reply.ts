/**
 * What every surface shares about answers: the suggested questions, how articles are numbered for citations, and
 * dates and escaping for the text they show. Rendering an answer belongs to the surface (src/telegram/render.ts).
 */
import type { Article } from '../types.js';

/**
 * Questions the articles answer well, offered as buttons: the first four greet a new user; when a question
 * is not found, the ones closest to it in meaning are offered instead.
 */
export const SUGGESTED_QUESTIONS = [
  'What did Vance sign in Baku?',
  'What is TRIPP?',
  'Who did Vance meet in Yerevan?',
  'What nuclear deal was agreed with Armenia?',
  'What is Section 907?',
  'When did Azerbaijan take control of Karabakh?',
  'How much are the US nuclear exports to Armenia worth?',
  'Why did human rights groups write to Vance?',
];
export const EXAMPLE_QUESTIONS = SUGGESTED_QUESTIONS.slice(0, 4);

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function humanDate(iso: string): string {
  return DATE_FORMAT.format(new Date(`${iso}T00:00:00Z`));
}

/**
 * Numbers articles as /sources lists them, from 1: first those not added by `npm run add` or /add (the shipped
 * seeds keep [1]-[5]), by file name; then the added ones in the order they were added, so an article keeps its
 * number when others are added after it (their file names, hashes, would put them anywhere).
 */
export function numbering(articles: Article[]): Map<string, number> {
  const order = (a: Article, b: Article) => compare(a.added ?? '', b.added ?? '') || a.file.localeCompare(b.file);
  return new Map([...articles].sort(order).map((a, i) => [a.id, i + 1]));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
