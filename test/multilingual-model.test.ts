import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEmbedder, type Embedder } from '../src/embeddings/embedder.js';
import { readEncoderSettings } from '../src/embeddings/encoder.js';
import { MODELS, SEEDS } from './helpers.js';

// models/multilingual-e5-small (scripts/multilingual/build.sh): not used by the bot yet, loaded here as the bot
// loads its encoder, from the models folder with no network.
const MODEL = 'multilingual-e5-small';
const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

const TRIPP = readFileSync(join(SEEDS, '000_1c86669cca0672e9.txt'), 'utf8')
  .split('\n')
  .find((line) => line.includes('or TRIPP, is a'))!;
const UNRELATED = 'The central bank raised interest rates by half a percentage point on Thursday.';

// Cosines measured when the model was built (onnxruntime 1.14 through transformers.js, an Intel Xeon with VNNI; the
// README's table has onnxruntime 1.32's): each question's with the TRIPP sentence and with the unrelated one.
const QUESTIONS = [
  { lang: 'en', q: 'What does TRIPP stand for?', tripp: 0.893, unrelated: 0.7099 },
  { lang: 'ru', q: 'Что означает TRIPP?', tripp: 0.8631, unrelated: 0.6697 },
  { lang: 'hy', q: 'TRIPP-ը ինչ է նշանակում?', tripp: 0.8752, unrelated: 0.7565 },
  { lang: 'az', q: 'TRIPP nə deməkdir?', tripp: 0.876, unrelated: 0.746 },
];
// The layers are int8 and the activations are quantised on each call, and int8 kernels differ between CPUs (AMD and
// Intel, with and without VNNI) and onnxruntime builds (1.32 moves one of these figures by 0.0099): a generous
// allowance on each figure, and a margin that all four languages clear by a wide amount (the smallest measured is
// Armenian's, 0.119).
const TOLERANCE = 0.015;
const MARGIN = 0.08;

describe('the multilingual encoder in models/', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await loadEmbedder({ model: MODEL, modelsDir: MODELS, allowRemote: false, timeoutMs: 60_000 });
  });

  it('loads offline through the project loader, with e5 prefixes and mean pooling', () => {
    expect(embedder.dims).toBe(384);
    expect(readEncoderSettings(join(MODELS, MODEL))).toEqual({ pooling: 'mean', queryPrefix: 'query: ', passagePrefix: 'passage: ' });
  });

  it('puts "What does TRIPP stand for?" in English, Russian, Armenian and Azerbaijani nearer the TRIPP sentence', async () => {
    expect(TRIPP).toContain('Trump Route for International Peace and Prosperity');
    const [tripp, unrelated] = await embedder.embed([TRIPP, UNRELATED], 'passage');
    const questions = await embedder.embed(
      QUESTIONS.map((x) => x.q),
      'query',
    );
    QUESTIONS.forEach((x, i) => {
      const near = cosine(questions[i], tripp);
      const far = cosine(questions[i], unrelated);
      expect(near - far, x.lang).toBeGreaterThan(MARGIN);
      expect(Math.abs(near - x.tripp), `${x.lang}: ${near}`).toBeLessThan(TOLERANCE);
      expect(Math.abs(far - x.unrelated), `${x.lang}: ${far}`).toBeLessThan(TOLERANCE);
    });
  });
});
