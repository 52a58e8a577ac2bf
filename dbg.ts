import { readFileSync } from 'node:fs';
import { loadConfig } from './src/config.js';
import { Engine } from './src/engine.js';
import { analyseQuestion } from './src/retrieval/question.js';
import { rankSentences, unknownShare, dot } from './src/retrieval/rank.js';
const e = await Engine.open({ ...loadConfig() });
// @ts-expect-error private
const space = e.space;
for (const f of ['../shared/eval/dev.jsonl', '/tmp/mine.jsonl', '/tmp/mine2.jsonl']) for (const l of readFileSync(f, 'utf8').split('\n').filter(Boolean)) {
  const j = JSON.parse(l);
  const a = analyseQuestion(j.q);
  const [v] = await e.embedder.embed([j.q]);
  const sims = space.sentences.map((_: unknown, i: number) => dot(v, space.vectors, i * space.dims));
  const mean = sims.reduce((s: number, x: number) => s + x, 0) / sims.length;
  const sd = Math.sqrt(sims.reduce((s: number, x: number) => s + (x - mean) ** 2, 0) / sims.length);
  const r = rankSentences(space, a, v);
  const b = r[0];
  const z = b ? (b.dense - mean) / sd : 0;
  const maxz = (Math.max(...sims) - mean) / sd;
  console.log((j.abstain ? 'ABST' : '    '), 'lex', b?.lexical.toFixed(2), 'dense', b?.dense.toFixed(2), 'z', z.toFixed(2), 'maxz', maxz.toFixed(2), 'unk', unknownShare(a, space.lexicon).toFixed(2), j.q);
}
