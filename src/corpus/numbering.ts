import type { Article } from '../types.js';

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
