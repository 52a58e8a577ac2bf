import type { Engine } from '../engine.js';
import type { StorageAdapter } from 'grammy';
import type { Logger } from '../log.js';
import type { ChatMemory } from './session.js';
import type { Ops } from '../ops/http.js';

/** What the bot needs from the answering engine; tests and the demo pass the real one. */
export type AnswerEngine = Pick<Engine, 'ask' | 'sources' | 'replyHtml' | 'article' | 'numbers' | 'timeline' | 'inferredDates'>;

export interface BotSettings {
  /** Only these chats are answered; null = everyone. */
  allowedChatIds: Set<number> | null;
  /** Questions one user may ask per minute. */
  ratePerMinute: number;
}

export interface BotDeps {
  token: string;
  apiRoot: string;
  engine: AnswerEngine;
  settings: BotSettings;
  log: Logger;
  /** Where conversations are kept for follow-ups; bounded memory by default, any grammY storage adapter fits. */
  memory?: StorageAdapter<ChatMemory>;
  /** Metrics and health of this bot; one of its own when not given. */
  ops?: Ops;
}
