/**
 * Dumps what the fine-tuned encoder is trained and chosen on (scripts/encoder/train.py): each written train and
 * validation question (never a test writer's, never the seeds') with its 30 nearest sentences by the BASE encoder's
 * cosine, each marked right (its quote holds an expected phrase, as the fit and the shared scorer read it) or not,
 * and with the article it comes from.
 *
 * The sentences are searched in all 106 written articles, as when the shipped model was made: train.py then drops
 * every candidate from an article outside the train writers, so it trains on train writers' questions and sentences
 * only. (Searching all of them decides which train sentences are among the 30; searching fewer would change the
 * hard negatives, and so the model.)
 *   node --import tsx scripts/encoder/dump.ts BASE_MODELS_DIR OUT.jsonl
 * BASE_MODELS_DIR holds e5-small-v2 (`npm run build:model -- e5-small-v2 DIR`) and the word model.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine.js';
import { dot } from '../../src/retrieval/rank.js';
import { copyWritten, holdsExpected, readWritten, WRITERS } from '../questions.js';
import { seedModel } from '../fitting.js';

const BASE = 'e5-small-v2';
const CANDIDATES = 30;

const [modelsDir, out] = process.argv.slice(2);
if (!modelsDir || !out) {
  console.error('usage: node --import tsx scripts/encoder/dump.ts BASE_MODELS_DIR OUT.jsonl');
  process.exit(2);
}
const dir = join(process.cwd(), 'build', 'encoder-dump');
copyWritten([...WRITERS.train, ...WRITERS.validation, ...WRITERS.test], join(dir, 'seeds'));
// seedModel(): the cosine ranking below reads no fitted number (the committed ones were fitted on the shipped encoder)
const engine = await Engine.open({
  seedsDir: join(dir, 'seeds'),
  embeddingsDir: join(dir, 'embeddings'),
  model: BASE,
  modelsDir,
  allowRemote: false,
  timeoutMs: 60_000,
  ranking: seedModel(),
});
const space = engine['space'];
const n = space.sentences.length;
const rows: string[] = [];
for (const q of [...readWritten('train'), ...readWritten('validation')]) {
  const r = await engine.retrieve(q.q);
  if (!r) {
    rows.push(JSON.stringify({ id: q.id, q: q.q, abstain: !!q.abstain, none: true }));
    continue;
  }
  const cos = Float32Array.from({ length: n }, (_, i) => dot(r.query.vector, space.vectors, i * space.dims));
  const nearest = [...cos.keys()].sort((a, b) => cos[b] - cos[a]).slice(0, CANDIDATES);
  const cands = nearest.map((i) => {
    const s = space.sentences[i];
    return { text: s.text, article: s.articleId, cos: cos[i], hit: holdsExpected(engine.quoteOf(s), q) };
  });
  rows.push(JSON.stringify({ id: q.id, q: q.q, abstain: !!q.abstain, cands }));
}
writeFileSync(out, rows.join('\n') + '\n');
console.log(`${out}: ${rows.length} questions, ${n} sentences searched`);
