import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type AnswerEngine, type EngineOptions } from './engine.js';
import { NotReloaded } from '../errors.js';

/** What seeds/ holds, by name, size and time of change: a reload is needed only when it differs. */
function seedsState(dir: string): string {
  return readdirSync(dir)
    .sort()
    .map((f) => {
      const s = statSync(join(dir, f), { throwIfNoEntry: false });
      return `${f}:${s?.size}:${s?.mtimeMs}`;
    })
    .join('\n');
}

/**
 * The engine a running bot answers with, swapped for a new one when the articles change: `reload()` re-reads
 * seeds/ and brings the index up to date (only new or changed articles are embedded), while the engine before
 * keeps answering until the new one is ready. Changes to seeds/ run through `change`, one at a time, so two
 * additions never race on the corpus or the index.
 */
export class LiveEngine implements AnswerEngine {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners: ((engine: Engine) => void)[] = [];

  private constructor(
    private current: Engine,
    private readonly opts: EngineOptions,
    private state: string,
  ) {}

  static async open(opts: EngineOptions): Promise<LiveEngine> {
    const state = seedsState(opts.seedsDir);
    const engine = await Engine.open(opts);
    return new LiveEngine(engine, { ...opts, embedder: engine.embedder }, state);
  }

  get engine(): Engine {
    return this.current;
  }

  /**
   * Runs `task` (which changes seeds/) after every change queued before it, then answers with the articles as they
   * are. When the task fails the engine before stays; when it succeeds but the articles cannot be loaded, the engine
   * before stays too and the result comes in a NotReloaded (the change is made: it is not to be reported as failed).
   */
  change<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const result = await task();
      try {
        await this.reopen();
      } catch (e) {
        throw new NotReloaded(result, e as Error);
      }
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Opens the articles again if seeds/ changed since they were last read (a file added, edited or removed). */
  reloadIfChanged(): Promise<boolean> {
    return this.change(async () => seedsState(this.opts.seedsDir) !== this.state);
  }

  private async reopen(): Promise<void> {
    const state = seedsState(this.opts.seedsDir);
    if (state === this.state) return;
    this.current = await Engine.open(this.opts);
    this.state = state;
    for (const listener of this.listeners) listener(this.current);
  }

  /** Called with each new engine after a reload. */
  onReload(listener: (engine: Engine) => void): void {
    this.listeners.push(listener);
  }

  get numbers(): Engine['numbers'] {
    return this.current.numbers;
  }
  ask(...args: Parameters<Engine['ask']>) {
    return this.current.ask(...args);
  }
  sources() {
    return this.current.sources();
  }
  article(id: string) {
    return this.current.article(id);
  }
  timeline(filter?: string) {
    return this.current.timeline(filter);
  }
  inferredDates() {
    return this.current.inferredDates();
  }
}
