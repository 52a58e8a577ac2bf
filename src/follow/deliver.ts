import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.js';
import { indexVectors, whatsNew, type News, type Numbered } from './news.js';
import type { FollowStore } from './store.js';

/**
 * Sends one follower its message: 'sent', or 'gone' when Telegram says the follower is no more to be reached (a
 * 403: the user blocked the bot); throws when the send failed otherwise (it is tried again later).
 */
export type Send = (chat: number, html: string) => Promise<'sent' | 'gone'>;

export interface DeliveryOptions {
  store: FollowStore;
  send: Send;
  log: Logger;
  /** Where the index is: what's new is measured with its sentence vectors. */
  embeddingsDir: string;
  /**
   * Sends in flight at once. The throttler (telegram/news.ts) paces them; this only bounds what a stop waits for
   * and what a crash leaves claimed but unsettled: about one second of sending.
   */
  concurrency?: number;
  /**
   * How long a claim (and the lead) holds without news from its holder: then another replica, or a restart, takes it
   * over. It must outlast the longest a claimed send can take (its wait in the throttler, concurrency / rate, and
   * auto-retry's waits, up to a minute), or the message may be sent twice: a test with a 1 s lease and 1.25 s in the
   * throttler did.
   */
  leaseMs?: number;
  /** A follower whose sends failed this many times (each after auto-retry's own tries) is given up for this article. */
  maxTries?: number;
  /** How often unfinished deliveries (failed sends, a replica that stopped) are taken up again. */
  sweepMs?: number;
}

const CONCURRENCY = 25;
/** A send waits at most about a second in the throttler, then auto-retry may wait out a 429 (at most a minute). */
const LEASE_MS = 2 * 60_000;
const MAX_TRIES = 5;
const SWEEP_MS = 30_000;

/**
 * Tells every follower of each arriving article once. Arrivals are the articles not yet seen by the store (so an
 * article added while the bot was stopped is told at the next start, and a replica that sees it too tells no one
 * again); the first run ever records the articles as they are and tells nothing. Delivery goes through the store's
 * claims and outcomes (see FollowStore): one replica leads at a time, a stop waits for the sends in flight, and a
 * restart or another replica goes on with whoever is left.
 */
export class Deliveries {
  private readonly holder = randomUUID();
  private readonly opts: Required<DeliveryOptions>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopping = false;
  private latest: Numbered[] | null = null;

  constructor(opts: DeliveryOptions) {
    this.opts = { concurrency: CONCURRENCY, leaseMs: LEASE_MS, maxTries: MAX_TRIES, sweepMs: SWEEP_MS, ...opts };
  }

  /** Starts the periodic sweep; the articles as they are now are taken in at once. */
  start(articles: Numbered[]): void {
    this.latest = articles;
    this.timer = setInterval(() => void this.sweep(), this.opts.sweepMs);
    this.timer.unref();
    void this.sweep();
  }

  /** The articles after a reload: any not seen before are told. */
  arrived(articles: Numbered[]): Promise<void> {
    this.latest = articles;
    return this.sweep();
  }

  /** Stops sweeping; resolves once the sends in flight are settled (none is started after this). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Takes in arrivals, then delivers every open news; one sweep at a time (a call meanwhile runs one more after). */
  sweep(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.takeIn();
          await this.deliverAll();
        } catch (e) {
          this.opts.log.warn(`following: ${(e as Error).message}; trying again in ${this.opts.sweepMs / 1000} s`);
        }
      } while (this.again && !this.stopping);
    })().finally(() => (this.running = null));
    return this.running;
  }

  private async takeIn(): Promise<void> {
    const articles = this.latest;
    if (!articles) return;
    const { store, log } = this.opts;
    const seen = await store.seen();
    if (!seen) {
      await store.see(articles.map((a) => a.article.id));
      return;
    }
    const fresh = new Set(articles.map((a) => a.article.id).filter((id) => !seen.has(id)));
    if (!fresh.size) return;
    for (const news of whatsNew(articles, fresh, await indexVectors(this.opts.embeddingsDir))) {
      const kept = await store.keep(news);
      log.info({ article: kept.articleId, told: kept.told }, `following: article [${kept.number}] arrived, telling its followers`);
    }
    await store.see([...fresh]);
  }

  private async deliverAll(): Promise<void> {
    const { store, leaseMs } = this.opts;
    for (const news of await store.open()) {
      if (this.stopping || !(await store.lead(this.holder, leaseMs))) return;
      await this.deliver(news);
    }
  }

  /** Sends the news to every follower who followed before it and has no outcome yet; finishes it when none is left. */
  private async deliver(news: News): Promise<void> {
    const { store, send, log, leaseMs, maxTries } = this.opts;
    const done = await store.outcomes(news.articleId);
    const due = [...(await store.followers())].filter(([chat, since]) => since <= news.at && !done.has(chat)).map(([chat]) => chat);
    let unsettled = 0;
    let lastLead = Date.now();
    let led = true;
    const one = async (chat: number) => {
      if (Date.now() - lastLead > leaseMs / 3) {
        lastLead = Date.now();
        led = await store.lead(this.holder, leaseMs);
      }
      if (!led || !(await store.claim(news.articleId, chat, leaseMs))) return void unsettled++;
      // settled by another replica since `done` was read (its claim had run out): nothing to send
      if (await store.outcome(news.articleId, chat)) return void (await store.settle(news.articleId, chat, (await store.outcome(news.articleId, chat))!));
      try {
        const result = await send(chat, news.html);
        await store.settle(news.articleId, chat, result);
        if (result === 'gone') {
          await store.unfollow(chat);
          log.info({ chat }, 'following: the follower blocked the bot, unfollowed');
        }
      } catch (e) {
        const tries = await store.release(news.articleId, chat);
        if (tries >= maxTries) await store.settle(news.articleId, chat, 'failed');
        else unsettled++;
        log.warn({ chat, article: news.articleId, tries }, `following: a send failed (${(e as Error).message})${tries >= maxTries ? ', given up' : ', to be tried again'}`);
      }
    };
    let next = 0;
    const worker = async () => {
      while (next < due.length && !this.stopping) await one(due[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, due.length) }, worker));
    if (this.stopping || unsettled || next < due.length) return;
    // Everyone due has an outcome (followers since are not due): the news is finished.
    const now = await store.outcomes(news.articleId);
    const left = [...(await store.followers())].filter(([chat, since]) => since <= news.at && !now.has(chat));
    if (!left.length) {
      await store.finish(news.articleId);
      log.info({ article: news.articleId, followers: now.size }, `following: every follower was told of [${news.number}]`);
    }
  }
}
