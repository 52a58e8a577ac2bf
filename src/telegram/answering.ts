import type { Context, MiddlewareFn } from 'grammy';
import type { Answer } from '../types.js';
import type { Answering } from '../engine/engine.js';
import type { BotContext } from './context.js';

/** Told of each answer an update is given: the question and the answer. */
export type Answered = (ctx: Context, question: string, answer: Answer) => void;

/**
 * Pins the engine answering now on each update's context (`ctx.engine`, `ctx.ask`), for everything the update
 * renders: the articles are swapped when they change, and one update must not ask one version and number its
 * citations from the next. Each answer is told to `answered` (observe.ts counts and logs them).
 */
export function pinEngine(engine: Answering, answered: Answered): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    const now = engine.current;
    ctx.engine = now;
    ctx.ask = async (...args) => {
      const answer = await now.ask(...args);
      answered(ctx, args[0], answer);
      return answer;
    };
    return next();
  };
}
