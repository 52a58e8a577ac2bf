import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { cpSync } from 'node:fs';
import type { Engine } from '../src/engine/engine.js';
import { EnginePool } from '../src/workers/pool.js';
import { Refused } from '../src/errors.js';
import { FETCH_DEFAULTS } from '../src/sources/fetch.js';
import { engineOptions, openEngine, SEEDS, tempDir } from './helpers.js';
import { startPageServer } from './page-server.js';

const VOTES = 'By how many votes did the Armenian parliament ratify the nuclear agreement?';

let engine: Engine;
let pool: EnginePool;
let server: Awaited<ReturnType<typeof startPageServer>>;
beforeAll(async () => {
  const seedsDir = tempDir('trip-bot-pool-seeds-');
  cpSync(SEEDS, seedsDir, { recursive: true });
  const opts = engineOptions({ seedsDir });
  // the engine first: it builds the index the threads then read
  engine = await openEngine(opts);
  [pool, server] = await Promise.all([EnginePool.open({ ...opts, threads: 2, fetch: { ...FETCH_DEFAULTS, allowPrivate: true, timeoutMs: 2_000 } }), startPageServer()]);
});
afterAll(async () => {
  await pool?.close();
  await server?.close();
});

describe('the engine in worker threads', () => {
  it('answers as the engine in this thread does, from every thread, with the same numbering', async () => {
    const questions = ['What did Vance sign in Baku?', 'Who did Vance meet in Yerevan?', 'What is TRIPP?', 'How much did the trip cost?'];
    // asked all at once, so both threads answer some
    const answers = await Promise.all([...questions, ...questions].map((q) => pool.current.ask(q)));
    const here = await Promise.all(questions.map((q) => engine.ask(q)));
    expect(answers).toEqual([...here, ...here]);
    expect(pool.current.numbers).toEqual(engine.numbers);
    expect(pool.current.sources().map((s) => s.article.title)).toEqual(engine.sources().map((s) => s.article.title));
    const topic = (await engine.ask('What did Vance sign in Baku?')).topic;
    expect(await pool.current.ask('and in yerevan?', topic)).toEqual(await engine.ask('and in yerevan?', topic));
    expect(await pool.current.ask('how many boats', topic, 'beside')).toEqual(await engine.ask('how many boats', topic, 'beside'));
  });

  it('answers a question while another thread builds the timeline', async () => {
    let built = false;
    const timeline = pool.current.timeline().then((events) => ((built = true), events));
    const answer = await pool.current.ask('What is TRIPP?');
    expect(answer.extracts[0].quote).toMatch(/Trump Route/);
    expect(built).toBe(false); // the answer came first: the question was not queued behind the timeline
    expect(await timeline).toEqual(await engine.timeline());
    expect(await pool.current.timeline()).toBe(await timeline); // built once
  });

  it('starts a thread that stops again in its place; the others answer meanwhile', async () => {
    const seen: { alive: number; total: number }[] = [];
    pool.onThreads((running) => seen.push(running));
    // a thread dying as if by an uncaught error or running out of memory
    await (pool as unknown as { threads: { worker: Worker }[] }).threads[0].worker.terminate();
    expect(pool.running).toEqual({ alive: 1, total: 2 });
    expect((await pool.current.ask('What is TRIPP?')).extracts[0].quote).toMatch(/Trump Route/);
    await vi.waitFor(() => expect(pool.running).toEqual({ alive: 2, total: 2 }), { timeout: 30_000, interval: 100 });
    expect(seen).toEqual([{ alive: 1, total: 2 }, { alive: 2, total: 2 }]);
    const answers = await Promise.all(['What is TRIPP?', 'What is TRIPP?', 'What is TRIPP?'].map((q) => pool.current.ask(q)));
    expect(answers.every((a) => /Trump Route/.test(a.extracts[0].quote))).toBe(true);
  });

  it('adds an article in one thread, and then every thread answers from it; a refusal stays a refusal', async () => {
    const before = pool.current;
    const unknown = await pool.current.ask(VOTES);
    const added = await pool.add(server.url('/news/ratified'));
    expect(added.number).toBe(6);
    expect(pool.current.sources()).toHaveLength(6);
    expect(before.sources()).toHaveLength(5); // an update that pinned the articles before keeps them
    const answers = await Promise.all([VOTES, VOTES, VOTES, VOTES].map((q) => pool.current.ask(q)));
    expect(unknown.extracts[0]?.source.id).not.toBe(added.article.id);
    for (const a of answers) expect(a.extracts[0].source.id).toBe(added.article.id);
    await expect(pool.add(server.url('/news/ratified'))).rejects.toThrow(Refused);
    await expect(pool.add(server.url('/news/ratified'))).rejects.toThrow(/already in my sources/);
  });
});
