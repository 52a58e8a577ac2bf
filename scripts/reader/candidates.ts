/**
 * What the reader is trained and checked on (the first step of `npm run build:reader`). For every question of the train and
 * validation splits, the first stage's best candidates (the committed ranker, before the reader) with their
 * scores and whether each one's quote holds an expected phrase (the shared scorer's test). Written as JSONL to
 * build/reader/{train,validation}-candidates.jsonl for scripts/reader/train.py. The test split is never read.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFittedModel } from '../../src/retrieval/model.js';
import { openEngine, round } from '../fitting.js';
import { holdsExpected, readSplit, type Split } from '../questions.js';

/** Candidates per question: the reader reads at most the top few at run time, training sees a few more negatives. */
const CANDIDATES = 10;
const READER_WORK = join(process.cwd(), 'build', 'reader');

const engine = await openEngine();
const model = loadFittedModel();
mkdirSync(READER_WORK, { recursive: true });
for (const split of ['train', 'validation'] as Split[]) {
  const lines: string[] = [];
  for (const q of readSplit(split)) {
    const ranked = (await engine.retrieve(q.q, model))?.ranked.slice(0, CANDIDATES) ?? [];
    const candidates = ranked.map((r) => ({
      text: r.sentence.text,
      score: round(r.score, 3),
      right: holdsExpected(engine.quoteOf(r.sentence), q),
    }));
    lines.push(JSON.stringify({ id: q.id, q: q.q, answerable: !q.abstain, candidates }));
  }
  writeFileSync(join(READER_WORK, `${split}-candidates.jsonl`), `${lines.join('\n')}\n`);
  console.log(`${split}: ${lines.length} questions -> ${join(READER_WORK, `${split}-candidates.jsonl`)}`);
}
