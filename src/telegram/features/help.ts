import { Composer, InlineKeyboard } from 'grammy';
import { EXAMPLE_QUESTIONS, SUGGESTED_QUESTIONS } from '../../answer/suggestions.js';
import { escapeHtml } from '../../text/html.js';
import { MEMORY_TTL_MS } from '../session.js';
import { HTML } from '../format.js';
import type { BotContext } from '../context.js';

/** The command menu registered with setMyCommands. */
export const COMMANDS = [
  { command: 'ask', description: 'Ask a question (also: just type it)' },
  { command: 'sources', description: 'The articles I quote from' },
  { command: 'timeline', description: 'What happened when (/timeline nuclear filters)' },
  { command: 'new', description: 'Start fresh: forget the previous question' },
  { command: 'follow', description: 'Be told what each new article adds (/unfollow stops)' },
  { command: 'help', description: 'What I know and example questions' },
];

/** Suggested questions as buttons, one a row; each carries its place in the list, so it works after a restart. */
export const questionsKeyboard = (questions: string[] = EXAMPLE_QUESTIONS) => {
  const kb = new InlineKeyboard();
  for (const q of questions) kb.text(q, `ex:${SUGGESTED_QUESTIONS.indexOf(q)}`).row();
  return kb;
};

/** /start greets briefly and offers example questions to tap; /help explains how to talk to the bot. */
export function helpFeature(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.command('start', async (ctx) => {
    await ctx.reply(
      `<b>Hello! I answer questions about the US vice president's February 2026 trip to Armenia and Azerbaijan</b>, ` +
        `quoting ${ctx.engine.sources().length} news articles word for word. Type a question, or tap one:`,
      { ...HTML, reply_markup: questionsKeyboard() },
    );
  });
  c.command('help', async (ctx) => {
    await ctx.reply(helpHtml(ctx.engine.sources().length, ctx.me.username), HTML);
  });
  return c;
}

export function helpHtml(articles: number, username: string): string {
  return [
    `<b>How to ask</b>`,
    `Type a question in your own words, e.g. “who did Vance meet in Yerevan?”. I reply only with sentences quoted word for word from ${articles} news articles, each cited; the part that answers is in bold.`,
    `<b>Follow-ups</b>: ask on from your last question, e.g. “and in Baku?”, “why?”, “how much was it worth?”. I say which question I read it with; a short question that names nothing gets a ↪ button to read it that way. /new starts fresh (I also forget after ${MEMORY_TTL_MS / 60_000} minutes).`,
    `<b>Buttons</b>: “More extracts” shows further quotes, “Where is this from?” shows each article's sentence and its place in the article.`,
    `<b>Groups</b>: mention me (@${escapeHtml(username)}), reply to one of my messages, or use /ask followed by your question. In any chat, type @${escapeHtml(username)} and a question to share a quoted answer.`,
    `<b>Commands</b>: /ask a question · /sources the articles · /timeline what happened when · /new forget the last question.`,
    `<b>Following the story</b>: /follow, and when an article is added I send you its headline and up to three of its sentences that no earlier article said, quoted word for word (or that it says nothing new). /unfollow stops it. In a group, its admins decide.`,
    `<b>Languages</b>: I read questions in English; in Russian, Armenian or Azerbaijani I tell you so in your language.`,
    `<b>What I won't do</b>: write answers of my own or use anything beyond the articles. When nothing in them comes close, I tell you so; a quote I give may still miss what you asked, so read it before you rely on it.`,
  ].join('\n\n');
}
