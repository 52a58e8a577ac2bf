import { Composer } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import { htmlToTerminal } from '../../text/terminal.js';
import { escapeHtml } from '../../text/html.js';
import { cut } from '../../text/cut.js';
import { citation, extractHtml } from '../render.js';
import type { BotContext } from '../context.js';

/** Telegram shows a result's title and description on a line or two each: longer text is cut there anyway. */
const TITLE_CHARS = 100;
/** Answers to the same query do not change until the sources do: Telegram may cache them this long (seconds). */
const CACHE_SECONDS = 300;

/**
 * Inline mode: typing "@bot question" in any chat offers the extracts as results, best first, each a
 * message holding the question, the verbatim quote and its citation, so a sourced quote can be dropped
 * into any conversation. Nothing found (or nothing asked yet) offers a button to ask the bot directly.
 */
export function inlineFeature(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.on('inline_query', async (ctx) => {
    const question = ctx.inlineQuery.query.replace(/\s+/g, ' ').trim();
    const a = question ? await ctx.ask(question) : null;
    const results: InlineQueryResultArticle[] = (a?.extracts ?? []).map((e, i) => ({
      type: 'article',
      id: String(i),
      title: cut(e.quote, TITLE_CHARS),
      description: htmlToTerminal(citation(e, ctx.engine.numbers), false).replace(/^— /, ''),
      input_message_content: {
        message_text: `<b>${escapeHtml(cut(question, 200))}</b>\n${extractHtml(e, ctx.engine.numbers)}`,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      },
    }));
    const button = results.length
      ? undefined
      : { text: question ? 'Not in my sources: ask me in a chat' : 'Type a question about the trip', start_parameter: 'inline' };
    await ctx.answerInlineQuery(results, { cache_time: CACHE_SECONDS, ...(button ? { button } : {}) });
  });
  return c;
}
