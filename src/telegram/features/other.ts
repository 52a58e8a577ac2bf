import { Composer, type Context } from 'grammy';
import { escapeHtml } from '../../answer/reply.js';
import { HTML } from '../format.js';

/** What no other feature handled: unknown commands, non-text messages and buttons the bot does not know. */
export function fallbackFeature(): Composer<Context> {
  const c = new Composer<Context>();
  c.on('message:text', async (ctx) => {
    const command = /^\/([^\s@]+)(?:@(\S+))?/.exec(ctx.msg.text);
    if (!command) return;
    // A command for another bot in a group is not ours to answer.
    if (command[2] && command[2].toLowerCase() !== ctx.me.username.toLowerCase()) return;
    if (ctx.chat.type !== 'private' && !command[2]) return;
    await ctx.reply(`I don't know the command /${escapeHtml(command[1].slice(0, 64))}. Try /help, /sources or /timeline, or just type a question.`, HTML);
  });
  c.on('message', async (ctx) => {
    if (ctx.chat.type !== 'private') return;
    await ctx.reply('I can only read text. Please type your question, for example “Who did Vance meet in Yerevan?”', HTML);
  });
  c.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: 'This button is not one of mine, or it has expired.' }));
  return c;
}
