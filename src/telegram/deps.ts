import type { Answering } from '../engine/engine.js';
import type { StorageAdapter } from 'grammy';
import type { Logger } from '../log.js';
import type { ChatMemory } from './context.js';
import type { Asked } from './asked.js';
import type { Ops } from '../ops/http.js';
import type { Added } from '../sources/add.js';
import type { FollowStore } from '../follow/store.js';

export interface BotSettings {
  /** Only these chats are answered; null = everyone. */
  allowedChatIds: Set<number> | null;
  /** Questions one user may ask per minute; null = no limit (the local demo's one person at the keyboard). */
  ratePerMinute: number | null;
  /** Chats that may /add articles; nobody when not given. */
  adminChatIds?: ReadonlySet<number>;
}

/** Adds one article by URL and answers from it from then on; throws Refused with a message for the user. */
export type AddSource = (url: string) => Promise<Added>;

export interface BotDeps {
  token: string;
  apiRoot: string;
  /** The engine, or the one answering now when the articles change while the bot runs: pinned for each update. */
  engine: Answering;
  settings: BotSettings;
  log: Logger;
  /** Where conversations are kept for follow-ups; bounded memory by default, any grammY storage adapter fits. */
  memory?: StorageAdapter<ChatMemory>;
  /** Where the questions behind answers' buttons are kept; bounded memory by default, any grammY storage adapter fits. */
  asked?: StorageAdapter<Asked>;
  /** Metrics and health of this bot; one of its own when not given. */
  ops?: Ops;
  /** What /add calls; without it /add says adding is not available. */
  addSource?: AddSource;
  /** Where /follow keeps followers (telegram/news.ts tells them of new articles); without it /follow says following is not available. */
  follow?: FollowStore;
}
