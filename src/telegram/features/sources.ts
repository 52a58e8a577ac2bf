import { Composer } from 'grammy';
import { escapeHtml } from '../../text/html.js';
import { articleFacts } from '../../answer/provenance.js';
import type { Article } from '../../types.js';
import type { BotContext } from '../context.js';
import { HTML, packMessages } from '../format.js';

/**
 * The numbered articles, each as a reader knows it: headline, publisher, date and how many paragraphs, and its link.
 * An article without a headline or a date says so; a date worked out from what it reports is "dated … from its text".
 */
export async function sourcesHtml(engine: BotContext['engine']): Promise<string[]> {
  const inferred = await engine.inferredDates();
  const blocks = engine.sources().map(({ number, article }) => sourceHtml(number, article, inferred.get(article.id)?.date));
  return packMessages([`<b>My sources</b> (${blocks.length} articles)`, ...blocks]);
}

/** One article of /sources: "[n] Headline", then "Publisher · published 10 February 2026 · 12 paragraphs", then its link. */
export function sourceHtml(number: number, article: Article, inferred?: string | null): string {
  const link = article.url ? `\n<a href="${escapeHtml(article.url)}">${escapeHtml(article.url)}</a>` : '';
  return `<b>[${number}] ${escapeHtml(article.title)}</b>\n${escapeHtml(articleFacts(article, inferred))}${link}`;
}

export function sourcesFeature(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.command('sources', async (ctx) => {
    for (const html of await sourcesHtml(ctx.engine)) await ctx.reply(html, HTML);
  });
  return c;
}
