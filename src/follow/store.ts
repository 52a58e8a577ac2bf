import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../atomic.js';
import type { News } from './news.js';

/** How one follower's message about one article ended: sent; gone (blocked the bot, or the chat is no more); failed (given up). */
export type Outcome = 'sent' | 'gone' | 'failed';

/**
 * Where followers and deliveries are kept: Redis when REDIS_URL is set (shared by every replica, RedisFollowStore in
 * redis.ts), a file otherwise (FileFollowStore). A delivery is claimed before its message is sent and settled after,
 * so two replicas never both send it, and a restart goes on where the last run stopped.
 */
export interface FollowStore {
  /** Adds a follower (a chat) from `since` (ms); false when it follows already. */
  follow(chat: number, since?: number): Promise<boolean>;
  /** False when it did not follow. */
  unfollow(chat: number): Promise<boolean>;
  /** Every follower, with when it started following. */
  followers(): Promise<Map<number, number>>;
  /** The articles already taken in (announced or there before anyone followed); null before the first are recorded. */
  seen(): Promise<Set<string> | null>;
  see(articleIds: string[]): Promise<void>;
  /** Keeps the news of an article and opens its delivery, unless news of it is kept already: returns the one kept. */
  keep(news: News): Promise<News>;
  /** News whose delivery is not finished. */
  open(): Promise<News[]>;
  /** Every follower of the news has an outcome: it is closed. */
  finish(articleId: string): Promise<void>;
  outcomes(articleId: string): Promise<Map<number, Outcome>>;
  outcome(articleId: string, chat: number): Promise<Outcome | undefined>;
  /** Claims one delivery for `leaseMs` (atomic: of two claimants, one gets it); false when someone holds it. */
  claim(articleId: string, chat: number, leaseMs: number): Promise<boolean>;
  /** Records how a claimed delivery ended and lets go of the claim. */
  settle(articleId: string, chat: number, outcome: Outcome): Promise<void>;
  /** Lets go of a claimed delivery whose send failed, to be tried again; how many times it has failed. */
  release(articleId: string, chat: number): Promise<number>;
  /** Whether `holder` may send now: one holder at a time, for `leaseMs` from its last call, so replicas never add up past Telegram's limit. */
  lead(holder: string, leaseMs: number): Promise<boolean>;
  close(): Promise<void>;
}

type Entry =
  | { f: [chat: number, since: number] }
  | { u: number }
  | { s: string[] }
  | { n: News }
  | { x: string }
  | { d: [articleId: string, chat: number, outcome: Outcome] }
  | { t: [articleId: string, chat: number] };

/**
 * Followers and deliveries in a file, for one bot process (replicas share Redis instead): a log, one JSON line per
 * change, appended as it happens, so a crash loses at most the line being written; read back and compacted (written
 * whole, then renamed) at each start. Claims live in memory: one process holds them all.
 */
export class FileFollowStore implements FollowStore {
  private readonly path: string;
  private readonly fans = new Map<number, number>();
  private known: Set<string> | null = null;
  private readonly news = new Map<string, News>();
  private readonly done = new Map<string, Map<number, Outcome>>();
  private readonly tries = new Map<string, number>();
  private readonly claims = new Map<string, number>();

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'follow.jsonl');
    if (existsSync(this.path)) {
      for (const line of readFileSync(this.path, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          this.apply(JSON.parse(line) as Entry);
        } catch {
          // a line cut by a crash: the change it held was not finished
        }
      }
    }
    const state: Entry[] = [
      ...[...this.fans].map(([chat, since]) => ({ f: [chat, since] }) as Entry),
      ...(this.known ? [{ s: [...this.known] }] : []),
      ...[...this.news.values()].map((n) => ({ n })),
      ...[...this.done].flatMap(([id, m]) => [...m].map(([chat, o]) => ({ d: [id, chat, o] }) as Entry)),
      ...[...this.tries].flatMap(([key, n]) => Array.from({ length: n }, () => ({ t: splitKey(key) }) as Entry)),
    ];
    writeFileAtomically(this.path, state.map((e) => `${JSON.stringify(e)}\n`).join(''));
  }

  private apply(e: Entry): void {
    if ('f' in e) this.fans.set(e.f[0], e.f[1]);
    else if ('u' in e) this.fans.delete(e.u);
    else if ('s' in e) e.s.forEach((id) => (this.known ??= new Set()).add(id));
    else if ('n' in e) {
      if (!this.news.has(e.n.articleId)) this.news.set(e.n.articleId, e.n);
    }
    else if ('x' in e) {
      this.news.delete(e.x);
      this.done.delete(e.x);
      for (const key of this.tries.keys()) if (key.startsWith(`${e.x}\n`)) this.tries.delete(key);
    } else if ('d' in e) {
      const [id, chat, outcome] = e.d;
      if (!this.done.has(id)) this.done.set(id, new Map());
      this.done.get(id)!.set(chat, outcome);
    } else if ('t' in e) {
      const key = `${e.t[0]}\n${e.t[1]}`;
      this.tries.set(key, (this.tries.get(key) ?? 0) + 1);
    }
  }

  private write(e: Entry): void {
    appendFileSync(this.path, `${JSON.stringify(e)}\n`);
    this.apply(e);
  }

  async follow(chat: number, since = Date.now()) {
    if (this.fans.has(chat)) return false;
    this.write({ f: [chat, since] });
    return true;
  }
  async unfollow(chat: number) {
    if (!this.fans.has(chat)) return false;
    this.write({ u: chat });
    return true;
  }
  async followers() {
    return new Map(this.fans);
  }
  async seen() {
    return this.known && new Set(this.known);
  }
  async see(articleIds: string[]) {
    const fresh = articleIds.filter((id) => !this.known?.has(id));
    if (fresh.length || !this.known) this.write({ s: fresh });
  }
  async keep(news: News) {
    if (!this.news.has(news.articleId)) this.write({ n: news });
    return this.news.get(news.articleId)!;
  }
  async open() {
    return [...this.news.values()];
  }
  async finish(articleId: string) {
    if (this.news.has(articleId)) this.write({ x: articleId });
  }
  async outcomes(articleId: string) {
    return new Map(this.done.get(articleId));
  }
  async outcome(articleId: string, chat: number) {
    return this.done.get(articleId)?.get(chat);
  }
  async claim(articleId: string, chat: number, leaseMs: number) {
    const key = `${articleId}\n${chat}`;
    if ((this.claims.get(key) ?? 0) > Date.now()) return false;
    this.claims.set(key, Date.now() + leaseMs);
    return true;
  }
  async settle(articleId: string, chat: number, outcome: Outcome) {
    this.write({ d: [articleId, chat, outcome] });
    this.claims.delete(`${articleId}\n${chat}`);
  }
  async release(articleId: string, chat: number) {
    const key = `${articleId}\n${chat}`;
    this.write({ t: [articleId, chat] });
    this.claims.delete(key);
    return this.tries.get(key) ?? 0;
  }
  async lead() {
    return true;
  }
  async close() {}
}

const splitKey = (key: string): [string, number] => {
  const [id, chat] = key.split('\n');
  return [id, Number(chat)];
};
