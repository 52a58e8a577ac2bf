import { createInterface } from 'node:readline';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bot } from 'grammy';
import type { BotContext } from './session.js';
import { htmlToTerminal } from '../answer/terminal.js';
import type { Logger } from '../log.js';
import type { AnswerEngine, BotSettings } from './context.js';
import { MockBotApi, type SentMessage } from './mock/server.js';
import { createBot } from './bot.js';
import { registerCommands, startPolling } from './run.js';

/** How long the bot may stay silent before the demo assumes it has said everything. */
const QUIET_MS = 150;
const REPLY_TIMEOUT_MS = 15_000;

/**
 * The local demo: the real bot, polling a mock Bot API on loopback, and a terminal chat in front of it.
 * On a terminal it is interactive; with piped input it answers each line and exits.
 */
export async function runDemo(engine: AnswerEngine, settings: BotSettings, log: Logger): Promise<void> {
  const mock = await new MockBotApi().start();
  const bot: Bot<BotContext> = createBot({ token: mock.token, apiRoot: mock.apiRoot, engine, settings, log });
  await bot.init();
  await registerCommands(bot, log);
  const polling = startPolling(bot);

  const tty = process.stdin.isTTY && process.stdout.isTTY;
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(
    tty
      ? `\nNo TELEGRAM_BOT_TOKEN set, so this is the local demo: the real bot, talking to a mock Telegram on ${mock.apiRoot}.\n` +
          'Type a question (or /help, /sources, /timeline). A number taps a button of the last reply. Ctrl+D quits.\n'
      : '',
  );
  let buttons: { message: SentMessage; data: string; text: string }[] = [];
  const chatId = 1001;

  const exchange = async (line: string) => {
    const before = mock.messagesTo(chatId).length;
    if (/^\d+$/.test(line) && !buttons[Number(line) - 1]) {
      out(`\n(There is no button ${line} under the last reply${buttons.length ? `: type 1 to ${buttons.length}` : ''}.)\n`);
      return;
    }
    const tap = /^\d+$/.test(line) ? buttons[Number(line) - 1] : undefined;
    const tapId = tap ? mock.userTaps(chatId, tap.message.message_id, tap.data) : (mock.userSays(line, { chatId }), undefined);
    const answered = () => tapId !== undefined && mock.callbackAnswers.has(tapId);
    await mock.until(() => mock.messagesTo(chatId).length > before || answered(), REPLY_TIMEOUT_MS, 'a reply');
    // wait until the bot has been quiet for a moment: some answers come in several messages
    let count = -1;
    while (count !== mock.messagesTo(chatId).length) {
      count = mock.messagesTo(chatId).length;
      await new Promise((r) => setTimeout(r, QUIET_MS));
    }
    const replies = mock.messagesTo(chatId).slice(before);
    const alert = tapId !== undefined ? mock.callbackAnswers.get(tapId)?.text : undefined;
    if (alert) out(`\n(${alert})`);
    if (!replies.length) return out('');
    buttons = [];
    for (const m of replies) {
      out(`\n${htmlToTerminal(m.html || m.text, tty)}`);
      if (m.photo) {
        // a terminal cannot show the picture: it is saved where an image viewer can open it
        const file = join(tmpdir(), `trip-bot-picture-${m.message_id}.png`);
        writeFileSync(file, m.photo);
        out(`  [picture saved to ${file}]`);
      }
      for (const b of m.reply_markup?.inline_keyboard.flat() ?? []) {
        if ('callback_data' in b) buttons.push({ message: m, data: b.callback_data!, text: b.text });
      }
    }
    if (buttons.length) out(`\n${buttons.map((b, i) => `[${i + 1}] ${b.text}`).join('   ')}`);
    out('');
  };

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty });
  if (tty) rl.setPrompt('you › ');
  if (tty) rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line) {
      if (!tty) out(`you › ${line}`);
      try {
        await exchange(line);
      } catch (e) {
        out(`(no reply: ${(e as Error).message})`);
      }
    }
    if (tty) rl.prompt();
  }
  await polling.stop();
  await mock.stop();
}
