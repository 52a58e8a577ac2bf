import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * How a sentence encoder wants its texts and its output: the pooling it was trained with and the prefixes it puts
 * before questions and before the sentences searched (e5: "query: " / "passage: "). A shipped model states them in
 * its folder's `encoder.json` (written by scripts/build-encoder.ts from the model's card); a hub model without one
 * gets mean pooling and no prefixes, the sentence-transformers default.
 */
export const EncoderSettings = z.object({
  pooling: z.enum(['cls', 'mean']),
  queryPrefix: z.string(),
  passagePrefix: z.string(),
});
export type EncoderSettings = z.infer<typeof EncoderSettings>;

export const ENCODER_FILE = 'encoder.json';
const DEFAULT_SETTINGS: EncoderSettings = { pooling: 'mean', queryPrefix: '', passagePrefix: '' };

/** What a text is to the encoder: a question asked, or a sentence (or passage) searched. */
export type TextRole = 'query' | 'passage';

export function readEncoderSettings(modelDir: string): EncoderSettings {
  const file = join(modelDir, ENCODER_FILE);
  if (!existsSync(file)) return DEFAULT_SETTINGS;
  return EncoderSettings.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export function withPrefix(settings: EncoderSettings, texts: string[], role: TextRole): string[] {
  const prefix = role === 'query' ? settings.queryPrefix : settings.passagePrefix;
  return prefix ? texts.map((t) => prefix + t) : texts;
}
