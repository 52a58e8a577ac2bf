import { Context, lazySession, MemorySessionStorage, type MiddlewareFn, type StorageAdapter } from 'grammy';
import type { BotContext, ChatMemory } from './context.js';

/** A follow-up comes within minutes of its question; after this long a message starts a new conversation. */
export const MEMORY_TTL_MS = 10 * 60_000;
/**
 * At most this many conversations are remembered; beyond it the least recently active is forgotten. An entry
 * is a short question (well under 1 KB), so the cap bounds the memory at a few MB under any flood of chats.
 */
export const MAX_CONVERSATIONS = 10_000;
/**
 * An answer's buttons keep working this long: a person scrolls back to an answer within the day. An entry is one
 * short question, and MAX_CONVERSATIONS bounds their number, so the bound, not the time, limits the memory.
 */
export const BUTTON_TTL_MS = 24 * 60 * 60_000;

/**
 * grammY's in-memory session storage with its time to live, kept bounded: grammY drops an expired entry only
 * when it is read again, so a flood of one-message chats would otherwise stay forever. Entries are kept in
 * write order, so the expired and the least recently active are always at the front.
 */
export class BoundedMemoryStorage<S> extends MemorySessionStorage<S> {
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {
    super(ttlMs);
  }

  override write(key: string, value: S): void {
    this.storage.delete(key);
    super.write(key, value);
    const now = Date.now();
    for (const [k, entry] of this.storage) {
      if (this.storage.size <= this.maxEntries && (entry.expires ?? Infinity) >= now) break;
      this.storage.delete(k);
    }
  }

  get size(): number {
    return this.storage.size;
  }
}

/**
 * One conversation per private chat, and per user in a group (two people asking in one group do not
 * continue each other's questions). Inline queries have no conversation.
 */
export function conversationKey(ctx: Context): string | undefined {
  if (!ctx.chat) return undefined;
  if (ctx.chat.type === 'private') return String(ctx.chat.id);
  return ctx.from ? `${ctx.chat.id}:${ctx.from.id}` : undefined;
}

/** Lazy sessions: only a question reads or writes its conversation. Any grammY storage adapter fits here. */
export function conversations(storage: StorageAdapter<ChatMemory>): MiddlewareFn<BotContext> {
  return lazySession<ChatMemory, Context>({ initial: () => ({}), getSessionKey: conversationKey, storage });
}
