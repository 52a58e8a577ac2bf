import { resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { SHIPPED_MODEL } from './embeddings/embedder.js';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optional = (schema: z.ZodTypeAny) => z.preprocess((v) => (v === '' ? undefined : v), schema);

const Env = z.object({
  TELEGRAM_BOT_TOKEN: optional(
    z
      .string()
      .regex(/^\d+:[\w-]{20,}$/, 'TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters)')
      .optional(),
  ),
  TELEGRAM_API_ROOT: optional(z.string().url('TELEGRAM_API_ROOT must be a URL').default('https://api.telegram.org')),
  EMBEDDING_MODEL: optional(z.string().min(1).default(SHIPPED_MODEL)),
  MODELS_DIR: optional(z.string().default('models')),
  ALLOW_REMOTE_MODELS: optional(flag.default('true')),
  MODEL_LOAD_TIMEOUT_MS: optional(z.coerce.number().int().positive().default(60_000)),
  SEEDS_DIR: optional(z.string().default('seeds')),
  EMBEDDINGS_DIR: optional(z.string().default('embeddings')),
  ALLOWED_CHAT_IDS: optional(
    z
      .string()
      .regex(/^\s*-?\d+(\s*,\s*-?\d+)*\s*$/, 'ALLOWED_CHAT_IDS must be chat ids separated by commas')
      .optional(),
  ),
  RATE_LIMIT_PER_MINUTE: optional(z.coerce.number().int().positive().default(20)),
  WEBHOOK_URL: optional(z.string().url('WEBHOOK_URL must be an https URL').optional()),
  WEBHOOK_PORT: optional(z.coerce.number().int().min(1).max(65535).default(8080)),
  WEBHOOK_SECRET: optional(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'WEBHOOK_SECRET may hold only letters, digits, _ and - (1-256)')
      .optional(),
  ),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
});

export interface Config {
  token: string | undefined;
  apiRoot: string;
  model: string;
  modelsDir: string;
  allowRemote: boolean;
  timeoutMs: number;
  seedsDir: string;
  embeddingsDir: string;
  allowedChatIds: Set<number> | null;
  ratePerMinute: number;
  webhook: { url: string; port: number; secret: string | undefined } | null;
  logLevel: string;
}

export class ConfigError extends Error {}

/** Reads .env (if any) and the environment, and explains every bad setting at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, dotenvPath = '.env'): Config {
  if (env === process.env) loadDotenv({ path: dotenvPath, quiet: true });
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid settings (see .env.example):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    token: e.TELEGRAM_BOT_TOKEN,
    apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    model: e.EMBEDDING_MODEL,
    modelsDir: resolve(e.MODELS_DIR),
    allowRemote: e.ALLOW_REMOTE_MODELS,
    timeoutMs: e.MODEL_LOAD_TIMEOUT_MS,
    seedsDir: resolve(e.SEEDS_DIR),
    embeddingsDir: resolve(e.EMBEDDINGS_DIR),
    allowedChatIds: e.ALLOWED_CHAT_IDS ? new Set(e.ALLOWED_CHAT_IDS.split(',').map((s: string) => Number(s.trim()))) : null,
    ratePerMinute: e.RATE_LIMIT_PER_MINUTE,
    webhook: e.WEBHOOK_URL ? { url: e.WEBHOOK_URL, port: e.WEBHOOK_PORT, secret: e.WEBHOOK_SECRET } : null,
    logLevel: e.LOG_LEVEL,
  };
}
