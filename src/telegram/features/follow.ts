import { Composer, type Context } from 'grammy';
import type { FollowStore } from '../../follow/store.js';
import type { Logger } from '../../log.js';
import { HTML } from '../format.js';

/** Who may make a chat follow: anyone in a private chat, a group's admins in a group. */
async function mayFollow(ctx: Context): Promise<boolean> {
  if (ctx.chat?.type === 'private') return true;
  if (!ctx.from) return false;
  const member = await ctx.getChatMember(ctx.from.id);
  return member.status === 'creator' || member.status === 'administrator';
}

/**
 * /follow and /unfollow: the chat is told of each article that arrives from then on (what it says that no earlier
 * article said, in its own sentences; telegram/news.ts sends them). In a group, only its admins may change that.
 */
export function followFeature(store: FollowStore | undefined, log: Logger): Composer<Context> {
  const c = new Composer<Context>();
  const command = (name: 'follow' | 'unfollow') =>
    c.command(name, async (ctx) => {
      if (!store) return void (await ctx.reply('Following is not available in this bot.', HTML));
      if (!(await mayFollow(ctx))) return void (await ctx.reply(`Only this group’s admins can /${name} for the group.`, HTML));
      let changed: boolean;
      try {
        changed = name === 'follow' ? await store.follow(ctx.chat.id) : await store.unfollow(ctx.chat.id);
      } catch (e) {
        log.error({ chat: ctx.chat.id }, `/${name} could not be saved: ${(e as Error).message}`);
        return void (await ctx.reply('Sorry, I could not save that just now. Please try again in a moment.', HTML));
      }
      const who = ctx.chat.type === 'private' ? 'you' : 'this group';
      if (name === 'follow') {
        await ctx.reply(
          changed
            ? `Following the story: when an article is added to my sources, I will send ${who} the sentences in it that no earlier article said, quoted word for word. /unfollow stops it.`
            : `${who === 'you' ? 'You follow' : 'This group follows'} the story already. /unfollow stops it.`,
          HTML,
        );
      } else {
        await ctx.reply(changed ? 'No more messages about new articles. /follow starts them again.' : `${who === 'you' ? 'You were' : 'This group was'} not following the story. /follow starts it.`, HTML);
      }
    });
  command('follow');
  command('unfollow');
  return c;
}
