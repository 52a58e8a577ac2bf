import type { Redis } from 'ioredis';
import type { News } from './news.js';
import type { FollowStore, Outcome } from './store.js';

/** How long a finished delivery's record stays: an article is announced once (it is then "seen"), so this only bounds Redis. */
const FINISHED_TTL_S = 30 * 24 * 60 * 60;

/** Takes the lead when nobody holds it, or renews it for its holder; atomic, so two replicas never both hold it. */
const LEAD = `
local v = redis.call('get', KEYS[1])
if v == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 end
if v then return 0 end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/**
 * Followers and deliveries in Redis, shared by every replica (under the bot's key prefix, "trip-bot:follow:…"):
 * followers a hash (chat -> since), the articles seen a set, each article's news a string kept with SET NX (the
 * first replica's wins), its outcomes a hash, and each delivery's claim a key set with SET NX and a lease, so of two
 * replicas only one sends a message, and one whose holder died is taken over once the lease runs out. Keys never
 * expire while their article's delivery is open: followers and deliveries are not to be forgotten like a conversation.
 */
export class RedisFollowStore implements FollowStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'follow:',
  ) {}

  private key(...parts: (string | number)[]): string {
    return this.prefix + parts.join(':');
  }

  async follow(chat: number, since = Date.now()) {
    return (await this.redis.hsetnx(this.key('followers'), String(chat), String(since))) === 1;
  }
  async unfollow(chat: number) {
    return (await this.redis.hdel(this.key('followers'), String(chat))) === 1;
  }
  async followers() {
    const all = await this.redis.hgetall(this.key('followers'));
    return new Map(Object.entries(all).map(([chat, since]) => [Number(chat), Number(since)]));
  }
  async seen() {
    // '' marks the set as recorded, so "nothing seen yet" differs from "never recorded"
    const ids = await this.redis.smembers(this.key('seen'));
    return ids.length ? new Set(ids.filter(Boolean)) : null;
  }
  async see(articleIds: string[]) {
    await this.redis.sadd(this.key('seen'), '', ...articleIds);
  }
  async keep(news: News) {
    const key = this.key('news', news.articleId);
    await this.redis.set(key, JSON.stringify(news), 'NX');
    const kept = JSON.parse((await this.redis.get(key))!) as News;
    await this.redis.sadd(this.key('open'), news.articleId);
    return kept;
  }
  async open() {
    const ids = await this.redis.smembers(this.key('open'));
    const raw = ids.length ? await this.redis.mget(ids.map((id) => this.key('news', id))) : [];
    return raw.filter((r): r is string => !!r).map((r) => JSON.parse(r) as News);
  }
  async finish(articleId: string) {
    await this.redis
      .multi()
      .srem(this.key('open'), articleId)
      .expire(this.key('news', articleId), FINISHED_TTL_S)
      .expire(this.key('done', articleId), FINISHED_TTL_S)
      .del(this.key('tries', articleId))
      .exec();
  }
  async outcomes(articleId: string) {
    const all = await this.redis.hgetall(this.key('done', articleId));
    return new Map(Object.entries(all).map(([chat, o]) => [Number(chat), o as Outcome]));
  }
  async outcome(articleId: string, chat: number) {
    return ((await this.redis.hget(this.key('done', articleId), String(chat))) as Outcome | null) ?? undefined;
  }
  async claim(articleId: string, chat: number, leaseMs: number) {
    return (await this.redis.set(this.key('claim', articleId, chat), '1', 'PX', leaseMs, 'NX')) === 'OK';
  }
  async settle(articleId: string, chat: number, outcome: Outcome) {
    await this.redis.multi().hset(this.key('done', articleId), String(chat), outcome).del(this.key('claim', articleId, chat)).exec();
  }
  async release(articleId: string, chat: number) {
    const [[, tries]] = (await this.redis.multi().hincrby(this.key('tries', articleId), String(chat), 1).del(this.key('claim', articleId, chat)).exec()) as [[unknown, number], unknown];
    return tries;
  }
  async lead(holder: string, leaseMs: number) {
    return (await this.redis.eval(LEAD, 1, this.key('lead'), holder, String(leaseMs))) === 1;
  }
  async close() {}
}
