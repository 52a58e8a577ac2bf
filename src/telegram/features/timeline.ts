import { Composer, type Context } from 'grammy';
import type { BotDeps } from '../context.js';
import { HTML } from '../format.js';

export function timelineFeature(_deps: Pick<BotDeps, 'timeline'>): Composer<Context> {
  const c = new Composer<Context>();
  c.command('timeline', (ctx) => ctx.reply('The timeline is not ready yet. Ask me a question meanwhile.', HTML));
  return c;
}
