import { resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { SHIPPED_MODEL } from './embeddings/embedder.js';
import { ConfigError } from './errors.js';

/** How a bad value is shown in a message: quoted, cut when long, never at all for a secret. */
const shown = (v: string, secret: boolean) => (secret ? '; the value is not shown' : `, got '${v.length > 80 ? `${v.slice(0, 80)}…` : v}'`);

/**
 * A setting that must pass `ok`. Every message reads "<SETTING> must <rule>, got '<value>'" (the name is added
 * where the issues are listed), so no library wording reaches the user.
 */
const rule = (must: string, ok: (v: string) => boolean, secret = false) =>
  z.string().refine(ok, (v) => ({ message: `must ${must}${shown(v, secret)}` }));
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) => (v: string) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max;
const url = (...protocols: string[]) => (v: string) => URL.canParse(v) && protocols.includes(new URL(v).protocol);

const port = rule('be a port number', wholeNumber(1, 65_535)).transform(Number);
const milliseconds = rule('be a whole number of milliseconds above 0', wholeNumber(1)).transform(Number);
const FLAGS: Record<string, boolean> = { true: true, false: false, 1: true, 0: false, yes: true, no: false };
const flag = rule('be true or false', (v) => v.toLowerCase() in FLAGS).transform((v) => FLAGS[v.toLowerCase()]);
const chatIds = rule('be chat ids separated by commas', (v) => /^-?\d+(\s*,\s*-?\d+)*$/.test(v));
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** An unset or empty variable takes the default. */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (typeof v === 'string' ? v.trim() || undefined : v), schema);

const Env = z.object({
  TELEGRAM_BOT_TOKEN: optional(rule('look like a bot token from @BotFather (digits, a colon, then letters)', (v) => /^\d+:[\w-]{20,}$/.test(v), true).optional()),
  TELEGRAM_API_ROOT: optional(rule('be an http or https URL', url('http:', 'https:')).default('https://api.telegram.org')),
  TELEGRAM_STARTUP_TIMEOUT_MS: optional(milliseconds.default('300000')),
  EMBEDDING_MODEL: optional(z.string().default(SHIPPED_MODEL)),
  MODELS_DIR: optional(z.string().default('models')),
  ALLOW_REMOTE_MODELS: optional(flag.default('true')),
  MODEL_LOAD_TIMEOUT_MS: optional(milliseconds.default('60000')),
  SEEDS_DIR: optional(z.string().default('seeds')),
  EMBEDDINGS_DIR: optional(z.string().default('embeddings')),
  ALLOWED_CHAT_IDS: optional(chatIds.optional()),
  ADMIN_CHAT_IDS: optional(chatIds.optional()),
  ALLOW_PRIVATE_URLS: optional(flag.default('false')),
  RATE_LIMIT_PER_MINUTE: optional(rule('be a whole number above 0', wholeNumber(1)).transform(Number).default('20')),
  WEBHOOK_URL: optional(rule('be an https URL (Telegram posts updates only to https)', url('https:')).optional()),
  WEBHOOK_PORT: optional(port.default('8080')),
  WEBHOOK_SECRET: optional(rule('hold only letters, digits, _ and - (1 to 256 of them)', (v) => /^[A-Za-z0-9_-]{1,256}$/.test(v), true).optional()),
  HEALTH_PORT: optional(port.optional()),
  // Secret: its password must not be echoed.
  REDIS_URL: optional(rule('be a redis:// or rediss:// URL', url('redis:', 'rediss:'), true).optional()),
  LOG_LEVEL: optional(rule(`be one of ${LEVELS.join(', ')}`, (v) => LEVELS.includes(v)).default('info')),
});

/** Every setting's name: .env.example and docs/operations.md's table list each (a test checks). */
export const SETTING_NAMES = Env.keyof().options;

export interface Config {
  token: string | undefined;
  apiRoot: string;
  /** How long to keep trying to reach Telegram at start-up before stopping with exit code 1. */
  startupTimeoutMs: number;
  model: string;
  modelsDir: string;
  allowRemote: boolean;
  timeoutMs: number;
  seedsDir: string;
  embeddingsDir: string;
  allowedChatIds: Set<number> | null;
  /** Chats whose messages may /add articles (a person's private chat has their user id); empty = nobody. */
  adminChatIds: Set<number>;
  /** Let added URLs reach loopback and private addresses (tests, an intranet). */
  allowPrivateUrls: boolean;
  ratePerMinute: number;
  webhook: { url: string; port: number; secret: string } | null;
  /** Where /healthz and /metrics are served; null = not on a port of their own (the webhook server serves them). */
  healthPort: number | null;
  /** Where conversations and buttons' questions are kept, shared by replicas; null = this process's memory. */
  redisUrl: string | null;
  logLevel: string;
}

const idSet = (list: string) => new Set(list.split(',').filter((s) => s.trim()).map((s) => Number(s.trim())));

/** Reads .env (if any) and the environment, and explains every bad setting at once, one line each. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, dotenvPath = '.env'): Config {
  if (env === process.env) loadDotenv({ path: dotenvPath, quiet: true });
  const parsed = Env.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
  // A webhook without a secret would take updates from anyone who finds its URL. A generated one would change
  // at every restart (and differ between replicas), so the operator sets it.
  if (env.WEBHOOK_URL?.trim() && !env.WEBHOOK_SECRET?.trim()) {
    problems.push('WEBHOOK_SECRET must be set when WEBHOOK_URL is (letters, digits, _ and -; `openssl rand -hex 32` makes one)');
  }
  if (!parsed.success || problems.length) {
    const settings = problems.map((p) => p.split(' ')[0]);
    throw new ConfigError(`Invalid settings (see .env.example):\n${problems.map((p) => `  ${p}`).join('\n')}`, settings);
  }
  const e = parsed.data;
  return {
    token: e.TELEGRAM_BOT_TOKEN,
    apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    startupTimeoutMs: e.TELEGRAM_STARTUP_TIMEOUT_MS,
    model: e.EMBEDDING_MODEL,
    modelsDir: resolve(e.MODELS_DIR),
    allowRemote: e.ALLOW_REMOTE_MODELS,
    timeoutMs: e.MODEL_LOAD_TIMEOUT_MS,
    seedsDir: resolve(e.SEEDS_DIR),
    embeddingsDir: resolve(e.EMBEDDINGS_DIR),
    allowedChatIds: e.ALLOWED_CHAT_IDS ? idSet(e.ALLOWED_CHAT_IDS) : null,
    adminChatIds: idSet(e.ADMIN_CHAT_IDS ?? ''),
    allowPrivateUrls: e.ALLOW_PRIVATE_URLS,
    ratePerMinute: e.RATE_LIMIT_PER_MINUTE,
    webhook: e.WEBHOOK_URL ? { url: e.WEBHOOK_URL, port: e.WEBHOOK_PORT, secret: e.WEBHOOK_SECRET! } : null,
    healthPort: e.HEALTH_PORT ?? null,
    redisUrl: e.REDIS_URL ?? null,
    logLevel: e.LOG_LEVEL,
  };
}
