import { Composer, type Context } from 'grammy';
import { escapeHtml, humanDate } from '../../answer/reply.js';
import type { AnswerEngine } from '../context.js';
import { HTML, packMessages } from '../format.js';

export function sourcesHtml(engine: AnswerEngine): string[] {
  const blocks = engine.sources().map(({ number, article, passages }) => {
    const meta = [article.publisher, article.date ? humanDate(article.date) : 'date not stated'].filter(Boolean);
    const link = article.url ? `\n<a href="${escapeHtml(article.url)}">${escapeHtml(article.url)}</a>` : '';
    return `<b>[${number}] ${escapeHtml(article.title)}</b>\n${escapeHtml(meta.join(' · '))} · ${passages} passages · <code>${escapeHtml(article.file)}</code>${link}`;
  });
  return packMessages([`<b>My sources</b> (${blocks.length} articles)`, ...blocks]);
}

export function sourcesFeature(engine: AnswerEngine): Composer<Context> {
  const c = new Composer<Context>();
  c.command('sources', async (ctx) => {
    for (const html of sourcesHtml(engine)) await ctx.reply(html, HTML);
  });
  return c;
}
