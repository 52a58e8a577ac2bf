import type { Context, LazySessionFlavor } from 'grammy';
import type { Topic } from '../types.js';
import type { AnswerEngine } from '../engine/engine.js';

/** What the bot remembers of a conversation: what its last answer left for a follow-up to lean on. */
export interface ChatMemory {
  topic?: Topic;
}

/** The engine an update is answered with, pinned when the update is taken up (answering.ts). */
export interface EngineFlavor {
  /**
   * The articles this update renders everything from: numbers, sources, each article, the timeline. An update that
   * asks, awaits and then looks up an article or its number does both on these, so a reload of the articles in
   * between neither takes the article from under it nor renumbers it.
   */
  engine: Omit<AnswerEngine, 'ask'>;
  /** Asks the same articles; every answer is counted and logged for the operator (observe.ts). */
  ask: AnswerEngine['ask'];
}

/**
 * The context every update is handled with: grammY's, with the conversation's memory read on demand (session.ts)
 * and the engine pinned for it.
 */
export type BotContext = Context & LazySessionFlavor<ChatMemory> & EngineFlavor;
