import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Answer, Reading, TimelineEvent, Topic } from '../types.js';
import type { AnswerEngine, Answering, EngineOptions } from '../engine/engine.js';
import { Catalogue } from '../engine/catalogue.js';
import { Changes } from '../engine/changes.js';
import type { InferredDate } from '../timeline/extract.js';
import type { Added } from '../sources/add.js';
import type { SeedsChange } from '../engine/live.js';
import type { FetchOptions } from '../sources/fetch.js';
import { EngineThreadError } from '../errors.js';
import { fromWire, type Call, type Snapshot, type ThreadMessage, type ThreadOptions } from './protocol.js';

/**
 * The articles at one moment, as answers are rendered from them (their catalogue, copied from the thread), asked in
 * the threads that have them: a reload makes a new one.
 */
export class Articles extends Catalogue implements AnswerEngine {
  constructor(
    private readonly pool: EnginePool,
    readonly version: number,
    snapshot: Snapshot,
  ) {
    super(snapshot.sources);
  }

  ask(question: string, previous?: Topic, reading?: Reading): Promise<Answer> {
    return this.pool.call(this.version, { method: 'ask', args: [question, previous, reading] }) as Promise<Answer>;
  }
  timeline(filter = ''): Promise<TimelineEvent[]> {
    // the whole timeline is kept once built; a filtered one is quick to cut from it in the thread
    return (filter ? this.pool.call(this.version, { method: 'timeline', args: [filter] }) : this.pool.once(this.version, 'timeline')) as Promise<TimelineEvent[]>;
  }
  inferredDates(): Promise<Map<string, InferredDate>> {
    return this.pool.once(this.version, 'inferredDates') as Promise<Map<string, InferredDate>>;
  }
}

/** One worker thread holding an engine, and what it is doing. */
class Thread {
  version = 0;
  /** Calls sent and not answered yet. */
  inFlight = 0;
  /** Busy with work that takes seconds (a timeline, a reload, an addition): questions go to the others. */
  long = 0;
  alive = true;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    readonly worker: Worker,
    onMessage: (m: ThreadMessage) => void,
  ) {
    worker.on('message', (m: ThreadMessage) => {
      if ('id' in m) {
        const p = this.pending.get(m.id)!;
        this.pending.delete(m.id);
        if ('error' in m) p.reject(fromWire(m.error));
        else p.resolve(m.value);
      } else onMessage(m);
    });
    worker.on('exit', (code) => {
      this.alive = false;
      for (const p of this.pending.values()) p.reject(new EngineThreadError(`an engine thread stopped (exit code ${code})`, code));
      this.pending.clear();
    });
  }

  async call(call: Call, long = false): Promise<unknown> {
    if (!this.alive) throw new EngineThreadError('an engine thread has stopped', null);
    const id = this.nextId++;
    this.inFlight++;
    if (long) this.long++;
    try {
      return await new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.worker.postMessage({ id, call });
      });
    } finally {
      this.inFlight--;
      if (long) this.long--;
    }
  }
}

export interface PoolOptions extends Omit<EngineOptions, 'ranking' | 'embedder'> {
  /** What /add may fetch. */
  fetch: FetchOptions;
  /**
   * How many engine threads; one per core by default. Measured through the mock at the seeds (npm run bench; docs/design.md):
   * at 15 questions a second, two threads answered with p95 285 ms and one with p95 696 ms.
   */
  threads?: number;
}

/**
 * The engine for the running bot, in worker threads: the main thread only talks to Telegram, so a question is
 * never held up by another's model run, a /timeline being built or an article being added. Questions go to the
 * thread with the fewest in hand, passing over threads busy with long work. A change to the articles is taken in
 * one thread at a time (the others answer meanwhile), and once the first thread has the new articles, only threads
 * that have them answer, so an answer is always rendered with the numbering it was made with.
 */
export class EnginePool implements Answering {
  private articles!: Articles;
  private readonly cached = new Map<string, Promise<unknown>>();
  private readonly listeners: ((articles: Articles) => void)[] = [];
  private readonly threadListeners: ((running: { alive: number; total: number }) => void)[] = [];
  private readonly changes = new Changes();
  private closing = false;

  private constructor(
    private readonly threads: Thread[],
    private readonly start: (first: boolean) => Promise<{ thread: Thread; snapshot: Snapshot }>,
    private readonly log: (line: string) => void,
  ) {
    threads.forEach((t, i) => this.watch(t, i));
  }

  static async open(opts: PoolOptions): Promise<EnginePool> {
    const { log, progress, threads = availableParallelism(), ...rest } = opts;
    const start = (first: boolean) =>
      new Promise<{ thread: Thread; snapshot: Snapshot }>((ready, failed) => {
        const data: ThreadOptions = { ...rest, progress: first && !!progress };
        const thread = new Thread(spawn(data), (m) => {
          if ('log' in m) log?.(m.log);
          else if ('progress' in m) progress?.(...m.progress);
          else if ('ready' in m) ready({ thread, snapshot: m.ready });
          else if ('failed' in m) failed(new EngineThreadError(fromWire(m.failed).message, null));
        });
        thread.worker.once('error', (e) => failed(new EngineThreadError(`an engine thread failed: ${e.message}`, null)));
        thread.worker.once('exit', (code) => failed(new EngineThreadError(`an engine thread stopped while opening (exit code ${code})`, code)));
      });
    // The first thread builds the index when it is missing or stale; the others then only read it.
    const first = await start(true);
    const others = await Promise.all(Array.from({ length: Math.max(0, threads - 1) }, () => start(false))).catch(async (e) => {
      await first.thread.worker.terminate();
      throw e;
    });
    const pool = new EnginePool([first.thread, ...others.map((o) => o.thread)], start, log ?? (() => undefined));
    pool.articles = new Articles(pool, 0, first.snapshot);
    return pool;
  }

