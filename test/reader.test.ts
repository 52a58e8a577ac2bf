import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadReader, SHIPPED_READER, type Reader } from '../src/retrieval/reader.js';
import { ModelLoadError } from '../src/embeddings/models.js';
import { MODELS, tempDir } from './helpers.js';

describe('the shipped reader through transformers.js', () => {
  let reader: Reader;
  beforeAll(async () => {
    reader = await loadReader({ modelsDir: MODELS, timeoutMs: 30_000 });
  });

  it('loads with no network and gives the logits a second implementation gives (onnxruntime and tokenizers from PyPI)', async () => {
    // test/fixtures/reader-reference.json: scripts/reader/check.py, the question with each sentence alone
    const reference = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/reader-reference.json'), 'utf8')) as {
      model: string;
      question: string;
      sentences: { text: string; logit: number }[];
    };
    expect(reference.model).toBe(SHIPPED_READER);
    const logits = await reader.score(reference.question, reference.sentences.map((s) => s.text));
    // onnxruntime 1.14 (Node) against 1.32 (Python), the same padding: 0.003 measured
    logits.forEach((l, i) => expect(Math.abs(l - reference.sentences[i].logit)).toBeLessThan(0.05));
  });

  it('reads: the sentence that answers scores above sentences on the same topic that do not', async () => {
    const [answers, sameTopic, unrelated] = await reader.score('who did vance meet in yerevan', [
      'On Monday, Vance held talks with Armenian Prime Minister Nikol Pashinyan in Yerevan.',
      'Vance is the highest-ranking U.S. official to visit Armenia since it gained independence in 1991.',
      'Azerbaijan will buy boats for the Caspian Sea.',
    ]);
    expect(answers).toBeGreaterThan(sameTopic + 1);
    expect(answers).toBeGreaterThan(unrelated + 1);
  });

  it('scores each sentence on its own: its logit does not depend on the others read with it', async () => {
    const question = 'what did vance sign in baku';
    const sentences = ['Vance met Aliyev.', 'On Tuesday, Vance and Aliyev signed a charter on strategic partnership in Baku.'];
    const together = await reader.score(question, sentences);
    for (const [i, s] of sentences.entries()) expect((await reader.score(question, [s]))[0]).toBe(together[i]);
    expect(await reader.score(question, [])).toEqual([]);
  });

  it('fails with a message saying how to restore it when its folder is missing', async () => {
    const err = await loadReader({ modelsDir: tempDir(), timeoutMs: 5_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect(err.message).toMatch(/reader "trip-reader".*npm run build:reader/);
  });
});
