import { Composer, InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import { escapeHtml } from '../../text/html.js';
import { cut } from '../../text/cut.js';
import { SUGGESTED_QUESTIONS } from '../../answer/suggestions.js';
import { extractsHtml, replyHtml, SHOWN_EXTRACTS, TELEGRAM_LIMIT, whereFromHtml } from '../render.js';
import type { Extract, Reading, Topic } from '../../types.js';
import { HTML, packMessages, questionText } from '../format.js';
import { questionsKeyboard } from './help.js';
import type { BotContext } from '../context.js';
import type { AskedStore } from '../asked.js';

/** Threads a reply under a message, and still sends it if that message was deleted meanwhile. */
const replyTo = (message_id: number) => ({ reply_parameters: { message_id, allow_sending_without_reply: true } });
type Button = 'more' | 'where' | 'beside';
const button = (kind: Button, id: string) => `${kind}:${id}`;
const TOO_OLD = 'This answer is too old for its buttons. Please ask your question again.';

/**
 * Questions: any text in a private chat, and in groups only when the bot is mentioned, replied to, or asked
 * with /ask. Buttons under an answer show more extracts or where each came from; each carries the id of its
 * question in `asked`, and asks it again.
 */
export function questionsFeature(asked: AskedStore): Composer<BotContext> {
  const c = new Composer<BotContext>();

  c.command('new', async (ctx) => {
    delete (await ctx.session).topic;
    await ctx.reply('Fresh start: your next question stands on its own.', HTML);
  });

  c.command('ask', async (ctx) => {
    const q = questionText(ctx.msg.text ?? '', ctx.me.username);
    if (!q) {
      await ctx.reply('Put your question after the command, for example:\n<code>/ask What is TRIPP?</code>', HTML);
      return;
    }
    await answer(ctx, asked, q);
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
    await answer(ctx, asked, q);
  });

  c.callbackQuery(/^ex:(\d+)$/, async (ctx) => {
    const q = SUGGESTED_QUESTIONS[Number(ctx.match[1])];
    if (!q) return ctx.answerCallbackQuery({ text: 'That example is no longer available.' });
    await ctx.answerCallbackQuery();
    // the tap leaves no message of the person's own: the answer says which question it answers
    await answer(ctx, asked, q, { echo: true });
  });

  c.callbackQuery(/^(more|where):([\w-]+)$/, async (ctx) => {
    const chat = ctx.chat?.id;
    const question = chat === undefined ? undefined : await asked.recall(chat, ctx.match[2]);
    const original = ctx.callbackQuery.message;
    if (!question || !original) return ctx.answerCallbackQuery({ text: TOO_OLD, show_alert: true });
    const a = await ctx.ask(question.question, question.previous, question.reading);
    if (ctx.match[1] === 'where') {
      await ctx.answerCallbackQuery();
      const shown = a.extracts.slice(0, SHOWN_EXTRACTS);
      const dated = await datesFromText(ctx.engine, shown);
      for (const html of packMessages(shown.map((e, i) => whereFromHtml(e, i + 1, ctx.engine, dated)))) {
        await ctx.reply(html, { ...HTML, ...replyTo(original.message_id) });
      }
      return;
    }
    const more = a.extracts.slice(SHOWN_EXTRACTS);
    await ctx.answerCallbackQuery(more.length ? undefined : { text: 'No more extracts for this question.' });
    if (!more.length) return;
    await ctx.reply(extractsHtml(more, ctx.engine.numbers), { ...HTML, ...replyTo(original.message_id) });
    // The extra extracts are shown now: keep only "where from" under the first answer.
    await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard().text('Where is this from?', button('where', ctx.match[2])) });
  });

  // A short message answered as it stands, asked again beside the question before it: a new answer under it.
  c.callbackQuery(/^beside:([\w-]+)$/, async (ctx) => {
    const chat = ctx.chat?.id;
    const question = chat === undefined ? undefined : await asked.recall(chat, ctx.match[1]);
    const original = ctx.callbackQuery.message;
    if (!question?.previous || !original) return ctx.answerCallbackQuery({ text: TOO_OLD, show_alert: true });
    await ctx.answerCallbackQuery();
    await answer(ctx, asked, question.question, { previous: question.previous, reading: 'beside', under: original.message_id });
  });

  // Buttons of earlier versions carried no id: their question cannot be known for sure.
  c.callbackQuery(['more', 'where'], (ctx) => ctx.answerCallbackQuery({ text: TOO_OLD, show_alert: true }));

  return c;
}

interface Asking {
  /** Show the question above the answer (a tap leaves no message of the person's own). */
  echo?: boolean;
  /** Read beside this topic rather than the conversation's, as `reading` says; the answer goes under `under`. */
  previous?: Topic;
  reading?: Reading;
  under?: number;
}

async function answer(ctx: BotContext, asked: AskedStore, question: string, how: Asking = {}): Promise<void> {
  // "typing…" is a courtesy: failing to show it must not stop the answer.
  await ctx.replyWithChatAction('typing').catch(() => undefined);
  const memory = await ctx.session;
  const previous = how.previous ?? memory.topic;
  const a = await ctx.ask(question, previous, how.reading);
  // Small talk and other languages leave the conversation's topic as it was.
  if (a.topic) memory.topic = a.topic;
  const keyboard = a.suggestions ? questionsKeyboard(a.suggestions) : new InlineKeyboard();
  if ((a.extracts.length || a.mayFollow) && ctx.chat) {
    const id = await asked.remember(ctx.chat.id, { question, ...(previous ? { previous } : {}), ...(how.reading ? { reading: how.reading } : {}) });
    if (a.extracts.length > SHOWN_EXTRACTS) keyboard.text('More extracts', button('more', id));
    if (a.extracts.length) keyboard.text('Where is this from?', button('where', id));
    if (a.mayFollow) keyboard.row().text(`↪ Follow-up to “${cut(a.mayFollow, FOLLOW_UP_LABEL)}”`, button('beside', id));
  }
  const heading = `❓ <b>${escapeHtml(question)}</b>\n\n`;
  const reply = replyHtml(a, ctx.engine.numbers);
  const under = how.under ?? ctx.msg?.message_id;
  await ctx.reply(how.echo && heading.length + reply.length <= TELEGRAM_LIMIT ? heading + reply : reply, {
    ...HTML,
    ...(keyboard.inline_keyboard.some((row) => row.length) ? { reply_markup: keyboard } : {}),
    ...(under !== undefined ? replyTo(under) : {}),
  });
}

/** A button's label fits a phone's width: the question it offers to follow is cut after this many characters. */
const FOLLOW_UP_LABEL = 32;

function addressedToMe(msg: Message, botId: number, username: string): boolean {
  if (msg.reply_to_message?.from?.id === botId) return true;
  return (msg.entities ?? []).some(
    (e) => e.type === 'mention' && msg.text!.slice(e.offset, e.offset + e.length).toLowerCase() === `@${username.toLowerCase()}`,
  );
}

/**
 * The dates worked out from their text of the undated articles these extracts cite, by article id. Found only when
 * one is undated: the first time, that reads every article's dates (then kept, as /sources and /timeline keep it).
 */
async function datesFromText(engine: BotContext['engine'], extracts: Extract[]): Promise<Map<string, string>> {
  const cited = extracts.flatMap((e) => [e.source.id, ...e.elsewhere.map((c) => c.source.id)]);
  if (cited.every((id) => engine.article(id)?.date)) return new Map();
  return new Map([...(await engine.inferredDates())].map(([id, d]) => [id, d.date]));
}
