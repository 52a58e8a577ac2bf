import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Engine, type EngineOptions } from '../src/engine/engine.js';
import { SHIPPED_MODEL, type Embedder } from '../src/embeddings/embedder.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const SEEDS = join(ROOT, 'seeds');
export const MODELS = join(ROOT, 'models');

export function tempDir(prefix = 'trip-bot-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Engine options on the shipped offline model, with an index in a fresh temporary folder. */
export function engineOptions(overrides: Partial<EngineOptions> = {}): EngineOptions {
  return {
    seedsDir: SEEDS,
    embeddingsDir: tempDir('trip-bot-index-'),
    model: SHIPPED_MODEL,
    modelsDir: MODELS,
    allowRemote: false,
    timeoutMs: 30_000,
    ...overrides,
  };
}

export function openEngine(overrides: Partial<EngineOptions> = {}): Promise<Engine> {
  return Engine.open(engineOptions(overrides));
}

export function seedText(file: string, seedsDir = SEEDS): string {
  return readFileSync(join(seedsDir, file), 'utf8');
}

/** Whether every part of a quote (parts joined by an ellipsis) stands word for word in the text. */
export function isVerbatim(quote: string, text: string): boolean {
  return quote
    .split('…')
    .map((p) => p.trim())
    .filter(Boolean)
    .every((p) => text.includes(p));
}

/** A TypeScript entry point (src/main.ts, a CLI) in a process of its own, from the repository root. */
export function node(args: string[], env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
}

/** A loopback port nothing listens on (free a moment ago). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The real model until its `calls`-th call to embed, which fails as a process killed there would stop. */
export function failingAfter(embedder: Embedder, calls: number): Embedder {
  let made = 0;
  return {
    ...embedder,
    embed: async (texts, role) => {
      if (++made > calls) throw new Error('killed half way');
      return embedder.embed(texts, role);
    },
  };
}
