import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/engine/engine.js';
import { openEngine, seedText } from './helpers.js';
import { humanDate } from '../src/text/dates.js';
import { startBot, type Harness } from './bot-harness.js';

let engine: Engine;
let h: Harness;
let nextUser = 2000;
const user = () => nextUser++;

beforeAll(async () => {
  engine = await openEngine();
  h = await startBot(engine);
});
afterAll(() => h?.stop());

/** A text matched literally inside a RegExp. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Every call the bot made succeeded: no Telegram 400 anywhere. */
const noFailedCalls = () => expect(h.mock.calls.filter((c) => !c.ok).map((c) => c.method)).toEqual([]);

describe('the bot over the mock Bot API', () => {
  it('/start and /help explain the bot and offer example questions that can be tapped', async () => {
    const id = user();
    h.mock.userSays('/start', { userId: id });
    const [hello] = await h.mock.repliesTo(id);
    expect(hello.text).toMatch(/quoting 5 news articles word for word/);
    const examples = hello.reply_markup!.inline_keyboard.flat();
    expect(examples.length).toBeGreaterThanOrEqual(3);
    h.mock.userTaps(id, hello.message_id, (examples[0] as { callback_data: string }).callback_data, id);
    const [, answer] = await h.mock.repliesTo(id, 2);
    // the tap leaves no message of the person's: the answer says which question it answers
    expect(answer.html).toMatch(new RegExp(`^❓ <b>${examples[0].text.replace(/[?]/g, '\\?')}</b>\n\n<blockquote>`));
    h.mock.userSays('/help', { userId: id });
    const [, , help] = await h.mock.repliesTo(id, 3);
    expect(help.text).not.toBe(hello.text);
    for (const topic of [/Follow-ups/, /\/new/, /Groups/, /\/ask/, /Buttons/, /Russian, Armenian or Azerbaijani/, /What I won't do/]) expect(help.text).toMatch(topic);
    expect(help.reply_markup).toBeUndefined();
    noFailedCalls();
  });

  it('/sources lists the numbered articles as a reader knows them: headline, date, paragraphs, numbered as citations are', async () => {
    const id = user();
    h.mock.userSays('/sources', { userId: id });
    const [list] = await h.mock.repliesTo(id);
    for (const { number, article } of engine.sources()) {
      const paragraphs = article.blocks.filter((b) => b.kind !== 'heading').length;
      expect(list.text).toMatch(new RegExp(`\\[${number}\\] ${escape(article.title)}\n[^\n]* · ${paragraphs} paragraphs(\n|$)`));
    }
    // a stated date is "published"; an undated article's date worked out from its text says so, without the evidence
    expect(list.text).toMatch(/\[\d\] “US President Donald Trump has announced in his…”\nno headline · published 24 January 2026 · 5 paragraphs/);
    expect(list.text).toMatch(/\[\d\] JD Vance on deal-making spree in Azerbaijan, Armenia\ndated 10 February 2026 from its text · \d+ paragraphs/);
    expect(list.text).toMatch(/\[\d\] “U\.S\. Vice President J\.D\. Vance will visit Armenia…”\nno headline · dated 24 January 2026 from its text · /);
    // an article without a headline is named by its first words, with no "(untitled)" noise
    expect(list.text).not.toMatch(/untitled/);
    // no internals: passages, the word "inferred", the evidence quoted, file names
    for (const internal of [/passages?/, /inferred/, /it reports/, /on Tuesday|on Saturday/, /dates to that day/, /\.txt/]) expect(list.text).not.toMatch(internal);
    h.mock.userSays('What is Section 907?', { userId: id });
    const [, answer] = await h.mock.repliesTo(id, 2);
    const n = engine.sources().find((s) => s.article.id.startsWith('000'))!.number;
    expect(answer.text).toContain(`[${n}] `);
  });

  it('answers a question with quoted, cited extracts, typing first, previews off, as a reply', async () => {
    const id = user();
    const q = h.mock.userSays('How much are the initial US nuclear exports to Armenia worth?', { userId: id });
    const [a] = await h.mock.repliesTo(id);
    expect(a.html).toMatch(/^<blockquote>[^<]*<b>\$5 billion<\/b>.*<\/blockquote>\n<i>— \[\d\] /s);
    expect(a.reply_to_message_id).toBe(q.message_id);
    expect(a.link_preview_disabled).toBe(true);
    const typing = h.mock.calls.findIndex((c) => c.method === 'sendChatAction' && c.params.chat_id === id);
    const reply = h.mock.calls.findIndex((c) => c.method === 'sendMessage' && c.params.chat_id === id);
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(typing).toBeLessThan(reply);
    const buttons = a.reply_markup!.inline_keyboard.flat().map((b) => b.text);
    expect(buttons).toContain('Where is this from?');
  });

  it('shows more extracts and where each came from through the buttons', async () => {
    const id = user();
    // a question that several articles answer, so more than the three shown are kept
    h.mock.userSays('What did Vance sign in Baku?', { userId: id });
    const [a] = await h.mock.repliesTo(id);
    const data = a.reply_markup!.inline_keyboard.flat().map((b) => (b as { callback_data: string }).callback_data);
    expect(data).toEqual([expect.stringMatching(/^more:[\w-]+$/), expect.stringMatching(/^where:[\w-]+$/)]);
    h.mock.userTaps(id, a.message_id, data[0], id);
    const [, more] = await h.mock.repliesTo(id, 2);
    expect(more.html).toMatch(/^<blockquote>/);
    expect(more.html).not.toBe(a.html);
    await h.mock.until(() => a.edits === 1, 5000, 'the answer keyboard to be edited');
    expect(a.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(['Where is this from?']);
    h.mock.userTaps(id, a.message_id, data[1], id);
    const [, , where] = await h.mock.repliesTo(id, 3);
    // provenance a person reads: each extract's article as /sources names it, its date, and which of its paragraphs
    const dated = await engine.inferredDates();
    const shown = (await engine.ask('What did Vance sign in Baku?')).extracts.slice(0, 3);
    expect(shown.some((e) => !engine.article(e.source.id)!.date)).toBe(true);
    for (const [i, e] of shown.entries()) {
      const article = engine.article(e.source.id)!;
      const paragraphs = article.blocks.filter((b) => b.kind !== 'heading');
      const at = paragraphs.findIndex((b) => b.start <= e.span.start && e.span.start < b.end) + 1;
      const date = article.date ? `published ${humanDate(article.date)}` : `dated ${humanDate(dated.get(article.id)!.date)} from its text`;
      expect(where.text).toContain(`Extract ${i + 1} comes from [${engine.numbers.get(article.id)}] ${article.title} (${date}), paragraph ${at} of ${paragraphs.length}.`);
    }
    // no file names, character offsets, internal passages or the evidence behind a worked-out date
    expect(where.text).not.toMatch(/\.txt|characters \d|passage|inferred|it reports|the \d+(st|nd|rd|th) paragraph/);
    noFailedCalls();
  });

  it('buttons work under an example\'s answer and a follow-up\'s, and say so kindly when their question is gone', async () => {
    const id = user();
    h.mock.userSays('/start', { userId: id });
    const [hello] = await h.mock.repliesTo(id);
    const example = hello.reply_markup!.inline_keyboard.flat().find((b) => b.text === 'Who did Vance meet in Yerevan?') as { callback_data: string };
    h.mock.userTaps(id, hello.message_id, example.callback_data, id);
    const [, answer] = await h.mock.repliesTo(id, 2);
    const data = answer.reply_markup!.inline_keyboard.flat().map((b) => (b as { callback_data: string }).callback_data);
    h.mock.userTaps(id, answer.message_id, data.at(-1)!, id);
    const [, , where] = await h.mock.repliesTo(id, 3);
    expect(where.text).toMatch(/Extract 1 comes from \[\d\]/);
    // the extract it places is the answer's first: its paragraph holds the answer's first quote
    const first = (await engine.ask('Who did Vance meet in Yerevan?')).extracts[0];
    expect(answer.text).toContain(first.quote.slice(0, 40));
    // a follow-up's buttons ask the completed question, not the fragment
    h.mock.userSays('What did Vance sign in Baku?', { userId: id });
    await h.mock.repliesTo(id, 4);
    h.mock.userSays('and in yerevan?', { userId: id });
    const [, , , , followUp] = await h.mock.repliesTo(id, 5);
    expect(followUp.text).toMatch(/Understood as/);
    const whereData = followUp.reply_markup!.inline_keyboard.flat().map((b) => (b as { callback_data: string }).callback_data).at(-1)!;
    h.mock.userTaps(id, followUp.message_id, whereData, id);
    const [, , , , , place] = await h.mock.repliesTo(id, 6);
    const completed = await engine.ask('and in yerevan?', (await engine.ask('What did Vance sign in Baku?')).topic);
    expect(place.text).toContain(`Extract 1 comes from [${engine.numbers.get(completed.extracts[0].source.id)}] ${completed.extracts[0].source.title}`);
    // a button whose question is gone (an earlier version's, or an expired id) answers with an alert, not silence
    for (const stale of ['where', 'more:AAAAAAAA']) {
      const tap = h.mock.userTaps(id, answer.message_id, stale, id);
      await h.mock.until(() => h.mock.callbackAnswers.has(tap), 5000, 'the stale button to be answered');
      expect(h.mock.callbackAnswers.get(tap)).toMatchObject({ text: expect.stringMatching(/too old.*ask your question again/), show_alert: true });
    }
    noFailedCalls();
  });

  it('"Where is this from?" shows every citing article\'s own sentence of a merged extract', async () => {
    const id = user();
    h.mock.userSays('How many Armenian human rights groups sent an open letter to Vance?', { userId: id });
    const [a] = await h.mock.repliesTo(id);
    const merged = (await engine.ask('How many Armenian human rights groups sent an open letter to Vance?')).extracts.findIndex((e) => e.alsoIn.length);
    expect(merged).toBeGreaterThanOrEqual(0);
    const where = a.reply_markup!.inline_keyboard.flat().map((b) => (b as { callback_data: string }).callback_data).at(-1)!;
    h.mock.userTaps(id, a.message_id, where, id);
    const [, place] = await h.mock.repliesTo(id, 2);
    const e = (await engine.ask('How many Armenian human rights groups sent an open letter to Vance?')).extracts[merged];
    const number = (articleId: string) => engine.numbers.get(articleId);
    expect(place.text).toContain(`Extract ${merged + 1} comes from [${number(e.source.id)}]`);
    // every other citing article, with its own sentence, verbatim from its file
    for (const other of e.elsewhere) {
      expect(place.text).toContain(`Also in [${number(other.source.id)}]`);
      expect(place.text).toContain(other.quote.slice(0, 60));
      expect(seedText(other.source.file).slice(other.span.start, other.span.end)).toBe(other.quote);
    }
    noFailedCalls();
  });

  it('says kindly when the sources do not hold the answer, and suggests questions', async () => {
    const id = user();
    h.mock.userSays('How many F-35 jets will Azerbaijan buy?', { userId: id });
    const [a] = await h.mock.repliesTo(id);
    expect(a.text).toMatch(/couldn't find an answer/);
    const buttons = a.reply_markup!.inline_keyboard.flat().map((b) => b.text);
    expect(buttons).toHaveLength(3);
    // the suggestions come once, as buttons, not also as text
    for (const b of buttons) expect(a.text).not.toContain(b);
    // and closest to what was asked: a question about money gets the question about an amount first
    h.mock.userSays('how much did azerbaijan spend on f-35s', { userId: id });
    const [, money] = await h.mock.repliesTo(id, 2);
    expect(money.reply_markup!.inline_keyboard.flat()[0].text).toMatch(/How much/);
    // a small-talk reply gets no suggestion buttons
    h.mock.userSays('thanks!', { userId: id });
    const [, , thanks] = await h.mock.repliesTo(id, 3);
    expect(thanks.reply_markup).toBeUndefined();
  });

  it('in groups answers only when mentioned, replied to, or asked with /ask', async () => {
    const id = user();
    const group = -5000 - id;
    const opts = { userId: id, chatId: group, chatType: 'group' as const };
    h.mock.userSays('What is TRIPP?', opts);
    h.mock.userSays('/help@some_other_bot', opts);
    h.mock.userSays(`@${h.mock.bot.username} Who did Vance meet in Yerevan?`, opts);
    const [first] = await h.mock.repliesTo(group, 1);
    expect(first.text).toContain('Pashinyan');
    h.mock.userSays('/ask What is Section 907?', opts);
    const [, second] = await h.mock.repliesTo(group, 2);
    expect(second.text).toContain('Section 907');
    h.mock.userSays('When did Azerbaijan take control of Karabakh?', { ...opts, replyTo: second.message_id });
    const [, , third] = await h.mock.repliesTo(group, 3);
    expect(third.text).toMatch(/2023/);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.mock.messagesTo(group)).toHaveLength(3); // the plain message and the other bot's command got nothing
  });

  it('gives a short hint for stickers, photos and voice, and for unknown commands', async () => {
    const id = user();
    h.mock.userSends({ sticker: { file_id: 'x', file_unique_id: 'x', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } }, { userId: id });
    h.mock.userSends({ photo: [{ file_id: 'p', file_unique_id: 'p', width: 1, height: 1 }] }, { userId: id });
    h.mock.userSends({ voice: { file_id: 'v', file_unique_id: 'v', duration: 1 } }, { userId: id });
    h.mock.userSays('/frobnicate now', { userId: id });
    const replies = await h.mock.repliesTo(id, 4);
    expect(replies.slice(0, 3).every((r) => /only read text/.test(r.text))).toBe(true);
    expect(replies[3].text).toMatch(/don't know the command \/frobnicate/);
  });

  it('handles a 5,000-character question and HTML-looking input without a Telegram error', async () => {
    const id = user();
    h.mock.userSays(`${'What did Vance sign in Baku? '.repeat(180)}`.slice(0, 5000), { userId: id });
    h.mock.userSays('<b>What</b> is </blockquote> & &amp; <script>alert(1)</script> TRIPP?', { userId: id });
    h.mock.userSays('Tell me about <a href="x">Australia</a> *_[', { userId: id });
    const replies = await h.mock.repliesTo(id, 3);
    expect(replies[0].html.length).toBeLessThanOrEqual(4096);
    expect(replies[2].text).toContain('<a href="x">Australia</a> *_[');
    noFailedCalls();
  });

  it('survives 429, 500 and a dropped connection, answering every update exactly once', async () => {
    const id = user();
    h.mock.inject({ kind: 'rate-limit', retryAfter: 1 }, 1, 'sendMessage');
    h.mock.inject({ kind: 'server-error' }, 1, 'sendMessage');
    h.mock.inject({ kind: 'drop' }, 1, 'getUpdates');
    const questions = ['What is TRIPP?', 'What is Section 907?', 'Who did Vance meet in Yerevan?'].map((q) => h.mock.userSays(q, { userId: id }));
    await h.mock.repliesTo(id, 3, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    const replies = h.mock.messagesTo(id);
    expect(replies.map((r) => r.reply_to_message_id).sort()).toEqual(questions.map((q) => q.message_id).sort());
    expect(h.mock.calls.filter((c) => !c.ok).length).toBeGreaterThanOrEqual(3);
    expect(h.logs()).not.toContain(h.mock.token);
  }, 60_000);
});
