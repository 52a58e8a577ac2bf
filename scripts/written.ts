/**
 * Lays out a split of the written articles for `npm run eval`: the articles in DIR/articles (with the seeds too when
 * --with-seeds is given: an operator's additions beside the five), the split's questions in DIR/questions.jsonl.
 *   node --import tsx scripts/written.ts SPLIT DIR [--with-seeds]
 */
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyWritten, readWritten, WRITERS, type Split } from './questions.js';

const [split, dir] = process.argv.slice(2) as [Split, string];
if (!['train', 'validation', 'test'].includes(split) || !dir) {
  console.error('usage: node --import tsx scripts/written.ts train|validation|test DIR [--with-seeds]');
  process.exit(2);
}
const articles = join(dir, 'articles');
copyWritten(WRITERS[split], articles);
if (process.argv.includes('--with-seeds')) for (const f of readdirSync('seeds')) copyFileSync(join('seeds', f), join(articles, f));
writeFileSync(join(dir, 'questions.jsonl'), readWritten(split).map((q) => JSON.stringify(q)).join('\n') + '\n');
