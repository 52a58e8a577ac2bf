import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockBotApi } from '../src/mock/server.js';
import { readManifest } from '../src/index/store.js';
import { engineOptions, node, openEngine, ROOT, SEEDS, tempDir } from './helpers.js';
import { startBot } from './bot-harness.js';
import { Engine } from '../src/engine/engine.js';

describe('faults on the Telegram side', () => {
  it('keeps going when the Bot API goes away and comes back, answering what was sent meanwhile, logging without the token', async () => {
    const engine = await openEngine();
    const mock = await new MockBotApi().start();
    const port = Number(new URL(mock.apiRoot).port);
    const h = await startBot(engine, {}, mock);
    try {
      mock.userSays('What is TRIPP?', { userId: 8001 });
      await mock.repliesTo(8001, 1);
      await mock.stop();
      mock.userSays('What is Section 907?', { userId: 8001 }); // queued while the API is down
      await new Promise((r) => setTimeout(r, 1000));
      await mock.start(port);
      const replies = await mock.repliesTo(8001, 2, 30_000);
      expect(replies[1].text).toContain('Section 907');
      await new Promise((r) => setTimeout(r, 500));
      expect(mock.messagesTo(8001)).toHaveLength(2);
      expect(h.logs()).toMatch(/getUpdates failed/);
      expect(h.logs()).not.toContain(mock.token);
    } finally {
      await h.stop();
      await mock.stop();
    }
  }, 60_000);

  it('stops with a clear, token-free error when the token is refused', async () => {
    const mock = await new MockBotApi().start();
    const token = '987654321:AAFakeTokenThatTheMockRefuses_1234567';
    const child = node(['src/main.ts'], { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: mock.apiRoot, EMBEDDINGS_DIR: tempDir() });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.on('close', r));
    await mock.stop();
    expect(code).toBe(1);
    expect(out).toMatch(/error: the bot stopped: .*401: Unauthorized/);
    expect(out).not.toContain(token);
    expect(out).not.toContain(token.split(':')[1]);
    expect(out).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe('faults on the data side', () => {
  it('keeps the previous index answering when an ingest is killed with SIGKILL midway', async () => {
    const opts = engineOptions();
    await Engine.open(opts);
    const before = readManifest(opts.embeddingsDir);
    // A corpus big enough that its ingest is still embedding when it is killed.
    const big = tempDir('trip-bot-big-');
    const text = readFileSync(join(SEEDS, '002_b1c6c6d890a286ae.txt'), 'utf8');
    for (let i = 0; i < 150; i++) writeFileSync(join(big, `a${i}.txt`), text.replace(/Vance/g, `Vance ${i}`));
    const child = node(['src/cli/ingest.ts'], { SEEDS_DIR: big, EMBEDDINGS_DIR: opts.embeddingsDir });
    await new Promise<void>((resolve) => {
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
        if (/embedding \d+ texts/.test(err)) setTimeout(() => (child.kill('SIGKILL'), resolve()), 300);
      });
    });
    const signal = await new Promise((r) => child.on('close', (_c, s) => r(s)));
    expect(signal).toBe('SIGKILL');
    expect(readManifest(opts.embeddingsDir)).toEqual(before);
    const lines: string[] = [];
    const engine = await Engine.open({ ...opts, log: (l) => lines.push(l) });
    expect(lines).toEqual([]); // nothing to rebuild
    expect((await engine.ask('What is Section 907?')).extracts[0].quote).toContain('Section 907');
  }, 60_000);

  it('ingests the good articles and names each bad seed file it skips', async () => {
    const dir = tempDir('trip-bot-seeds-');
    execFileSync('cp', ['-r', `${SEEDS}/.`, dir]);
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0, 1, 2, 3, 255]));
    writeFileSync(join(dir, 'latin1.txt'), Buffer.from('caf\xe9 au lait, le pr\xe9sident a parl\xe9 longuement ce matin.', 'latin1'));
    writeFileSync(join(dir, 'nav.txt'), 'Home\nWorld\nSport\nSubscribe');
    mkdirSync(join(dir, 'folder.txt'));
    const lines: string[] = [];
    const engine = await Engine.open(engineOptions({ seedsDir: dir, log: (l) => lines.push(l) }));
    expect(engine.articles).toHaveLength(5);
    expect(lines.filter((l) => l.startsWith('skipped'))).toEqual([
      'skipped binary.txt: binary file',
      'skipped empty.txt: empty file',
      'skipped folder.txt: not a regular file',
      'skipped latin1.txt: not UTF-8 text',
      'skipped nav.txt: no prose paragraph found (not an article?)',
    ]);
  });

  it('keeps .env out of git', () => {
    expect(execFileSync('git', ['check-ignore', '.env'], { cwd: ROOT }).toString().trim()).toBe('.env');
  });
});

describe('the real process', () => {
  it('stops on SIGTERM after answering, with the offset confirmed and the token nowhere in its output', async () => {
    const mock = await new MockBotApi().start();
    const child = node(['src/main.ts'], { TELEGRAM_BOT_TOKEN: mock.token, TELEGRAM_API_ROOT: mock.apiRoot, EMBEDDINGS_DIR: tempDir(), LOG_LEVEL: 'info' });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      await mock.until(() => /is polling for updates/.test(out), 20_000, 'the bot to start polling');
      expect(mock.commands.map((c) => c.command)).toEqual(['ask', 'sources', 'timeline', 'new', 'follow', 'help']);
      mock.userSays('What is TRIPP?', { userId: 9001 });
      await mock.repliesTo(9001, 1);
      child.kill('SIGTERM');
      const code = await new Promise((r) => child.on('close', r));
      expect(code).toBe(0);
      expect(out).toMatch(/SIGTERM received, stopping/);
      expect(mock.unconfirmed).toBe(0);
      expect(mock.messagesTo(9001)).toHaveLength(1);
      expect(out).not.toContain(mock.token);
    } finally {
      child.kill('SIGKILL');
      await mock.stop();
    }
  }, 60_000);

  it('keeps running when the command menu cannot be registered', async () => {
    const mock = await new MockBotApi().start();
    mock.inject({ kind: 'server-error' }, 10, 'setMyCommands');
    const child = node(['src/main.ts'], { TELEGRAM_BOT_TOKEN: mock.token, TELEGRAM_API_ROOT: mock.apiRoot, EMBEDDINGS_DIR: tempDir() });
    let out = '';
    child.stderr.on('data', (d) => (out += d));
    try {
      await mock.until(() => /is polling for updates/.test(out), 20_000, 'the bot to start polling');
      mock.userSays('What is Section 907?', { userId: 9002 });
      const [a] = await mock.repliesTo(9002, 1);
      expect(a.text).toContain('Section 907');
      expect(out).toMatch(/Telegram answered setMyCommands with 500/);
      expect(mock.commands).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('close', r));
      await mock.stop();
    }
  }, 60_000);
});
