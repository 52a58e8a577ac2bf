import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isVerbatim, ROOT, seedText, tempDir } from './helpers.js';

const run = promisify(execFile);
const embeddingsDir = tempDir('trip-bot-cli-');
const ask = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, EMBEDDINGS_DIR: embeddingsDir, TELEGRAM_BOT_TOKEN: '' },
  });

describe('the ask command', () => {
  it('--json prints exactly one contract object on stdout, building the index first', async () => {
    const { stdout, stderr } = await ask('--json', 'What is Section 907?');
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const a = JSON.parse(lines[0]);
    expect(Object.keys(a).sort()).toEqual(['abstained', 'confidence', 'extracts', 'question', 'reply', 'type', 'understood']);
    expect(a.type).toBe('quotes');
    expect(a.question).toBe('What is Section 907?');
    expect(a.abstained).toBe(false);
    const e = a.extracts[0];
    expect(Object.keys(e).sort()).toEqual(['alsoIn', 'quote', 'score', 'source']);
    expect(Object.keys(e.source).sort()).toEqual(['date', 'file', 'id', 'title', 'url']);
    expect(e.source.file).toBe('000_1c86669cca0672e9.txt');
    expect(e.quote).toContain('Freedom Support Act');
    expect(isVerbatim(e.quote, seedText(e.source.file))).toBe(true);
    expect(stderr).toMatch(/building the index/);
  });

  it('--batch answers one line per question, in order, loading once', async () => {
    const file = join(tempDir(), 'q.txt');
    writeFileSync(file, 'How many F-35 jets will Azerbaijan buy?\n\nWho did Vance meet in Yerevan?\nWhat is TRIPP?\n');
    const { stdout, stderr } = await ask('--json', '--batch', file);
    const answers = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(answers.map((a) => a.question)).toEqual(['How many F-35 jets will Azerbaijan buy?', 'Who did Vance meet in Yerevan?', 'What is TRIPP?']);
    expect(answers.map((a) => a.abstained)).toEqual([true, false, false]);
    expect(stderr).not.toMatch(/building the index/); // the index from the first test is reused
  });

  it('--batch --chat reads the lines as one conversation: follow-ups say what they were understood as', async () => {
    const file = join(tempDir(), 'chat.txt');
    writeFileSync(file, 'When did Vance arrive in Yerevan?\nwho did he meet there?\nthanks!\nwhat about Baku?\n');
    const chat = (await ask('--json', '--chat', '--batch', file)).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(chat.map((a) => a.understood)).toEqual([
      'When did Vance arrive in Yerevan?',
      'who did Vance meet in Yerevan?',
      undefined,
      'who did Vance meet in Baku?',
    ]);
    expect(chat.map((a) => a.followUpOf)).toEqual([undefined, 'When did Vance arrive in Yerevan?', undefined, 'who did Vance meet in Yerevan?']);
    expect(chat[1].extracts[0].quote).toContain('Pashinyan');
    const apart = (await ask('--json', '--batch', file)).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(apart.every((a) => a.followUpOf === undefined)).toBe(true);
  });

  it('prints a readable answer without --json, and usage on no question', async () => {
    const { stdout } = await ask('Who did Vance meet in Yerevan?');
    expect(stdout).toMatch(/│ .*Pashinyan/);
    expect(stdout).not.toMatch(/<blockquote>|&quot;/);
    const err = await ask().catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/usage:/);
  });

  it('stops with one clear line when the model setting is wrong', async () => {
    const err = await run(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', '--json', 'hi'], {
      cwd: ROOT,
      env: { ...process.env, EMBEDDINGS_DIR: embeddingsDir, EMBEDDING_MODEL: 'no-such-model', ALLOW_REMOTE_MODELS: 'false' },
    }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stdout).toBe('');
    expect(err.stderr).toMatch(/^error: Embedding model "no-such-model" is not in .*EMBEDDING_MODEL=e5-small-v2/);
    expect(err.stderr).not.toMatch(/\n\s+at /);
  });
});
