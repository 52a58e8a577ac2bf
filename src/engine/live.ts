import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type Answering, type EngineOptions } from './engine.js';
import { Changes } from './changes.js';
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
 * The engine a running bot answers with, replaced by a new one when the articles change: a reload re-reads seeds/
 * and brings the index up to date (only new or changed articles are embedded), while the engine before keeps
 * answering until the new one is ready. Changes to seeds/ run through `change`, one at a time, so two additions
 * never race on the corpus or the index.
 */
export class LiveEngine implements Answering {
  private readonly changes = new Changes();

  private constructor(
    private engine: Engine,
    private readonly opts: EngineOptions,
    private state: string,
  ) {}

  static async open(opts: EngineOptions): Promise<LiveEngine> {
    const state = seedsState(opts.seedsDir);
    const engine = await Engine.open(opts);
    return new LiveEngine(engine, { ...opts, embedder: engine.embedder }, state);
  }

  get current(): Engine {
    return this.engine;
  }

  /**
   * Runs `task` (which changes seeds/) after every change queued before it, then answers with the articles as they
   * are. When the task fails the engine before stays; when it succeeds but the articles cannot be loaded, the engine
   * before stays too and the result comes in a NotReloaded (the change is made: it is not to be reported as failed).
   */
  change<T>(task: () => Promise<T>): Promise<T> {
    return this.changes.run(async () => {
      const result = await task();
      try {
        await this.reopen();
      } catch (e) {
        throw new NotReloaded(result, e as Error);
      }
      return result;
    });
  }

  /** Opens the articles again if seeds/ changed since they were last read (a file added, edited or removed). */
  reloadIfChanged(): Promise<boolean> {
    return this.change(async () => seedsState(this.opts.seedsDir) !== this.state);
  }

  private async reopen(): Promise<void> {
    const state = seedsState(this.opts.seedsDir);
    if (state === this.state) return;
    this.engine = await Engine.open(this.opts);
    this.state = state;
  }
}
