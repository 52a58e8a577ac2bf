/**
 * Plain dense retrieval, the baseline `npm run eval` prints beside trip-bot and BM25: each question's three nearest
 * sentences by cosine with the shipped encoder (its own prefixes), never abstaining. What a newcomer would build
 * in ten lines. Reads questions (JSONL with a "q" field) and prints answers in the `ask --json --batch` contract.
 *   node --import tsx scripts/baseline-dense.ts QUESTIONS.jsonl [ARTICLES_DIR] > dense.jsonl   (the seeds by default)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEmbedder, SHIPPED_MODEL } from '../src/embeddings/embedder.js';
import { denseSearch } from './dense.js';

const root = process.cwd();
const questions = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { q: string }).q);
const embedder = await loadEmbedder({ model: SHIPPED_MODEL, modelsDir: join(root, 'models'), allowRemote: false, timeoutMs: 60_000 });
const { articles, sentences, nearest } = await denseSearch(embedder, process.argv[3] ?? join(root, 'seeds'));
const file = new Map(articles.map((a) => [a.id, a.file]));
const asked = await embedder.embed(questions, 'query');
questions.forEach((question, i) => {
  const extracts = nearest(asked[i]).slice(0, 3).map((j) => ({ quote: sentences[j].text, source: { file: file.get(sentences[j].articleId) } }));
  console.log(JSON.stringify({ question, abstained: false, extracts }));
});
