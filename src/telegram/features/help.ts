import { Composer, InlineKeyboard, type Context } from 'grammy';
import { EXAMPLE_QUESTIONS, escapeHtml } from '../../answer/reply.js';
import type { AnswerEngine } from '../context.js';
import { HTML } from '../format.js';

/** The command menu registered with setMyCommands. */
export const COMMANDS = [
  { command: 'ask', description: 'Ask a question (also: just type it)' },
  { command: 'sources', description: 'The articles I quote from' },
  { command: 'timeline', description: 'What happened when (/timeline nuclear filters)' },
  { command: 'new', description: 'Start fresh: forget the previous question' },
  { command: 'help', description: 'What I know and example questions' },
];

export const examplesKeyboard = () => {
  const kb = new InlineKeyboard();
  EXAMPLE_QUESTIONS.forEach((q, i) => kb.text(q, `ex:${i}`).row());
  return kb;
};

export function helpFeature(engine: AnswerEngine): Composer<Context> {
  const c = new Composer<Context>();
  c.command(['start', 'help'], async (ctx) => {
    const n = engine.sources().length;
    await ctx.reply(
      `<b>Hello! I answer questions about the US vice president's February 2026 trip to Armenia and Azerbaijan.</b>\n\n` +
        `I reply only with sentences quoted word for word from ${n} news articles, each with its source. ` +
        `If the articles don't say it, I tell you so instead of guessing.\n\n` +
        `Just type a question, or tap one below. /sources lists the articles, /timeline shows what happened when.` +
        (ctx.chat.type === 'private' ? '' : `\n\nIn groups, mention me (@${escapeHtml(ctx.me.username)}), reply to me, or use /ask.`),
      { ...HTML, reply_markup: examplesKeyboard() },
    );
  });
  return c;
}
