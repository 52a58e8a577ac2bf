import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { escapeHtml } from '../../text/html.js';
import { eventHtml, pictureTitle } from '../../timeline/format.js';
import { timelinePng } from '../../timeline/picture.js';
import type { BotContext } from '../context.js';
import { HTML, packMessages } from '../format.js';

const PAGE = /^tl:(\d+):(.*)$/s;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Callback data holds the page and the filter; Telegram allows 64 bytes, so a long filter is cut. */
function pageData(page: number, filter: string): string {
  let data = `tl:${page}:${filter}`;
  while (Buffer.byteLength(data) > 64) data = data.slice(0, -1);
  return data;
}

/**
 * /timeline [word]: the events in date order, each quoted and cited, a message at a time with a button for the
 * rest, then a picture of the timeline rendered on the server.
 */
export function timelineFeature(): Composer<BotContext> {
  const c = new Composer<BotContext>();

  // The events and their numbers from the update's one engine: a reload of the articles in between would renumber them.
  const pages = async (now: BotContext['engine'], filter: string) => {
    const events = await now.timeline(filter);
    return { events, numbers: now.numbers, pages: packMessages(events.map((e) => eventHtml(e, now.numbers)), 3500) };
  };
  const sendPage = async (ctx: BotContext, filter: string, page: number) => {
    const { pages: all } = await pages(ctx.engine, filter);
    const html = all[page];
    if (!html) return false;
    const more = all.length - page - 1;
    await ctx.reply(html, {
      ...HTML,
      ...(more > 0 ? { reply_markup: new InlineKeyboard().text(`Show the rest (${plural(more, 'more message')})`, pageData(page + 1, filter)) } : {}),
    });
    return true;
  };

  c.command('timeline', async (ctx) => {
    const filter = ctx.match.trim().slice(0, 100);
    const { events, numbers } = await pages(ctx.engine, filter);
    if (!events.length) {
      await ctx.reply(
        `No dated event in my sources mentions “${escapeHtml(filter)}”. Try /timeline on its own, or a word such as /timeline nuclear.`,
        HTML,
      );
      return;
    }
    await ctx.replyWithChatAction('upload_photo').catch(() => undefined);
    await ctx.reply(
      `<b>Timeline${filter ? ` for “${escapeHtml(filter)}”` : ''}</b>: ${plural(events.length, 'dated event')} from the articles, oldest first. ` +
        `Dates are as precise as the articles make them; “date inferred” means the article's own date was worked out from another article.`,
      HTML,
    );
    await sendPage(ctx, filter, 0);
    const png = await timelinePng(events, pictureTitle(filter), numbers);
    await ctx.replyWithPhoto(new InputFile(png, 'timeline.png'), {
      caption:
        `${plural(events.length, 'event')} on a time axis: the trip's weeks to scale, the years before on a log scale (a break marks the jump), ` +
        `a bar for a week, month or year. [n] are the sources in /sources.`,
    });
  });

  c.callbackQuery(PAGE, async (ctx) => {
    const sent = await sendPage(ctx, ctx.match[2], Number(ctx.match[1]));
    await ctx.answerCallbackQuery(sent ? undefined : { text: 'That page is no longer there. Send /timeline again.' });
    if (sent) await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  });
  return c;
}
