import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { loadConfig, SETTING_NAMES } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { ROOT } from './helpers.js';

/** The lines of the error loadConfig throws for these settings (no .env is read: env is not process.env). */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const [head, ...lines] = (e as Error).message.split('\n');
    expect(head).toBe('Invalid settings (see .env.example):');
    return lines.map((l) => l.trim());
  }
  throw new Error('the settings were accepted');
}

const WEBHOOK = { WEBHOOK_URL: 'https://bot.example.org/hook', WEBHOOK_SECRET: 'a-secret_123' };

describe('settings', () => {
  it('has a default for everything: no settings at all is the local demo', () => {
    expect(loadConfig({})).toMatchObject({ token: undefined, apiRoot: 'https://api.telegram.org', webhook: null, healthPort: null, startupTimeoutMs: 300_000, ratePerMinute: 20 });
    expect(loadConfig({})).toMatchObject({ adminChatIds: new Set(), allowPrivateUrls: false });
    expect(loadConfig({ ADMIN_CHAT_IDS: '42, -100123', ALLOW_PRIVATE_URLS: 'true' })).toMatchObject({ adminChatIds: new Set([42, -100123]), allowPrivateUrls: true });
  });

  it('explains each bad setting in one line of one style, naming it once, quoting the value unless it is a secret', () => {
    expect(problems({ WEBHOOK_PORT: 'abc' })).toEqual(["WEBHOOK_PORT must be a port number, got 'abc'"]);
    expect(problems({ HEALTH_PORT: '70000' })).toEqual(["HEALTH_PORT must be a port number, got '70000'"]);
    expect(problems({ RATE_LIMIT_PER_MINUTE: '0' })).toEqual(["RATE_LIMIT_PER_MINUTE must be a whole number above 0, got '0'"]);
    expect(problems({ MODEL_LOAD_TIMEOUT_MS: '1.5' })).toEqual(["MODEL_LOAD_TIMEOUT_MS must be a whole number of milliseconds above 0, got '1.5'"]);
    expect(problems({ TELEGRAM_STARTUP_TIMEOUT_MS: 'soon' })).toEqual(["TELEGRAM_STARTUP_TIMEOUT_MS must be a whole number of milliseconds above 0, got 'soon'"]);
    expect(problems({ TELEGRAM_API_ROOT: 'ftp://files' })).toEqual(["TELEGRAM_API_ROOT must be an http or https URL, got 'ftp://files'"]);
    expect(problems({ ALLOW_REMOTE_MODELS: 'maybe' })).toEqual(["ALLOW_REMOTE_MODELS must be true or false, got 'maybe'"]);
    expect(problems({ ALLOWED_CHAT_IDS: '12, abc' })).toEqual(["ALLOWED_CHAT_IDS must be chat ids separated by commas, got '12, abc'"]);
    expect(problems({ ADMIN_CHAT_IDS: '@me' })).toEqual(["ADMIN_CHAT_IDS must be chat ids separated by commas, got '@me'"]);
    expect(problems({ ALLOW_PRIVATE_URLS: 'sometimes' })).toEqual(["ALLOW_PRIVATE_URLS must be true or false, got 'sometimes'"]);
    expect(problems({ LOG_LEVEL: 'loud' })).toEqual(["LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'"]);
    expect(problems({ TELEGRAM_BOT_TOKEN: 'my-secret-value' })).toEqual([
      'TELEGRAM_BOT_TOKEN must look like a bot token from @BotFather (digits, a colon, then letters); the value is not shown',
    ]);
    expect(problems({ ...WEBHOOK, WEBHOOK_SECRET: 'not secret!' })).toEqual([
      'WEBHOOK_SECRET must hold only letters, digits, _ and - (1 to 256 of them); the value is not shown',
    ]);
    expect(problems({ WEBHOOK_PORT: 'x'.repeat(200) })).toEqual([`WEBHOOK_PORT must be a port number, got '${'x'.repeat(80)}…'`]);
  });

  it('lists every bad setting at once', () => {
    expect(problems({ WEBHOOK_PORT: 'abc', LOG_LEVEL: 'loud', ...WEBHOOK, WEBHOOK_URL: 'http://bot.example.org/hook' })).toEqual([
      "WEBHOOK_URL must be an https URL (Telegram posts updates only to https), got 'http://bot.example.org/hook'",
      "WEBHOOK_PORT must be a port number, got 'abc'",
      "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'",
    ]);
  });

  it('refuses a webhook without a secret, and a webhook on plain http', () => {
    expect(problems({ WEBHOOK_URL: WEBHOOK.WEBHOOK_URL })).toEqual([
      'WEBHOOK_SECRET must be set when WEBHOOK_URL is (letters, digits, _ and -; `openssl rand -hex 32` makes one)',
    ]);
    expect(problems({ WEBHOOK_URL: 'http://bot.example.org/hook', WEBHOOK_SECRET: '' })).toEqual([
      "WEBHOOK_URL must be an https URL (Telegram posts updates only to https), got 'http://bot.example.org/hook'",
      'WEBHOOK_SECRET must be set when WEBHOOK_URL is (letters, digits, _ and -; `openssl rand -hex 32` makes one)',
    ]);
    expect(loadConfig({ ...WEBHOOK, WEBHOOK_PORT: '8443', HEALTH_PORT: '9100' })).toMatchObject({
      webhook: { url: WEBHOOK.WEBHOOK_URL, port: 8443, secret: WEBHOOK.WEBHOOK_SECRET },
      healthPort: 9100,
    });
  });
});

describe('the settings documentation', () => {
  it('lists every setting in .env.example (whose values are valid) and in docs/operations.md', () => {
    const example = parse(readFileSync(join(ROOT, '.env.example'), 'utf8'));
    expect(Object.keys(example).sort()).toEqual([...SETTING_NAMES].sort());
    expect(() => loadConfig(example)).not.toThrow();
    const operations = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
    expect(SETTING_NAMES.filter((name) => !operations.includes(`\`${name}\``))).toEqual([]);
  });
});
