import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../src/engine/engine.js';
import { engineOptions, node, SEEDS, tempDir } from './helpers.js';
import { startPageServer } from './page-server.js';

let server: Awaited<ReturnType<typeof startPageServer>>;
beforeAll(async () => {
  server = await startPageServer();
});
afterAll(() => server?.close());

/** `npm run add` in a process of its own: its exit code and what it printed. */
function add(url: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const run = node(['src/cli/add.ts', url], { ...env, ALLOW_PRIVATE_URLS: 'true' });
  let out = '';
  run.stdout.on('data', (d) => (out += d));
  run.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => run.on('close', (code) => resolve({ code, out })));
}

describe('the index lock between processes', () => {
  it('two additions at once from two processes both land: sources.json names both and the index serves both without a rebuild', async () => {
    const seedsDir = tempDir('trip-bot-lock-seeds-');
    cpSync(SEEDS, seedsDir, { recursive: true });
    const opts = engineOptions({ seedsDir });
    await Engine.open(opts); // the index both additions update
    const env = { SEEDS_DIR: seedsDir, EMBEDDINGS_DIR: opts.embeddingsDir };
    const [a, b] = await Promise.all([add(server.url('/news/ratified'), env), add(server.url('/shipping/ferry'), env)]);
    expect(a).toMatchObject({ code: 0, out: expect.stringMatching(/^added \[\d\] [\s\S]*index updated: 1 articles added or changed/) });
    expect(b).toMatchObject({ code: 0, out: expect.stringMatching(/^added \[\d\] [\s\S]*index updated: 1 articles added or changed/) });
    const sources = JSON.parse(readFileSync(join(seedsDir, 'sources.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(sources).filter((f) => f.startsWith('web_'))).toHaveLength(2);
    let rebuilt = '';
    const engine = await Engine.open({ ...opts, log: (line) => (rebuilt += line) });
    expect(rebuilt).toBe(''); // nothing to embed again: each addition saw the other's
    expect(engine.sources()).toHaveLength(7);
    expect((await engine.ask('How many ferries a month will the Alat terminal handle?')).extracts[0].quote).toContain('40 ferries a month');
  });
});
