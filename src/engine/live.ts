import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type Answering, type EngineOptions } from './engine.js';
import { Changes } from './changes.js';
import { NotReloaded } from '../errors.js';
import type { Article } from '../types.js';
import { SOURCES_FILE } from '../corpus/articles.js';

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

/** An article just added to seeds/ and indexed, with its sentences' vectors: what an engine needs to take it in alone. */
export interface Addition {
  article: Article;
  vectors: Map<string, Float32Array>;
}

/** seeds/ just before and just after an addition (seedsState). */
export interface SeedsChange {
  before: string;
  after: string;
}

/** Whether seeds/ changed from `before` to `after` by adding `file` alone (and writing sources.json, which records it). */
function onlyAdded({ before, after }: SeedsChange, file: string): boolean {
  const entries = (state: string) => new Map(state.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line]));
  const was = entries(before);
  const now = entries(after);
  const names = new Set([...was.keys(), ...now.keys()]);
  names.delete(SOURCES_FILE);
  return !was.has(file) && now.has(file) && [...names].every((name) => name === file || was.get(name) === now.get(name));
}

/**
 * The engine a running bot answers with, replaced by a new one when the articles change: a reload re-reads seeds/
 * and brings the index up to date (only new or changed articles are embedded), while the engine before keeps
 * answering until the new one is ready. Changes to seeds/ run through `change`, one at a time, so two additions
 * never race on the corpus or the index.
 */
export class LiveEngine implements Answering {
  private readonly changes = new Changes();
  private readonly listeners: ((engine: Engine) => void)[] = [];

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

  /** Told of each new engine once it answers (a follower hears of the articles it brought). */
  onReload(listener: (engine: Engine) => void): void {
    this.listeners.push(listener);
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

  /**
   * Runs `add` (which adds one article to seeds/) as `change` runs a change, and takes its article in alone when it
   * is all seeds/ changed by (Engine.withArticle): a reload that reads, splits and indexes only it. `seeds` lets the
   * other engine threads take it in the same way (`take`).
   */
  addition<T extends Addition>(add: () => Promise<T>): Promise<{ added: T; seeds: SeedsChange }> {
    return this.changes.run(async () => {
      const before = seedsState(this.opts.seedsDir);
      const added = await add();
      const seeds = { before, after: seedsState(this.opts.seedsDir) };
      try {
        await this.reopen({ added, seeds });
      } catch (e) {
        throw new NotReloaded(added, e as Error);
      }
      return { added, seeds };
    });
  }

  /** Takes in an article another engine added (`addition`): alone when this engine had seeds/ as it was before, else with all the articles read again. */
  take(added: Addition, seeds: SeedsChange): Promise<boolean> {
    return this.changes.run(() => this.reopen({ added, seeds }));
  }

  /** Opens the articles again if seeds/ changed since they were last read (a file added, edited or removed). */
  reloadIfChanged(): Promise<boolean> {
    return this.change(async () => seedsState(this.opts.seedsDir) !== this.state);
  }

  /** Opens the articles again if seeds/ changed; with only `addition`'s article when that is all it changed by since this engine's articles were read. */
  private async reopen(addition?: { added: Addition; seeds: SeedsChange }): Promise<boolean> {
    const state = seedsState(this.opts.seedsDir);
    if (state === this.state) return false;
    const alone = addition && addition.seeds.before === this.state && addition.seeds.after === state && onlyAdded(addition.seeds, addition.added.article.file);
    this.engine = alone ? await this.engine.withArticle(addition.added.article, addition.added.vectors) : await Engine.open(this.opts);
    this.state = state;
    for (const listener of this.listeners) listener(this.engine);
    return true;
  }
}
