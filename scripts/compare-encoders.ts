/**
 * `npm run compare:encoders -- NAME...`: how each candidate sentence encoder in models/ (scripts/build-encoder.ts)
 * does as plain dense retrieval on the train and validation splits (the question's nearest sentence by cosine,
 * with the encoder's own prefixes and pooling), and how fast: one question's vector, and sentences per second at
 * ingest. What the shipped encoder was chosen by; the test split is never read.
 */
import { join } from 'node:path';
import { loadEmbedder } from '../src/embeddings/embedder.js';
import { denseSearch } from './dense.js';
import { holdsExpected, readSplit } from './questions.js';

const root = process.cwd();
const names = process.argv.slice(2);
if (!names.length) {
  console.error('usage: npm run compare:encoders -- NAME... (folders under models/, built by npm run build:model -- NAME)');
  process.exit(2);
}
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log('| encoder | train hit@1 | train hit@3 | validation hit@1 | validation hit@3 | question p50 | ingest |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const model of names) {
  const embedder = await loadEmbedder({ model, modelsDir: join(root, 'models'), allowRemote: false, timeoutMs: 60_000 });
  const { sentences, rate, nearest } = await denseSearch(embedder, join(root, 'seeds'));
  const cells: string[] = [];
  const times: number[] = [];
  for (const split of ['train', 'validation'] as const) {
    const answerable = readSplit(split).filter((q) => !q.abstain);
    let hit1 = 0;
    let hit3 = 0;
    for (const q of answerable) {
      const t1 = performance.now();
      const [v] = await embedder.embed([q.q], 'query');
      times.push(performance.now() - t1);
      const order = nearest(v);
      const right = (k: number) => holdsExpected(sentences[order[k]].text, q);
      if (right(0)) hit1++;
      if ([0, 1, 2].some(right)) hit3++;
    }
    cells.push(pct(hit1 / answerable.length), pct(hit3 / answerable.length));
  }
  times.sort((a, b) => a - b);
  console.log(`| ${model} | ${cells.join(' | ')} | ${times[times.length >> 1].toFixed(1)} ms | ${rate.toFixed(0)} sentences/s |`);
}
