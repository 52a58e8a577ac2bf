import type { Engine } from '../engine.js';
import type { Logger } from '../log.js';
import type { Ops } from '../ops/http.js';

/** What the bot needs from the answering engine; tests and the demo pass the real one. */
export type AnswerEngine = Pick<Engine, 'ask' | 'sources' | 'replyHtml' | 'article' | 'numbers' | 'timeline'>;

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
  /** Metrics and health of this bot; one of its own when not given. */
  ops?: Ops;
}
