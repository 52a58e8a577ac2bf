import type { EngineOptions } from '../engine/engine.js';
import type { SourceInfo } from '../engine/catalogue.js';
import type { Addition, SeedsChange } from '../engine/live.js';
import type { FetchOptions } from '../sources/fetch.js';
import { NotReloaded, Refused } from '../errors.js';
import type { Reading, Topic } from '../types.js';

/** What a thread is opened with: the engine's options that survive a copy between threads (no functions). */
export type ThreadOptions = Omit<EngineOptions, 'log' | 'progress' | 'ranking' | 'embedder'> & { fetch: FetchOptions; progress: boolean };

/** What the articles are, as the main thread renders them: each article with its number (see Catalogue). */
export interface Snapshot {
  sources: SourceInfo[];
}

/** A call to an engine thread; `add` takes an http(s) URL, as /add does; `take`, an article another thread added. */
export type Call =
  | { method: 'ask'; args: [question: string, previous?: Topic, reading?: Reading] }
  | { method: 'timeline'; args?: [filter: string] }
  | { method: 'inferredDates' | 'reload' }
  | { method: 'add'; args: [url: string] }
  | { method: 'take'; args: [added: Addition, seeds: SeedsChange] };

/** A thread's messages: a call's result or error, a status line, the index build's progress, or being ready. */
export type ThreadMessage =
  | { id: number; value: unknown }
  | { id: number; error: WireError }
  | { log: string }
  | { progress: [done: number, total: number] }
  | { ready: Snapshot }
  | { failed: WireError };

/**
 * An error as it crosses between threads: its kind and what failed survive, so /add still tells a refusal from a
 * failure; any other error keeps its name for the log.
 */
export type WireError =
  | { kind: 'refused'; message: string; source: string | null }
  | { kind: 'not-reloaded'; message: string; done: unknown }
  | { kind: 'error'; message: string; name: string };

export function toWire(e: unknown): WireError {
  if (e instanceof Refused) return { kind: 'refused', message: e.message, source: e.source };
  if (e instanceof NotReloaded) return { kind: 'not-reloaded', message: (e.cause as Error).message, done: e.done };
  return { kind: 'error', message: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : 'Error' };
}

export function fromWire(e: WireError): Error {
  if (e.kind === 'refused') return new Refused(e.message, e.source);
  if (e.kind === 'not-reloaded') return new NotReloaded(e.done, new Error(e.message));
  return Object.assign(new Error(e.message), { name: e.name });
}