  /** How many engine threads answer, of how many. */
  get running(): { alive: number; total: number } {
    return { alive: this.threads.filter((t) => t.alive).length, total: this.threads.length };
  }

  /** Called when an engine thread stops and when one is started again in its place. */
  onThreads(listener: (running: { alive: number; total: number }) => void): void {
    this.threadListeners.push(listener);
  }

  /**
   * A thread that stops (an uncaught error, running out of memory) is started again in its place with the current
   * articles; the others answer meanwhile. Its calls in hand fail (the update gets the apology).
   */
  private watch(thread: Thread, slot: number): void {
    thread.worker.on('error', (e) => this.log(`an engine thread failed: ${e.message}`));
    thread.worker.once('exit', (code) => {
      if (this.closing) return;
      this.log(`an engine thread stopped (exit code ${code}); starting another in its place`);
      this.tell();
      // Changes wait for it, so the new thread starts from the articles the others have.
      void this.changes.run(async () => {
        const { thread: next } = await this.start(false);
        next.version = this.articles.version;
        this.threads[slot] = next;
        this.watch(next, slot);
        this.log('an engine thread was started again');
        this.tell();
      }).catch((e: Error) => this.log(`could not start an engine thread again (the others answer on): ${e.message}`));
    });
  }

  private tell(): void {
    for (const listener of this.threadListeners) listener(this.running);
  }

  /** The articles now: an update renders everything it sends from one of these (telegram/answering.ts pins it). */
  get current(): Articles {
    return this.articles;
  }

  /** Called with the new articles after each change. */
  onReload(listener: (articles: Articles) => void): void {
    this.listeners.push(listener);
  }

  /** Sends a call to the least busy thread that has the articles of `version` (any thread when none has). */
  call(version: number, call: Call, long = false): Promise<unknown> {
    const alive = this.threads.filter((t) => t.alive);
    const same = alive.filter((t) => t.version === version);
    const ready = same.filter((t) => !t.long);
    const choice = (ready.length ? ready : same.length ? same : alive.length ? alive : this.threads).reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    return choice.call(call, long);
  }

  /** A long call made once per version of the articles (the timeline, the inferred dates), its result kept. */
  once(version: number, method: 'timeline' | 'inferredDates'): Promise<unknown> {
    const key = `${version}:${method}`;
    let result = this.cached.get(key);
    if (!result) {
      result = this.call(version, { method }, true);
      result.catch(() => this.cached.delete(key));
      this.cached.set(key, result);
    }
    return result;
  }

  /**
   * Adds an article by URL in the first thread (which embeds it and takes it in), then the others take it in alone,
   * with the vectors the first made (only when seeds/ changed by nothing else do they read every article again).
   * Changes run one at a time.
   */
  add(url: string): Promise<Added> {
    return this.changes.run(async () => {
      const { added, seeds, snapshot } = (await this.threads[0].call({ method: 'add', args: [url] }, true)) as { added: Added; seeds: SeedsChange; snapshot: Snapshot };
      await this.spread(snapshot, { method: 'take', args: [added, seeds] });
      return added;
    });
  }

  /** Reads seeds/ again in every thread, one at a time, if it changed (a file added, edited or removed). */
  reloadIfChanged(): Promise<boolean> {
    return this.changes.run(async () => {
      const snapshot = (await this.threads[0].call({ method: 'reload' }, true)) as Snapshot | null;
      if (snapshot) await this.spread(snapshot, { method: 'reload' });
      return !!snapshot;
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  /**
   * The first thread has new articles: from now on answers come from threads that have them, and the others take
   * them in (by `change`), one at a time. One that cannot answers no more (only threads with the current articles answer) until a
   * later change succeeds there.
   */
  private async spread(snapshot: Snapshot, change: Call): Promise<void> {
    const version = this.articles.version + 1;
    this.threads[0].version = version;
    this.articles = new Articles(this, version, snapshot);
    for (const key of this.cached.keys()) if (!key.startsWith(`${version}:`)) this.cached.delete(key);
    for (const listener of this.listeners) listener(this.articles);
    for (const thread of this.threads.slice(1)) {
      try {
        await thread.call(change, true);
        thread.version = version;
      } catch (e) {
        this.log(`an engine thread could not load the changed articles; the others answer: ${(e as Error).message}`);
      }
    }
  }
}

/** A worker thread running engine-thread; from the TypeScript sources (tests, the CLIs) through tsx's loader. */
function spawn(data: ThreadOptions): Worker {
  const source = import.meta.url.endsWith('.ts');
  const entry = new URL(`./engine-thread.${source ? 'ts' : 'js'}`, import.meta.url);
  if (!source) return new Worker(entry, { workerData: data });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}
