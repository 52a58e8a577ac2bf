import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { replyHtml } from '../src/telegram/render.js';
import type { Engine } from '../src/engine/engine.js';
import { namesOf, readFollowUp, type Names } from '../src/retrieval/followup.js';
import { MEMORY_TTL_MS } from '../src/telegram/session.js';
import { openEngine } from './helpers.js';
import { startBot, type Harness } from './bot-harness.js';

let engine: Engine;
let names: Names;
beforeAll(async () => {
  engine = await openEngine();
  names = namesOf(engine.sentences.map((s) => s.text));
});

describe('follow-ups read against the question before', () => {
  it('reads place and person names from the articles', () => {
    expect(names.places.has('yerevan')).toBe(true);
    expect(names.places.has('baku')).toBe(true);
    expect(names.people.has('vance')).toBe(true);
    expect(names.people.has('pashinyan')).toBe(true);
    // words the articles also write in lower case are not names
    expect(names.people.has('president')).toBe(false);
  });

  it.each([
    ['When did Vance arrive in Baku?', 'and in Yerevan?', 'When did Vance arrive in Yerevan?'],
    ['When did Vance arrive in Yerevan?', 'who did he meet there?', 'who did Vance meet in Yerevan?'],
    ['What did Vance sign in Baku?', 'why?', 'why did Vance sign in Baku?'],
    ['What did Vance sign in Baku?', 'and when was that?', 'when did Vance sign in Baku?'],
    ['What is TRIPP?', 'what does it stand for', 'what does TRIPP stand for?'],
    ['Who did Vance meet in Yerevan?', 'what about Baku?', 'Who did Vance meet in Baku?'],
  ])('%s then %s: completed', (previous, message, expected) => {
    expect(readFollowUp(message, previous, names)).toEqual({ leaning: 'leans', completed: expected });
  });

  it.each([
    // what "it" is stays in the previous question: no one question says both
    ['What did Vance sign in Baku?', 'how much was it worth?'],
    ['Who did Vance meet in Yerevan?', 'who else was there'],
    // "how big" in place of "What" in "What nuclear deal did…" would not read as a question
    ['What nuclear deal did Vance make with Armenia?', 'how big was it?'],
    ['What did Russia say about the visit?', 'and what else?'],
  ])('%s then %s: read beside it, not rewritten', (previous, message) => {
    expect(readFollowUp(message, previous, names)).toEqual({ leaning: 'leans', completed: null });
  });

  it.each([
    ['a full question', 'What did Vance sign in Baku?', 'What is TRIPP?'],
    ['"is there"', 'What did Vance sign in Baku?', 'is there a nuclear deal with Armenia?'],
    ['a question naming its own place', 'Who did Vance meet in Yerevan?', 'what did he sign in Baku?'],
    ['a new question after "so"', "What did Russia say about Vance's visit?", 'so did aliyev say anything about counterterrorism'],
    ['a question of its own after "and"', 'Where did Vance go?', 'and is Georgia on the trip this time?'],
    ['no previous question', undefined, 'and in Yerevan?'],
  ])('%s stands alone', (_, previous, message) => {
    expect(readFollowUp(message, previous, names)).toEqual({ leaning: 'alone', completed: null });
  });

  it.each([['how many boats'], ['whats the deadline'], ['who won']])('"%s" may lean on the question before', (message) => {
    expect(readFollowUp(message, 'What did Vance sign in Baku?', names)).toEqual({ leaning: 'maybe', completed: null });
  });

  it('the engine answers a follow-up as understood and says so', async () => {
    const a = await engine.ask('who did he meet there?', { question: 'When did Vance arrive in Yerevan?' });
    expect(a.understood).toBe('who did Vance meet in Yerevan?');
    expect(a.followUpOf).toBe('When did Vance arrive in Yerevan?');
    expect(replyHtml(a, engine.numbers)).toMatch(/^<i>Understood as: who did Vance meet in Yerevan\?<\/i>\n\n<blockquote>/);
    expect(a.extracts[0].quote).toContain('Pashinyan');
    expect(a.topic?.question).toBe('who did Vance meet in Yerevan?');
    const alone = await engine.ask('Who did Vance meet in Yerevan?', { question: 'What is TRIPP?' });
    expect(alone.followUpOf).toBeUndefined();
    expect(replyHtml(alone, engine.numbers)).not.toContain('Understood as');
  });

  it('reads a follow-up it cannot complete beside the last question, and seeks its answer near the last answer', async () => {
    const first = await engine.ask('What nuclear deal did Vance make with Armenia?');
    expect(first.topic?.near).toBe(engine.sentences.find((s) => first.extracts[0].quote.includes(s.text))?.id);
    const a = await engine.ask('how big was it?', first.topic);
    expect(a.followUpOf).toBe('What nuclear deal did Vance make with Armenia?');
    expect(a.understood).toBeUndefined();
    expect(replyHtml(a, engine.numbers)).toMatch(/^<i>Following on from “What nuclear deal did Vance make with Armenia\?”<\/i>\n\n<blockquote>/);
    expect(a.extracts[0].quote).toContain('$5 billion');
    // the next message leans on the same question, not on the fragment
    expect(a.topic?.question).toBe('What nuclear deal did Vance make with Armenia?');
  });

  it('answers a short message as it stands, and offers to read it beside the last question', async () => {
    const first = await engine.ask('What did Vance sign in Baku?');
    const a = await engine.ask('how many boats', first.topic);
    expect(a.followUpOf).toBeUndefined();
    expect(a.mayFollow).toBe('What did Vance sign in Baku?');
    const beside = await engine.ask('how many boats', first.topic, 'beside');
    expect(beside.followUpOf).toBe('What did Vance sign in Baku?');
    expect(beside.mayFollow).toBeUndefined();
  });
});

