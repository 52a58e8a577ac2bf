import { Composer, InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import { escapeHtml, humanDate, SUGGESTED_QUESTIONS } from '../../answer/reply.js';
import { SHOWN_EXTRACTS } from '../../engine.js';
import type { Citation, Extract } from '../../types.js';
import { pinned, type AnswerEngine } from '../context.js';
import { HTML, packMessages, questionText } from '../format.js';
import { questionsKeyboard } from './help.js';
import type { BotContext } from '../session.js';

const MORE = 'more';
/** Threads a reply under a message, and still sends it if that message was deleted meanwhile. */
const replyTo = (message_id: number) => ({ reply_parameters: { message_id, allow_sending_without_reply: true } });
const WHERE = 'where';
const UNDERSTOOD = /^Understood as: (.+)$/m;

/**
 * Questions: any text in a private chat, and in groups only when the bot is mentioned, replied to, or asked
 * with /ask. Buttons under an answer show more extracts or where each came from. The buttons carry no state:
 * they re-ask the question the answer replied to, so they work after a restart too.
 */
export function questionsFeature(engine: AnswerEngine): Composer<BotContext> {
  const c = new Composer<BotContext>();

  c.command('new', async (ctx) => {
    delete (await ctx.session).lastQuestion;
    await ctx.reply('Fresh start: your next question stands on its own.', HTML);
  });

  c.command('ask', async (ctx) => {
    const q = questionText(ctx.msg.text ?? '', ctx.me.username);
    if (!q) {
      await ctx.reply('Put your question after the command, for example:\n<code>/ask What is TRIPP?</code>', HTML);
      return;
    }
    await answer(ctx, engine, q);
  });

  c.on(['message:text', 'edited_message:text'], async (ctx, next) => {
    const msg = ctx.msg;
    if (msg.text.startsWith('/')) return next(); // a command no feature handled
    if (ctx.chat.type !== 'private' && !addressedToMe(msg, ctx.me.id, ctx.me.username)) return;
    const q = questionText(msg.text, ctx.me.username);
    if (!q) {
      await ctx.reply('Yes? Ask me something about the trip, for example “What is TRIPP?”', HTML);
      return;
    }
    await answer(ctx, engine, q);
  });

  c.callbackQuery(/^ex:(\d+)$/, async (ctx) => {
    const q = SUGGESTED_QUESTIONS[Number(ctx.match[1])];
    if (!q) return ctx.answerCallbackQuery({ text: 'That example is no longer available.' });
    await ctx.answerCallbackQuery();
    await answer(ctx, engine, q);
  });

  c.callbackQuery([MORE, WHERE], async (ctx) => {
    const original = ctx.callbackQuery.message as Message | undefined;
    // A follow-up's reply says what it was understood as: that is the question to ask again, not the fragment.
    const asked = (original?.text && UNDERSTOOD.exec(original.text)?.[1]) ?? original?.reply_to_message?.text;
    if (!original || !asked) {
      return ctx.answerCallbackQuery({ text: 'This button has expired. Please ask your question again.', show_alert: true });
    }
    const now = pinned(engine);
    const a = await now.ask(questionText(asked, ctx.me.username));
    if (ctx.callbackQuery.data === WHERE) {
      await ctx.answerCallbackQuery();
      for (const html of packMessages(a.extracts.slice(0, SHOWN_EXTRACTS).map((e, i) => whereFrom(now, e, i + 1)))) {
        await ctx.reply(html, { ...HTML, ...replyTo(original.message_id) });
      }
      return;
    }
    const more = a.extracts.slice(SHOWN_EXTRACTS);
    await ctx.answerCallbackQuery(more.length ? undefined : { text: 'No more extracts for this question.' });
    if (!more.length) return;
    await ctx.reply(now.replyHtml(more), { ...HTML, ...replyTo(original.message_id) });
    // The extra extracts are shown now: keep only "where from" under the first answer.
    await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard().text('Where is this from?', WHERE) });
  });

  return c;
}

async function answer(ctx: BotContext, engine: AnswerEngine, question: string): Promise<void> {
  // "typing…" is a courtesy: failing to show it must not stop the answer.
  await ctx.replyWithChatAction('typing').catch(() => undefined);
  const memory = await ctx.session;
  const a = await engine.ask(question, memory.lastQuestion);
  // Small talk and other languages leave the conversation's topic as it was.
  if (a.understood) memory.lastQuestion = a.understood;
  let keyboard: InlineKeyboard | undefined;
  if (a.suggestions) keyboard = questionsKeyboard(a.suggestions);
  else if (a.extracts.length) {
    keyboard = new InlineKeyboard();
    if (a.extracts.length > SHOWN_EXTRACTS) keyboard.text('More extracts', MORE);
    keyboard.text('Where is this from?', WHERE);
  }
  await ctx.reply(a.reply, {
    ...HTML,
    reply_markup: keyboard,
    ...(ctx.msg ? replyTo(ctx.msg.message_id) : {}),
  });
}

function addressedToMe(msg: Message, botId: number, username: string): boolean {
  if (msg.reply_to_message?.from?.id === botId) return true;
  return (msg.entities ?? []).some(
    (e) => e.type === 'mention' && msg.text!.slice(e.offset, e.offset + e.length).toLowerCase() === `@${username.toLowerCase()}`,
  );
}

/** Where an extract stands, and where each other article citing the same fact says it, in its own words. */
function whereFrom(engine: AnswerEngine, e: Extract, n: number): string {
  const others = e.elsewhere.map(
    (c) => `Also in ${location(engine, c)}:\n<blockquote>${escapeHtml(c.quote)}</blockquote>`,
  );
  return [`<b>Extract ${n}</b> comes from ${location(engine, e)}.`, ...others].join('\n');
}

/** The article, its paragraph number, the characters in the file, and a link. */
function location(engine: AnswerEngine, c: Citation): string {
  const article = engine.article(c.source.id)!;
  const paragraphs = article.blocks.filter((b) => b.kind !== 'heading');
  const at = paragraphs.findIndex((b) => b.start <= c.span.start && c.span.start < b.end) + 1;
  const meta = [article.publisher, article.date ? humanDate(article.date) : null].filter(Boolean).join(', ');
  return (
    `<b>[${engine.numbers.get(article.id)}] ${escapeHtml(article.title)}</b>` +
    (meta ? ` (${escapeHtml(meta)})` : '') +
    `, paragraph ${at} of ${paragraphs.length}, characters ${c.span.start}–${c.span.end} of <code>${escapeHtml(article.file)}</code>` +
    (article.url ? ` · <a href="${escapeHtml(article.url)}">read it</a>` : '')
  );
}
