/**
 * What the answers are on the written validation writers' questions (scripts/questions.ts), in the articles of those
 * writers alone: hit@1 and hit@3 of the answerable ones (the right sentence in the first / first three extracts),
 * the mean number of extracts, how many extracts cite a second article, and how many quotes are cut. Run it before and
 * after changing a hand-set number to see that number's effect (the figures quoted beside each such number come from
 * it). The test writers and the seeds are never read.
 *
 *   node --import tsx scripts/measure-validation.ts
 */
import { loadFittedModel } from '../src/retrieval/fitted.js';
import { openWritten } from './fitting.js';
import { holdsExpected, readWritten, WRITERS } from './questions.js';

async function main(): Promise<void> {
  const questions = readWritten('validation');
  const engine = await openWritten(WRITERS.validation, loadFittedModel());
  let answerable = 0;
  let hit1 = 0;
  let hit3 = 0;
  let extracts = 0;
  let cited = 0;
  let cut = 0;
  let asked = 0;
  let abstained = 0;
  for (const q of questions) {
    const a = await engine.ask(q.q);
    asked++;
    if (a.abstained) abstained++;
    extracts += a.extracts.length;
    cited += a.extracts.filter((e) => e.alsoIn.length).length;
    cut += a.extracts.filter((e) => e.quote.endsWith('…')).length;
    if (q.abstain) continue;
    answerable++;
    const has = (i: number) => a.extracts[i] !== undefined && holdsExpected(a.extracts[i].quote, q);
    if (has(0)) hit1++;
    if (has(0) || has(1) || has(2)) hit3++;
  }
  const pct = (x: number, n: number) => `${((100 * x) / n).toFixed(1)}%`;
  console.log(
    `validation (${engine.articles.length} articles, ${asked} questions, ${answerable} answerable): hit@1 ${pct(hit1, answerable)}, hit@3 ${pct(hit3, answerable)}, ` +
      `abstained ${pct(abstained, asked)}, extracts ${(extracts / asked).toFixed(2)} a question, citing two articles ${cited}, cut ${cut}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