describe('follow-ups in Telegram', () => {
  let h: Harness;
  let nextUser = 7000;
  const user = () => nextUser++;
  beforeAll(async () => {
    h = await startBot(engine);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await h?.stop();
  });

  it('in a private chat, a follow-up says what it was understood as; /new forgets', async () => {
    const id = user();
    h.mock.userSays('When did Vance arrive in Yerevan?', { userId: id });
    await h.mock.repliesTo(id, 1);
    h.mock.userSays('who did he meet there?', { userId: id });
    const [, follow] = await h.mock.repliesTo(id, 2);
    expect(follow.text).toMatch(/^Understood as: who did Vance meet in Yerevan\?\n/);
    expect(follow.text).toContain('Pashinyan');
    expect(follow.html).toMatch(/^<i>Understood as: [^<]*<\/i>\n\n<blockquote>/);

    h.mock.userSays('/new', { userId: id });
    const [, , fresh] = await h.mock.repliesTo(id, 3);
    expect(fresh.text).toMatch(/Fresh start/);
    h.mock.userSays('and in Baku?', { userId: id });
    const [, , , alone] = await h.mock.repliesTo(id, 4);
    expect(alone.text).not.toContain('Understood as');
  });

  it('the buttons under a follow-up act on the question as understood', async () => {
    const id = user();
    h.mock.userSays('What is TRIPP?', { userId: id });
    await h.mock.repliesTo(id, 1);
    h.mock.userSays('what does it stand for?', { userId: id });
    const [, follow] = await h.mock.repliesTo(id, 2);
    expect(follow.text).toMatch(/^Understood as: what does TRIPP stand for\?/);
    h.mock.userTaps(id, follow.message_id, follow.reply_markup!.inline_keyboard.flat().map((b) => (b as { callback_data: string }).callback_data).at(-1)!, id);
    const [, , where] = await h.mock.repliesTo(id, 3);
    expect(where.text).toMatch(/^Extract 1 comes from \[\d\]/);
    expect(where.text).not.toMatch(/expired/);
  });

  it('a short message is answered as it stands, with a button that reads it as a follow-up', async () => {
    const id = user();
    h.mock.userSays('What did Vance sign in Baku?', { userId: id });
    await h.mock.repliesTo(id, 1);
    h.mock.userSays('how many boats', { userId: id });
    const [, alone] = await h.mock.repliesTo(id, 2);
    expect(alone.text).not.toMatch(/Understood as|Following on from/);
    const buttons = alone.reply_markup!.inline_keyboard.flat() as { text: string; callback_data: string }[];
    const offer = buttons.find((b) => b.text.startsWith('↪ Follow-up to “What did Vance sign in B'))!;
    expect(offer.text.length).toBeLessThanOrEqual(48);
    h.mock.userTaps(id, alone.message_id, offer.callback_data, id);
    const [, , beside] = await h.mock.repliesTo(id, 3);
    expect(beside.text).toMatch(/^Following on from “What did Vance sign in Baku\?”\n/);
    expect(beside.reply_to_message_id).toBe(alone.message_id);
    // its own buttons act on it as read beside the question: "Where is this from?" places its first extract
    const where = (beside.reply_markup!.inline_keyboard.flat() as { text: string; callback_data: string }[]).find((b) => b.text === 'Where is this from?')!;
    h.mock.userTaps(id, beside.message_id, where.callback_data, id);
    const [, , , place] = await h.mock.repliesTo(id, 4);
    const expected = await engine.ask('how many boats', (await engine.ask('What did Vance sign in Baku?')).topic, 'beside');
    expect(place.text).toContain(`Extract 1 comes from [${engine.numbers.get(expected.extracts[0].source.id)}]`);
  });

  it('in a group, each member has a conversation of their own', async () => {
    const [ann, bob] = [user(), user()];
    const group = -9000 - ann;
    const as = (userId: number) => ({ userId, chatId: group, chatType: 'group' as const });
    const bot = `@${h.mock.bot.username}`;
    h.mock.userSays(`${bot} When did Vance arrive in Yerevan?`, as(ann));
    await h.mock.repliesTo(group, 1);
    h.mock.userSays(`${bot} What is TRIPP?`, as(bob));
    await h.mock.repliesTo(group, 2);
    h.mock.userSays(`${bot} who did he meet there?`, as(ann));
    const [, , annFollow] = await h.mock.repliesTo(group, 3);
    expect(annFollow.text).toMatch(/^Understood as: who did Vance meet in Yerevan\?/);
    h.mock.userSays(`${bot} what does it stand for?`, as(bob));
    const [, , , bobFollow] = await h.mock.repliesTo(group, 4);
    expect(bobFollow.text).toMatch(/^Understood as: what does TRIPP stand for\?/);
  });

  it(`remembers a conversation for ${MEMORY_TTL_MS / 60_000} minutes after its last question, then forgets it`, async () => {
    // Only Date is faked, and it goes on with real time: the bot and the mock Bot API run as ever, the clock jumps.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const id = user();
    h.mock.userSays('When did Vance arrive in Yerevan?', { userId: id });
    await h.mock.repliesTo(id, 1);
    await h.settled();
    vi.setSystemTime(Date.now() + MEMORY_TTL_MS - 60_000);
    h.mock.userSays('who did he meet there?', { userId: id });
    const [, inTime] = await h.mock.repliesTo(id, 2);
    expect(inTime.text).toMatch(/^Understood as: who did Vance meet in Yerevan\?/);
    // the follow-up was a question too: the time runs from it
    await h.settled();
    vi.setSystemTime(Date.now() + MEMORY_TTL_MS - 60_000);
    h.mock.userSays('and in Baku?', { userId: id });
    const [, , still] = await h.mock.repliesTo(id, 3);
    expect(still.text).toMatch(/^Understood as: /);
    // the reply is out before the session is written: jump only once it is, or the entry is stamped after the jump
    await h.settled();
    vi.setSystemTime(Date.now() + MEMORY_TTL_MS + 1_000);
    h.mock.userSays('who did he meet there?', { userId: id });
    const [, , , late] = await h.mock.repliesTo(id, 4);
    expect(late.text).not.toMatch(/Understood as|Following on from/);
    vi.useRealTimers();
  });
});
