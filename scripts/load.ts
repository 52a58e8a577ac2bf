import type { MockBotApi } from '../src/mock/server.js';

/** Each user's conversation: a question, follow-ups leaning on it, a fresh question and a bare "why?". */
export const CONVERSATION = ['When did Vance arrive in Baku?', 'and in Yerevan?', 'who did he meet there?', 'What is TRIPP?', 'why?'];

export interface LoadResult {
  questions: number;
  /** Replies per question (message id): exactly one each when nothing is lost or doubled. */
  repliesPerQuestion: number[];
  /** Milliseconds from a question reaching the mock to its reply reaching it. */
  latencies: number[];
}

/**
 * Many users asking at once through the mock Bot API: every user sends the whole conversation in one burst,
 * all users together, and the run waits until every question has a reply (or the time runs out).
 */
export async function askAtOnce(mock: MockBotApi, users: number, firstUser: number, timeoutMs: number): Promise<LoadResult> {
  const asked: Asked[] = [];
  for (let u = 0; u < users; u++) {
    for (const q of CONVERSATION) asked.push({ id: mock.userSays(q, { userId: firstUser + u }).message_id, chat: firstUser + u, at: Date.now() });
  }
  return collect(mock, asked, timeoutMs);
}

/**
 * Questions at a steady rate, as Telegram delivers a busy bot's updates (at most 30 a second for one bot): each from
 * a user of its own, going through `questions` in turn.
 */
export async function askSteadily(mock: MockBotApi, questions: string[], perSecond: number, seconds: number, firstUser: number, timeoutMs: number): Promise<LoadResult> {
  const asked: Asked[] = [];
  const t0 = performance.now();
  for (let i = 0; i < perSecond * seconds; i++) {
    const due = t0 + (i * 1000) / perSecond - performance.now();
    if (due > 0) await new Promise((r) => setTimeout(r, due));
    asked.push({ id: mock.userSays(questions[i % questions.length], { userId: firstUser + i }).message_id, chat: firstUser + i, at: Date.now() });
  }
  return collect(mock, asked, timeoutMs);
}

interface Asked {
  id: number;
  chat: number;
  at: number;
}

/** Waits for every question's reply, then counts them (a moment more, so a doubled reply would show). */
async function collect(mock: MockBotApi, asked: Asked[], timeoutMs: number): Promise<LoadResult> {
  const chats = new Set(asked.map((a) => a.chat));
  const replies = () => mock.sent.filter((m) => chats.has(m.chat_id) && m.reply_to_message_id !== undefined);
  await mock.until(() => replies().length >= asked.length, timeoutMs, `${asked.length} replies`).catch(() => undefined);
  // a moment more, so a doubled reply would show
  await new Promise((r) => setTimeout(r, 200));
  const byQuestion = new Map<string, number[]>();
  for (const m of replies()) {
    const key = `${m.chat_id}:${m.reply_to_message_id}`;
    byQuestion.set(key, [...(byQuestion.get(key) ?? []), m.at]);
  }
  return {
    questions: asked.length,
    repliesPerQuestion: asked.map((a) => byQuestion.get(`${a.chat}:${a.id}`)?.length ?? 0),
    latencies: asked.flatMap((a) => (byQuestion.get(`${a.chat}:${a.id}`) ?? []).map((t) => t - a.at)),
  };
}
