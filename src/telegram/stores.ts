import { Redis } from 'ioredis';
import { RedisAdapter } from '@grammyjs/storage-redis';
import type { StorageAdapter } from 'grammy';
import type { Logger } from '../log.js';
import type { Health } from '../ops/health.js';
import type { ChatMemory } from './context.js';
import { BUTTON_TTL_MS, MEMORY_TTL_MS } from './session.js';
import type { Asked } from './asked.js';
import type { FollowStore } from '../follow/store.js';
import { RedisFollowStore } from '../follow/redis.js';

/**
 * Where the bot keeps what it remembers between updates, conversations for follow-ups and buttons' questions, when
 * not in this process's memory (createBot's default).
 */
export interface Stores {
  memory: StorageAdapter<ChatMemory>;
  asked: StorageAdapter<Asked>;
  /** Followers and their deliveries (/follow): never expiring, unlike conversations. */
  follow: FollowStore;
  close(): Promise<void>;
}

/**
 * How long one Redis command may take before Redis counts as away. A read on loopback or a LAN takes well under a
 * millisecond; a question is answered in under 20 ms warm (docs/evaluation.md, bench), so waiting longer than a question's own
 * time for a conversation that only adds a follow-up costs more than forgetting it.
 */
const REDIS_COMMAND_TIMEOUT_MS = 100;

/**
 * Redis (REDIS_URL), shared by every replica: a follow-up or a button tap may reach any of them. Entries expire
 * by the same times to live as in memory; their number is bounded by Redis's own maxmemory policy (compose.replicas.yaml
 * sets one; docs/operations.md). When Redis is away the bot keeps answering: a read finds nothing and a write is
 * dropped, so a follow-up may be taken as a new question, but no question goes unanswered. The log and /healthz say
 * so, once when Redis goes and once when it is back.
 */
export function redisStores(url: string, log: Logger, health?: Health): Stores {
  // No offline queue: while Redis is away a command fails at once instead of waiting for it to come back.
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, keyPrefix: 'trip-bot:' });
  const link = new RedisLink(log, health);
  redis.on('ready', () => link.up());
  redis.on('error', (e: Error) => link.down(e));
  return {
    memory: new Tolerant('conversation:', new RedisAdapter<ChatMemory>({ instance: redis, ttl: MEMORY_TTL_MS / 1000 }), link),
    asked: new Tolerant('asked:', new RedisAdapter<Asked>({ instance: redis, ttl: BUTTON_TTL_MS / 1000 }), link),
    // Not made tolerant: a follower not saved must be told so, and a delivery not recorded is tried again later.
    follow: new RedisFollowStore(redis),
    close: async () => {
      link.closing = true;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The password in a Redis URL, to keep out of the log (ioredis's errors may quote the URL). */
export function redisPassword(url: string | null): string | undefined {
  return url ? decodeURIComponent(new URL(url).password) || undefined : undefined;
}

/** Whether Redis answers; logs and tells the health at each change, not at each failed command or reconnection. */
class RedisLink {
  private ok: boolean | undefined;
  closing = false;

  constructor(
    private readonly log: Logger,
    private readonly health?: Health,
  ) {}

  up(): void {
    if (this.ok === true) return;
    if (this.ok === false) this.log.warn('Redis is back: conversations and buttons are kept again');
    this.ok = true;
    this.health?.storeOutcome(null);
  }

  down(e: Error): void {
    if (this.closing || this.ok === false) return;
    this.ok = false;
    const why = e.message || e.name;
    this.log.error(`Redis is unreachable (${why}): answering without follow-ups and buttons until it is back`);
    this.health?.storeOutcome(why);
  }
}

/** A storage adapter that outlives its store's failures: a failed read is "nothing kept", a failed write is dropped. */
class Tolerant<T> implements StorageAdapter<T> {
  constructor(
    private readonly prefix: string,
    private readonly store: StorageAdapter<T>,
    private readonly link: RedisLink,
  ) {}

  async read(key: string): Promise<T | undefined> {
    return this.tolerate(() => this.store.read(this.prefix + key), undefined);
  }

  async write(key: string, value: T): Promise<void> {
    return this.tolerate(() => this.store.write(this.prefix + key, value), undefined);
  }

  async delete(key: string): Promise<void> {
    return this.tolerate(() => this.store.delete(this.prefix + key), undefined);
  }

  private async tolerate<R>(command: () => R | Promise<R>, otherwise: R): Promise<R> {
    try {
      const result = await command();
      this.link.up();
      return result;
    } catch (e) {
      this.link.down(e as Error);
      return otherwise;
    }
  }
}
