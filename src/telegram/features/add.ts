import { Composer, type Context } from 'grammy';
import { escapeHtml } from '../../text/html.js';
import { sourceHtml } from './sources.js';
import type { AddSource } from '../deps.js';
import { NotReloaded, Refused } from '../../errors.js';
import type { Added } from '../../sources/add.js';
import type { Logger } from '../../log.js';
import { HTML } from '../format.js';

/**
 * `/add <url>` for the chats in ADMIN_CHAT_IDS: the article is fetched, indexed and quoted from then on. The work
 * runs beside the update, so a slow page never holds up other people's questions; the result comes as a reply.
 */
export function addFeature(admins: ReadonlySet<number>, add: AddSource | undefined, log: Logger): Composer<Context> {
  const c = new Composer<Context>();
  c.command('add', async (ctx) => {
    if (!admins.has(ctx.chat.id)) {
      await ctx.reply('Only the bot’s admins can add articles. Ask one of them to add it with /add.', HTML);
      return;
    }
    const url = ctx.match.trim();
    if (!url || /\s/.test(url)) {
      await ctx.reply('Send /add followed by the article’s address, e.g. <code>/add https://example.org/news/story</code>.', HTML);
      return;
    }
    // Only web pages: a path would read a file on the bot's machine (files are added there, with npm run add).
    if (!/^https?:\/\//i.test(url)) {
      const meant = /^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(url) ? ` (did you mean <code>https://${escapeHtml(url)}</code>?)` : '';
      await ctx.reply(`Not added: /add takes a web address starting with http:// or https://${meant}, e.g. <code>/add https://example.org/news/story</code>.`, HTML);
      return;
    }
    if (!add) {
      await ctx.reply('Adding articles is not available in this bot.', HTML);
      return;
    }
    await ctx.replyWithChatAction('typing').catch(() => undefined);
    const reply = (html: string) => ctx.reply(html, { ...HTML, reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } });
    void add(url)
      .then(({ article, number }) => reply(`Added ${sourceHtml(number, article)}\n\nI quote it from now on.`))
      .catch((e: unknown) => {
        if (e instanceof Refused) return reply(`Not added: ${escapeHtml(e.message)}`);
        if (e instanceof NotReloaded) {
          const { article, number } = (e as NotReloaded<Added>).done;
          log.error({ chat: ctx.chat.id }, `added ${article.file}, then ${e.message}`);
          return reply(`Added <b>[${number}] ${escapeHtml(article.title)}</b> to my sources, but I could not load them again yet, so I still answer from the articles I had. The next reload (any change to the articles, or a restart) takes it in.`);
        }
        log.error({ chat: ctx.chat.id }, `adding an article failed: ${(e as Error).message}`);
        return reply('Sorry, adding that article failed; my sources are as they were. Please try again later.');
      })
      .catch((e: unknown) => log.warn(`could not send the result of /add: ${(e as Error).message}`));
  });
  return c;
}
