import { createInterface } from 'node:readline';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bot } from 'grammy';
import type { BotContext } from '../telegram/context.js';
import { htmlToTerminal } from '../text/terminal.js';
import type { Logger } from '../log.js';
import type { Answering } from '../engine/engine.js';
import type { BotSettings } from '../telegram/deps.js';
import { MockBotApi } from '../mock/server.js';
import { keyboardLines, noSuchButton, type Button } from './buttons.js';
import { createBot } from '../telegram/bot.js';
import { registerCommands, startPolling } from '../telegram/run.js';

/** Where the demo reads lines and writes replies: the terminal, or streams in tests. */
export interface DemoIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * The local demo: the real bot, polling a mock Bot API on loopback, and a terminal chat in front of it.
 * On a terminal it is interactive; with piped input it answers each line and exits. SIGINT and SIGTERM keep their
 * default, ending the process at once, mid-answer too, and its engine threads, polling and mock with it: the demo
 * holds nothing worth a graceful stop. (`npm start` execs node, so the signal npm forwards reaches it.)
 */
export async function runDemo(
  engine: Answering,
  settings: Omit<BotSettings, 'ratePerMinute'>,
  log: Logger,
  io: DemoIo = { input: process.stdin, output: process.stdout },
): Promise<void> {
  const mock = await new MockBotApi().start();
  // The per-user limit keeps one Telegram user from crowding out the others; the demo has one person, who is no
  // stranger, and piped questions come as fast as they are answered.
  const bot: Bot<BotContext> = createBot({ token: mock.token, apiRoot: mock.apiRoot, engine, settings: { ...settings, ratePerMinute: null }, log });
  await bot.init();
  await registerCommands(bot, log);
  // A line is taken only once the bot has handled the one before: its handler has returned, so all it sent is in
  // the mock. A quiet moment is a guess a busy machine outruns, and the getUpdates offset says nothing here (the
  // runner confirms an update as soon as it takes it, before answering it).
  const waiting = new Map<number, () => void>();
  const polling = startPolling(bot, {}, (update) => waiting.get(update.update_id)?.());
  const handled = (updateId: number) => new Promise<void>((resolve) => waiting.set(updateId, resolve)).finally(() => waiting.delete(updateId));

  const tty = !!(io.input.isTTY && io.output.isTTY);
  const out = (s: string) => io.output.write(`${s}\n`);
  out(
    tty
      ? `\nNo TELEGRAM_BOT_TOKEN set, so this is the local demo: the real bot, talking to a mock Telegram on ${mock.apiRoot}.\n` +
          'Type a question (or /help, /sources, /timeline). A number taps a button of the last reply. Ctrl+D quits.\n'
      : '',
  );
  // The last reply's buttons, numbered as they were printed.
  let buttons: Button[] = [];
  const chatId = 1001;

  const exchange = async (line: string) => {
    const before = mock.messagesTo(chatId).length;
    const number = /^\d+$/.test(line) ? Number(line) : null;
    const tap = number === null ? undefined : buttons[number - 1];
    if (number !== null && !tap) {
      out(`\n${noSuchButton(buttons.length)}\n`);
      return;
    }
    const tapId = tap ? mock.userTaps(chatId, tap.message.message_id, tap.data) : (mock.userSays(line, { chatId }), undefined);
    // Waited for at once, in the same turn: the bot cannot have taken the update before a round trip to the mock.
    await handled(mock.lastUpdateId);
    const replies = mock.messagesTo(chatId).slice(before);
    const alert = tapId !== undefined ? mock.callbackAnswers.get(tapId)?.text : undefined;
    if (alert) out(`\n(${alert})`);
    if (!replies.length) {
      out(''); // an alert, or nothing: the last reply's buttons stay as they were
      return;
    }
    buttons = [];
    for (const m of replies) {
      out(`\n${htmlToTerminal(m.html || m.text, tty)}`);
      if (m.photo) {
        // a terminal cannot show the picture: it is saved where an image viewer can open it
        const file = join(tmpdir(), `trip-bot-picture-${m.message_id}.png`);
        writeFileSync(file, m.photo);
        out(`  [picture saved to ${file}]`);
      }
      const keyboard = keyboardLines(m, buttons.length + 1);
      if (keyboard.lines.length) out(`\n${keyboard.lines.join('\n')}`);
      buttons.push(...keyboard.buttons);
    }
    out('');
  };

  const rl = createInterface({ input: io.input, output: io.output, terminal: tty });
  // Ctrl+C at the prompt reaches readline, not the process; on its own readline would stop reading and wait for
  // the answer in hand. It ends the demo as SIGINT does.
  rl.on('SIGINT', () => {
    rl.close(); // the terminal back as it was
    process.kill(process.pid, 'SIGINT');
  });
  const converse = async () => {
    if (tty) rl.setPrompt('you › ');
    if (tty) rl.prompt();
    for await (const raw of rl) {
      const line = raw.trim();
      if (line) {
        if (!tty) out(`you › ${line}`);
        await exchange(line);
      }
      if (tty) rl.prompt();
    }
  };
  try {
    // No time limit on an answer: a slow one on a busy machine is still the answer. Only polling that stops for good
    // (it cannot, against the mock, but if it did) ends the wait.
    await Promise.race([converse(), polling.failed]);
  } finally {
    rl.close();
    await polling.stop();
    await mock.stop();
  }
}
