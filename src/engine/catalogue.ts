import type { Article, Passage } from '../types.js';
import { numbering } from '../corpus/numbering.js';

/** An article as /sources lists it: its number in citations, and how many paragraphs it has. */
export interface SourceInfo {
  number: number;
  article: Article;
  passages: number;
}

/** Articles as /sources lists them, numbered (src/corpus/numbering.ts), with how many passages each has. */
export function listSources(articles: Article[], passages: Map<string, number>): SourceInfo[] {
  const numbers = numbering(articles);
  return articles.map((article) => ({ number: numbers.get(article.id)!, article, passages: passages.get(article.id) ?? 0 })).sort((a, b) => a.number - b.number);
}

/** How many passages each article has. */
export function passageCounts(passages: Passage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of passages) counts.set(p.articleId, (counts.get(p.articleId) ?? 0) + 1);
  return counts;
}

/**
 * The articles as a reader knows them: numbered as they are cited, each found by its id. An engine is the catalogue
 * of its articles; the bot's thread (workers/pool.ts) holds one copied from an engine thread, to render answers with.
 */
export class Catalogue {
  readonly numbers: Map<string, number>;
  protected readonly byId: Map<string, Article>;

  constructor(private readonly listed: SourceInfo[]) {
    this.numbers = new Map(listed.map((s) => [s.article.id, s.number]));
    this.byId = new Map(listed.map((s) => [s.article.id, s.article]));
  }

  /** The articles in the order of their numbers. */
  sources(): SourceInfo[] {
    return this.listed;
  }

  article(id: string): Article | undefined {
    return this.byId.get(id);
  }
}
