import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { openEngine, ROOT, tempDir } from './helpers.js';
import type { Engine } from '../src/engine/engine.js';
import type { Answering } from '../src/engine/engine.js';
import { createLogger } from '../src/log.js';
import { runDemo } from '../src/demo/run.js';
import { keyboardLines, noSuchButton } from '../src/demo/buttons.js';
import type { SentMessage } from '../src/mock/messages.js';

/** Runs `npm start`'s command with no token and piped input, as a newcomer's first run would. */
function demo(input: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, TELEGRAM_BOT_TOKEN: '', EMBEDDINGS_DIR: tempDir('trip-bot-demo-'), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('npm start without a token: the local demo', () => {
  it('runs the real bot against the mock API and prints readable replies, then exits at end of input', async () => {
    const { code, stdout, stderr } = await demo('What did Vance sign in Baku?\n1\n9\n/sources\n/timeline\n');
    expect(code).toBe(0);
    // a first run builds the index: it says so in words a person reads, not a JSON log line
    expect(stderr).toMatch(/building the index/);
    expect(stderr).not.toMatch(/\{"level"/);
    expect(stdout).toContain('(No buttons under the last reply.)'); // the extracts behind "More extracts" have none
    // the timeline's picture is saved to a file a person can open
    const saved = /\[picture saved to (\S+\.png)\]/.exec(stdout);
    expect(saved).not.toBeNull();
    expect(readFileSync(saved![1]).subarray(1, 4).toString()).toBe('PNG');
    expect(stdout).toContain('you › What did Vance sign in Baku?');
    expect(stdout).toMatch(/│ .*strategic partnership agreement/);
    expect(stdout).toMatch(/— \[\d\] /);
    expect(stdout).toMatch(/\[1\] More extracts/);
    expect(stdout).toContain('My sources (5 articles)');
    expect(stdout).not.toMatch(/<blockquote>|&quot;|&amp;/);
  }, 60_000);

  it('explains a bad setting in one line instead of starting', async () => {
    const { code, stdout, stderr } = await demo('hi\n', { TELEGRAM_BOT_TOKEN: 'not-a-token', RATE_LIMIT_PER_MINUTE: 'lots' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Invalid settings/);
    expect(stderr).toContain('  TELEGRAM_BOT_TOKEN must look like a bot token from @BotFather (digits, a colon, then letters); the value is not shown\n');
    expect(stderr).toContain("  RATE_LIMIT_PER_MINUTE must be a whole number above 0, got 'lots'\n");
    expect(stderr).not.toContain('not-a-token');
  }, 30_000);
});

/** The engine as a busy machine runs it: every answer comes `ms` later. */
function slowed(engine: Engine, ms: number): Answering {
  const slow = new Proxy(engine, {
    get: (target, key) =>
      key === 'ask'
        ? async (...args: Parameters<Engine['ask']>) => {
            await sleep(ms);
            return target.ask(...args);
          }
        : Reflect.get(target, key),
  });
  return { current: slow };
}

/** The demo in this process, lines piped in as `printf … | npm start` would: what it printed. */
async function piped(engine: Answering, input: string): Promise<string> {
  const io = { input: new PassThrough(), output: new PassThrough() };
  let printed = '';
  io.output.on('data', (d) => (printed += d));
  const done = runDemo(engine, { allowedChatIds: null }, createLogger({ level: 'silent' }), io);
  io.input.end(input);
  await done;
  return printed;
}

/** `parts` as far as each is printed after the one before (all of them when the order holds). */
function inOrder(printed: string, parts: string[]): string[] {
  let at = 0;
  return parts.filter((p) => at >= 0 && (at = printed.indexOf(p, at)) >= 0);
}

describe('a signal ends the demo at once', () => {
  // npm forwards SIGTERM and SIGINT to its script's process only (`timeout --foreground npm start`, or `kill` of
  // npm): the demo must be that process, not a shell that dies and leaves it running.
  it.each(['SIGTERM', 'SIGINT'] as const)('%s to `npm start` mid-answer, with more lines still to come, stops it and all it started', async (signal) => {
    // Input from a named pipe, as from `printf … |`: an OS pipe, which npm's own end cannot close for the demo.
    const fifo = join(tempDir('trip-bot-fifo-'), 'input');
    execFileSync('mkfifo', [fifo]);
    const reading = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK); // without waiting for a writer
    const input = openSync(fifo, 'w'); // held open, as when a person is still typing
    const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, TELEGRAM_BOT_TOKEN: '', EMBEDDINGS_DIR: tempDir('trip-bot-demo-') }, stdio: [reading, 'pipe', 'pipe'] });
    closeSync(reading);
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += d));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    writeSync(input, '/timeline\nWhat is TRIPP?\n');
    for (let waited = 0; !stdout.includes('you › /timeline') && waited < 60_000; waited += 50) await sleep(50);
    child.kill(signal);
    // 'close' comes once every process holding npm's output has ended: the demo's node and its engine thread too
    const ended = await Promise.race([closed, sleep(15_000).then(() => 'still running')]);
    closeSync(input); // a demo left running reads to the end of its input and exits by itself
    expect(ended).toEqual({ code: null, signal });
    expect(stdout).not.toContain('you › What is TRIPP?'); // it ended during /timeline
  }, 90_000);
});

