import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyHtml } from '../src/telegram/render.js';
import type { Engine } from '../src/engine.js';
import { namesOf, resolveFollowUp, type Names } from '../src/retrieval/followup.js';
import { BoundedMemoryStorage, type ChatMemory } from '../src/telegram/session.js';
import { openEngine } from './helpers.js';
import { startBot, type Harness } from './bot-harness.js';

let engine: Engine;
let names: Names;
beforeAll(async () => {
  engine = await openEngine();
  names = namesOf(engine.sentences.map((s) => s.text));
});

describe('follow-up questions are completed from the previous one', () => {
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
    ['What did Vance sign in Baku?', 'how much was it worth?', 'how much was it worth, about Vance sign in Baku?'],
    ['Who did Vance meet in Yerevan?', 'what about Baku?', 'Who did Vance meet in Baku?'],
    // "else" leans on the question before, even with "there" after "was"
    ['Who did Vance meet in Yerevan?', 'who else was there', 'who else was in Yerevan, about Vance meet in Yerevan?'],
  ])('%s then %s', (previous, message, expected) => {
    expect(resolveFollowUp(message, previous, names)).toEqual({ question: expected, borrowed: true });
  });

  it.each([
    ['a full question', 'What did Vance sign in Baku?', 'What is TRIPP?'],
    ['"is there"', 'What did Vance sign in Baku?', 'is there a nuclear deal with Armenia?'],
    ['a question naming its own place', 'Who did Vance meet in Yerevan?', 'what did he sign in Baku?'],
    ['no previous question', undefined, 'and in Yerevan?'],
  ])('%s stands alone', (_, previous, message) => {
    expect(resolveFollowUp(message, previous, names)).toEqual({ question: message, borrowed: false });
  });

  it('the engine answers a follow-up as understood and says so', async () => {
    const a = await engine.ask('who did he meet there?', 'When did Vance arrive in Yerevan?');
    expect(a.understood).toBe('who did Vance meet in Yerevan?');
    expect(a.followUpOf).toBe('When did Vance arrive in Yerevan?');
    expect(replyHtml(a, engine.numbers)).toMatch(/^<i>Understood as: who did Vance meet in Yerevan\?<\/i>\n\n<blockquote>/);
    expect(a.extracts[0].quote).toContain('Pashinyan');
    const alone = await engine.ask('Who did Vance meet in Yerevan?', 'What is TRIPP?');
    expect(alone.followUpOf).toBeUndefined();
    expect(replyHtml(alone, engine.numbers)).not.toContain('Understood as');
  });
});

describe('the conversation memory', () => {
  it('stays bounded under a flood of chats, dropping the least recently active and the expired', async () => {
    const memory = new BoundedMemoryStorage<ChatMemory>(60_000, 1_000);
    for (let i = 0; i < 50_000; i++) memory.write(String(i), { lastQuestion: `question ${i}` });
    expect(memory.size).toBe(1_000);
    expect(memory.read('0')).toBeUndefined();
    expect(memory.read('49999')).toEqual({ lastQuestion: 'question 49999' });
    const short = new BoundedMemoryStorage<ChatMemory>(50, 1_000);
    for (let i = 0; i < 100; i++) short.write(String(i), {});
    await new Promise((r) => setTimeout(r, 80));
    short.write('last', {});
    expect(short.size).toBe(1);
  });
});

describe('follow-ups in Telegram', () => {
  let h: Harness;
  let expiring: Harness;
  let nextUser = 7000;
  const user = () => nextUser++;
  beforeAll(async () => {
    h = await startBot(engine);
    expiring = await startBot(engine, {}, undefined, new BoundedMemoryStorage<ChatMemory>(300, 100));
  });
  afterAll(async () => {
    await h?.stop();
    await expiring?.stop();
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

  it('forgets a conversation after its time to live', async () => {
    const id = user();
    expiring.mock.userSays('When did Vance arrive in Yerevan?', { userId: id });
    await expiring.mock.repliesTo(id, 1);
    await new Promise((r) => setTimeout(r, 500));
    expiring.mock.userSays('who did he meet there?', { userId: id });
    const [, late] = await expiring.mock.repliesTo(id, 2);
    expect(late.text).not.toContain('Understood as');
  });
});
