import type { Article, Block } from '../types.js';
import { humanDate } from '../text/dates.js';

/**
 * An article described the way a reader knows it, for /sources, "Where is this from?" and the replies to /add and
 * `npm run add`: who published it, when, and how many paragraphs it has. Plain text; the callers escape it.
 */

/** The publisher its page or seeds/sources.json states, else the site its address names ("reuters.com"), else null. */
export function publisherOf(article: Pick<Article, 'publisher' | 'url'>): string | null {
  if (article.publisher) return article.publisher;
  if (!article.url) return null;
  try {
    return new URL(article.url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/**
 * "published 10 February 2026" when the article states its date; "dated 24 January 2026 from its text" when the date
 * was worked out from what it reports (`inferred`, YYYY-MM-DD); null when neither is known.
 */
export function dateText(article: Pick<Article, 'date'>, inferred?: string | null): string | null {
  if (article.date) return `published ${humanDate(article.date)}`;
  if (inferred) return `dated ${humanDate(inferred)} from its text`;
  return null;
}

/** The article's paragraphs as it has them (list items count as paragraphs, headings do not). */
export function paragraphsOf(article: Pick<Article, 'blocks'>): Block[] {
  return article.blocks.filter((b) => b.kind !== 'heading');
}

/** "1 paragraph", "12 paragraphs". */
export function paragraphCount(article: Pick<Article, 'blocks'>): string {
  const n = paragraphsOf(article).length;
  return `${n} ${n === 1 ? 'paragraph' : 'paragraphs'}`;
}

/** "paragraph 4 of 12": where the text at `offset` stands in the article; null when no paragraph holds it. */
export function paragraphPlace(article: Pick<Article, 'blocks'>, offset: number): string | null {
  const paragraphs = paragraphsOf(article);
  const at = paragraphs.findIndex((b) => b.start <= offset && offset < b.end) + 1;
  return at ? `paragraph ${at} of ${paragraphs.length}` : null;
}

/**
 * What /sources says under an article's headline: "no headline" when it is named by its first words, the
 * publisher, the date (or "date not stated") and the paragraphs, e.g. "Reuters · published 10 February 2026 · 12 paragraphs".
 */
export function articleFacts(article: Pick<Article, 'titleIsLabel' | 'publisher' | 'url' | 'date' | 'blocks'>, inferred?: string | null): string {
  return [article.titleIsLabel ? 'no headline' : null, publisherOf(article), dateText(article, inferred) ?? 'date not stated', paragraphCount(article)]
    .filter(Boolean)
    .join(' · ');
}