/** util-linux `script`, which runs a command on a terminal of its own: how a test presses Ctrl+C at the prompt. */
const hasScript = spawnSync('script', ['--version']).status === 0;

describe('Ctrl+C at the prompt', () => {
  it.skipIf(!hasScript)('ends the demo at once, mid-answer, as SIGINT does', async () => {
    const command = `${process.execPath} --import tsx src/main.ts`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, TELEGRAM_BOT_TOKEN: '', EMBEDDINGS_DIR: tempDir('trip-bot-demo-') } });
    let shown = '';
    child.stdout.on('data', (d) => (shown += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let waited = 0; !shown.includes('you ›') && waited < 60_000; waited += 50) await sleep(50);
    child.stdin.end('/timeline\r\x03'); // the question, then Ctrl+C while it is answered
    const code = await Promise.race([exited, sleep(15_000).then(() => 'still running')]);
    expect(code).toBe(130); // script exits as its command did: killed by SIGINT
    expect(shown).not.toContain('Timeline');
  }, 90_000);
});

describe('buttons in the terminal', () => {
  const message = {
    message_id: 7,
    reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }, { text: 'B', callback_data: 'b' }], [{ text: 'C', callback_data: 'c' }]] },
  } as SentMessage;

  it('are printed a row a line, as Telegram lays them out, and numbered in the order printed', () => {
    const { lines, buttons } = keyboardLines(message, 3);
    expect(lines).toEqual(['[3] A   [4] B', '[5] C']);
    expect(buttons.map((b) => b.data)).toEqual(['a', 'b', 'c']);
  });

  it('a number with no button behind it is told how many there are, in plain words', () => {
    expect(noSuchButton(0)).toBe('(No buttons under the last reply.)');
    expect(noSuchButton(1)).toBe("(There's only one button: type 1.)");
    expect(noSuchButton(4)).toBe('(There are 4 buttons: type 1 to 4.)');
  });
});

describe('the demo at a person\'s pace', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openEngine();
  });

  it('takes each piped line only once the reply to the one before is complete, taps included, however slow the answers', async () => {
    const printed = await piped(slowed(engine, 600), '/start\n3\n1\n');
    expect(printed).not.toMatch(/no button|no reply/i);
    const order = ['you › /start', 'Hello!', '[3] Who did Vance meet in Yerevan?', 'you › 3', '❓ Who did Vance meet in Yerevan?', '│ ', '[1] More extracts', 'you › 1', '│ '];
    expect(inOrder(printed, order)).toEqual(order);
  });

  it('prints an apology under the line that failed, not under the next', async () => {
    const failing = new Proxy(engine, {
      get: (target, key) =>
        key === 'ask'
          ? async (...args: Parameters<Engine['ask']>) => {
              if (args[0] === 'break') throw new Error('broken');
              return target.ask(...args);
            }
          : Reflect.get(target, key),
    });
    const printed = await piped({ current: failing }, 'break\nWhat is TRIPP?\n');
    const order = ['you › break', 'Sorry, something went wrong', 'you › What is TRIPP?', '│ '];
    expect(inOrder(printed, order)).toEqual(order);
  });

  it('shows /start\'s questions one a line, as Telegram does, and taps them by the numbers shown', async () => {
    const printed = await piped(engine, '/start\n5\n2\n');
    expect(printed).toMatch(/\n\[1\] What did Vance sign in Baku\?\n\[2\] What is TRIPP\?\n\[3\] /);
    expect(printed).toContain('(There are 4 buttons: type 1 to 4.)');
    expect(printed).toContain('❓ What is TRIPP?');
  });

  it('answers every one of more piped questions than a Telegram user may ask in a minute', async () => {
    const question = 'What did Vance sign in Baku?';
    const printed = await piped(engine, `${question}\n`.repeat(24));
    expect(printed).not.toMatch(/faster than I can keep up|no reply/);
    expect(printed.split(`you › ${question}`)).toHaveLength(25);
    expect(printed.match(/\[\d\] Where is this from\?/g)).toHaveLength(24);
  });
});
