import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyHtml } from '../src/telegram/render.js';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Engine } from '../src/engine/engine.js';
import { openEngine, ROOT, tempDir } from './helpers.js';
import { startBot, type Harness } from './bot-harness.js';

/** Hostile or odd texts a user may send. Each must get a clear reply, never a crash or a Telegram 400. */
const TEXTS: [string, string][] = [
  ['whitespace only', '   \t  '],
  ['newlines only', '\n\n\n'],
  ['4096 characters', `What is TRIPP? ${'x'.repeat(4081)}`],
  ['4096 characters of one word', 'a'.repeat(4096)],
  ['emoji only', '🇦🇲🇦🇿🙂🔥'],
  ['emoji around a question', '🤔 What is TRIPP? 🤔'],
  ['Arabic, right to left', 'ما هو الاتفاق الذي وقعه فانس؟'],
  ['Hebrew with RTL marks', '\u202Bמה חתם ואנס?\u202C'],
  ['Armenian', 'Ի՞նչ է TRIPP-ը։'],
  ['Cyrillic', 'Что подписал Вэнс в Баку?'],
  ['Azerbaijani', 'Vens Bakıda nə imzaladı?'],
  ['bold tag', '<b>What is TRIPP?</b>'],
  ['closing blockquote', '</blockquote> What did Vance sign?'],
  ['entity', '&amp; &lt; &#x41; &nbsp; &bogus;'],
  ['script tag', '<script>alert("x")</script>'],
  ['link tag', '<a href="javascript:alert(1)">click</a>'],
  ['markdown', '*_[What is TRIPP?](http://x)_* `code` ~~x~~ ||spoiler||'],
  ['lone ampersand and angle', 'Armenia & Azerbaijan < > peace'],
  ['NUL and bell', '\u0000What is TRIPP?\u0007'],
  ['escape sequence', '\u001b[31mred\u001b[0m What is TRIPP?'],
  ['zero-width and BOM', '\uFEFFWhat\u200B is\u200D TRIPP?'],
  ['lone surrogate-ish combining marks', 'Z̷̢͈̓a̸l̵g̶o̷ TRIPP'],
  ['only punctuation', '?!?!...,,,;;'],
  ['numbers only', '2025 2026 907'],
  ['SQL-looking', "'; DROP TABLE passages; --"],
  ['path-looking', '../../etc/passwd'],
  ['very long word', `${'Supercalifragilistic'.repeat(60)}?`],
  ['unknown command', '/frobnicate'],
  ['unknown command with args', '/delete_everything now please'],
  ['/ask with nothing', '/ask'],
  ['/ask with spaces', '/ask      '],
  ['/ask with HTML', '/ask <i>who</i> met Pashinyan?'],
  ['/timeline with HTML', '/timeline <b>nuclear</b>'],
  ['/timeline with a long filter', `/timeline ${'nuclear '.repeat(500)}`],
  ['/timeline with emoji', '/timeline 🔥'],
  ['/sources with arguments', '/sources please all of them'],
  ['/start with a deep link payload', '/start abc_123'],
  ['/help addressed to me', '/help@trip_test_bot'],
  ['command for another bot', '/help@some_other_bot'],
  ['uppercase command', '/HELP'],
  ['slash alone', '/'],
  ['mention of another user', '@someone_else What is TRIPP?'],
];

let engine: Engine;
let h: Harness;
beforeAll(async () => {
  engine = await openEngine();
  h = await startBot(engine, { ratePerMinute: 10 });
});
afterAll(() => h.stop());

