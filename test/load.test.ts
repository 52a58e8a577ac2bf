import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMemory } from '../src/telegram/context.js';
import { BoundedMemoryStorage } from '../src/telegram/session.js';
import { askAtOnce, CONVERSATION } from '../scripts/load.js';
import { openEngine } from './helpers.js';
import { startBot, type Harness } from './bot-harness.js';

// a burst that exercises ordering and exactly-once; the bench (npm run bench) runs 200 users for speed
const USERS = 100;
let h: Harness;
const memory = new BoundedMemoryStorage<ChatMemory>(60_000, 10_000);
beforeAll(async () => {
  h = await startBot(await openEngine(), { ratePerMinute: 100 }, undefined, memory);
});
afterAll(() => h?.stop());

describe('load', () => {
  it(`${USERS} users asking ${CONVERSATION.length} questions each at once: every question answered exactly once`, async () => {
    const run = await askAtOnce(h.mock, USERS, 50_000, 90_000);
    expect(run.questions).toBe(USERS * CONVERSATION.length);
    expect(run.repliesPerQuestion.filter((n) => n !== 1)).toEqual([]);
    // the follow-ups were read against each user's own previous question
    const followUps = h.mock.sent.filter((m) => m.chat_id >= 50_000 && /^Understood as: /.test(m.text));
    expect(followUps.length).toBe(USERS * 3);
    expect(memory.size).toBe(USERS);
  }, 120_000);
});
