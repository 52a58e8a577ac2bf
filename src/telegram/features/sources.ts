import { Composer, type Context } from 'grammy';
import { escapeHtml, humanDate } from '../../answer/reply.js';
import { pinned, type AnswerEngine } from '../context.js';
import { HTML, packMessages } from '../format.js';

/**
 * The numbered articles. An article without a headline or a date says so; a date its text implies is shown
 * as inferred, with the evidence.
 */
export async function sourcesHtml(live: AnswerEngine): Promise<string[]> {
  const engine = pinned(live);
  const inferred = await engine.inferredDates();
  const blocks = engine.sources().map(({ number, article, passages }) => {
    const guess = inferred.get(article.id);
    const date = article.date
      ? humanDate(article.date)
      : guess
        ? `date not stated; inferred ${humanDate(guess.date)} (it reports “${guess.says.replace(/[\s,.;:]+$/, '')}” the event [${engine.numbers.get(guess.from)}] dates to that day)`
        : 'date not stated';
    // an article without a headline is named by its first words: say so
    const meta = [article.titleIsLabel ? 'no headline' : null, article.publisher, date].filter(Boolean);
    const link = article.url ? `\n<a href="${escapeHtml(article.url)}">${escapeHtml(article.url)}</a>` : '';
    return `<b>[${number}] ${escapeHtml(article.title)}</b>\n${escapeHtml(meta.join(' · '))} · ${passages} passages${link}`;
  });
  return packMessages([`<b>My sources</b> (${blocks.length} articles)`, ...blocks]);
}

export function sourcesFeature(engine: AnswerEngine): Composer<Context> {
  const c = new Composer<Context>();
  c.command('sources', async (ctx) => {
    for (const html of await sourcesHtml(engine)) await ctx.reply(html, HTML);
  });
  return c;
}
