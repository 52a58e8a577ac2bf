import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The bot's Prometheus metrics, in a registry of its own (not prom-client's global one), so a process can hold
 * several bots (the tests do) and each serves only its own figures.
 */
export function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  // Memory, CPU, event-loop lag and GC of this process: what an operator watches first.
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    updates: new Counter({ name: 'trip_bot_updates_total', help: 'Updates handled, by kind (message, edited_message, callback_query).', labelNames: ['kind'], registers }),
    answers: new Counter({
      name: 'trip_bot_answers_total',
      help: 'Answers from the engine, by result: answered (quotes), abstained (not in the sources), small-talk, other-language.',
      labelNames: ['result'],
      registers,
    }),
    repliesFailed: new Counter({ name: 'trip_bot_replies_failed_total', help: 'Updates whose handling failed: the user got an apology instead of a reply.', registers }),
    // prom-client's default buckets (5 ms to 10 s) span what is measured: the engine answers in 2-20 ms (npm run
    // bench) and a reply costs one or two Telegram round trips of tens to hundreds of milliseconds.
    answerSeconds: new Histogram({ name: 'trip_bot_answer_seconds', help: 'Time from receiving an update that asked a question to having replied.', registers }),
    telegramErrors: new Counter({
      name: 'trip_bot_telegram_errors_total',
      help: 'Failed Telegram Bot API calls (every attempt, retried or not), by method and error code; "network" when Telegram did not answer.',
      labelNames: ['method', 'code'],
      registers,
    }),
    index: new Gauge({ name: 'trip_bot_index_entries', help: 'What the loaded index holds, by kind (articles, passages).', labelNames: ['kind'], registers }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
