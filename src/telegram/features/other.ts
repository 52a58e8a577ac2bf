import { Composer, type Context } from 'grammy';
import { escapeHtml } from '../../text/html.js';
import { HTML } from '../format.js';

/** What no other feature handled: unknown commands, non-text messages and buttons the bot does not know. */
export function fallbackFeature(): Composer<Context> {
  const c = new Composer<Context>();
  c.on('message:text', async (ctx) => {
    const command = /^\/([^\s@]*)(?:@(\S+))?/.exec(ctx.msg.text);
    if (!command) return;
    if (!command[1] && !command[2]) {
      if (ctx.chat.type === 'private') await ctx.reply('Type a question, or a command such as /help, /sources or /timeline.', HTML);
      return;
    }
    const forOther = command[2] && command[2].toLowerCase() !== ctx.me.username.toLowerCase();
    // In a group, a command for another bot, or one not addressed to anybody, is not ours to answer.
    if (ctx.chat.type !== 'private' && (forOther || !command[2])) return;
    if (forOther) {
      await ctx.reply(`That command is addressed to @${escapeHtml(command[2].slice(0, 64))}, not to me. Try /help.`, HTML);
      return;
    }
    await ctx.reply(`I don't know the command /${escapeHtml(command[1].slice(0, 64))}. Try /help, /sources or /timeline, or just type a question.`, HTML);
  });
  c.on('message', async (ctx) => {
    if (ctx.chat.type !== 'private') return;
    await ctx.reply('I can only read text. Please type your question, for example “Who did Vance meet in Yerevan?”', HTML);
  });
  c.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: 'This button is not one of mine, or it has expired.' }));
  return c;
}