describe('hostile and odd input', () => {
  it('gives every one of them a reply in Telegram, with no failed API call, and prints the tally', async () => {
    let user = 6000;
    const sent: { label: string; chat: number }[] = [];
    for (const [label, text] of TEXTS) {
      const chat = user++;
      h.mock.userSays(text, { userId: chat });
      sent.push({ label, chat });
    }
    // Buttons: stale, forged, out of range; an edited message; a non-text message.
    const chat = user++;
    h.mock.userSays('What is TRIPP?', { userId: chat });
    const [answer] = await h.mock.repliesTo(chat);
    const taps = [
      ['forged callback data', 'x'.repeat(64)],
      ['example out of range', 'ex:99'],
      ['timeline page out of range', 'tl:999:'],
      ['timeline page with odd filter', 'tl:0:<b>&'],
    ];
    const tapIds = taps.map(([, data]) => h.mock.userTaps(chat, answer.message_id, data, chat));
    const stale = user++;
    h.mock.userSays('hello', { userId: stale });
    const staleTap = h.mock.userTaps(stale, 987654, 'more', stale); // a message the bot never sent
    const edited = user++;
    const original = h.mock.userSays('What is TRIPP?', { userId: edited });
    h.mock.userSays('What is Section 907?', { userId: edited, edit: original.message_id });

    for (const s of sent) await h.mock.repliesTo(s.chat, 1, 15_000);
    await h.mock.until(() => [...tapIds, staleTap].every((id) => h.mock.callbackAnswers.has(id)), 10_000, 'callback answers');
    const editedReplies = await h.mock.repliesTo(edited, 2);
    expect(editedReplies[1].text).toContain('Section 907');

    const failed = h.mock.calls.filter((c) => !c.ok);
    const total = TEXTS.length + taps.length + 2;
    const answered =
      sent.filter((s) => h.mock.messagesTo(s.chat).length > 0).length +
      [...tapIds, staleTap].filter((id) => h.mock.callbackAnswers.has(id)).length +
      (editedReplies.length >= 2 ? 1 : 0);
    console.log(`hostile inputs: ${total} sent, ${answered} answered, ${failed.length} Telegram errors`);
    expect(answered).toBe(total);
    expect(total).toBeGreaterThanOrEqual(40);
    expect(failed).toEqual([]);
    expect(h.mock.callbackAnswers.get(staleTap)?.text).toMatch(/too old.*ask your question again/);
    for (const s of sent.filter((x) => /HTML|tag|entity|markdown|ampersand/.test(x.label))) {
      expect(h.mock.messagesTo(s.chat)[0].text).not.toMatch(/^Sorry, something went wrong/);
    }
    const other = sent.find((s) => s.label === 'command for another bot')!;
    expect(h.mock.messagesTo(other.chat)[0].text).toMatch(/addressed to @some_other_bot/);
  }, 60_000);

  it('holds the per-user rate limit under a flood of 50 messages, and keeps answering others', async () => {
    const flooder = 7000;
    for (let i = 0; i < 50; i++) h.mock.userSays('What is TRIPP?', { userId: flooder });
    h.mock.userSays('What is Section 907?', { userId: 7001 });
    const [other] = await h.mock.repliesTo(7001, 1, 15_000);
    expect(other.text).toContain('Section 907');
    // ten answers and one notice; the runner confirms updates as it takes them, so confirmation is not "handled"
    await h.mock.repliesTo(flooder, 11, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    const replies = h.mock.messagesTo(flooder);
    expect(replies).toHaveLength(11);
    expect(replies.filter((r) => r.html.startsWith('<blockquote>'))).toHaveLength(10);
    expect(replies.filter((r) => /faster than I can keep up/.test(r.text))).toHaveLength(1);
  }, 60_000);

  it('answers or abstains on every one of them through ask, with one JSON line each', async () => {
    for (const [label, text] of TEXTS) {
      const a = await engine.ask(text);
      expect(typeof a.abstained, label).toBe('boolean');
      expect(replyHtml(a, engine.numbers).length, label).toBeLessThanOrEqual(4096);
      expect(replyHtml(a, engine.numbers), label).not.toMatch(/<script|<b>What|&nbsp;/);
    }
    const file = join(tempDir(), 'hostile.txt');
    const singleLine = TEXTS.map(([, t]) => t).filter((t) => !/[\n\r]/.test(t) && t.trim());
    writeFileSync(file, `${singleLine.join('\n')}\n`);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', '--json', '--batch', file], {
      cwd: ROOT,
      env: { ...process.env, EMBEDDINGS_DIR: tempDir() },
      maxBuffer: 64 * 1024 * 1024,
    });
    const answers = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(answers).toHaveLength(singleLine.length);
    console.log(`ask: ${answers.length} hostile questions, ${answers.filter((a) => a.abstained).length} abstained, ${answers.filter((a) => !a.abstained).length} answered`);
  }, 60_000);
});
