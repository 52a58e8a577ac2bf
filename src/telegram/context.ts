import type { Context, LazySessionFlavor } from 'grammy';
import type { Topic } from '../types.js';

/** What the bot remembers of a conversation: what its last answer left for a follow-up to lean on. */
export interface ChatMemory {
  topic?: Topic;
}

/** The context every update is handled with: grammY's, with the conversation's memory read on demand (session.ts). */
export type BotContext = Context & LazySessionFlavor<ChatMemory>;
