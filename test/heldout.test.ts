import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../src/engine/engine.js';
import { denseSearch } from '../scripts/dense.js';
import { copyWritten, holdsExpected, readSplit, readWritten, WRITERS, type Labelled } from '../scripts/questions.js';
import { engineOptions, ROOT, SEEDS, tempDir } from './helpers.js';

/** What the bot does with each question: refused, or whether its first extract holds the answer, and how sure it was. */
async function firstExtracts(engine: Engine, qs: Labelled[]) {
  const out: { q: Labelled; refused: boolean; right: boolean; confidence: number; source?: string }[] = [];
  for (const q of qs) {
    const a = await engine.ask(q.q);
    const first = a.extracts[0];
    out.push({ q, refused: a.abstained, right: !!first && holdsExpected(first.quote, q), confidence: a.confidence ?? 0, source: first?.source.id });
  }
  return out;
}

const share = <T>(xs: T[], test: (x: T) => boolean) => xs.filter(test).length / xs.length;

/** Questions about nothing the seeds or the written test articles tell: refused on either. */
const UNRELATED = ['What is the capital of Australia?', 'whats the weather in baku today', 'what currency does azerbaijan use', 'who is the president of france'];

// Every fitted number is fitted on the written train writers and chosen on validation (npm run fit): the test
// writers' articles are ones it never saw, like an article an operator adds tomorrow.
describe('on articles it never saw (the written test writers)', () => {
  const questions = readWritten('test', ROOT);
  const answerable = questions.filter((q) => !q.abstain);
  const articles = join(tempDir(), 'articles');
  let engine: Engine;
  let bot: Awaited<ReturnType<typeof firstExtracts>>;
  beforeAll(async () => {
    copyWritten(WRITERS.test, articles, ROOT);
    engine = await Engine.open(engineOptions({ seedsDir: articles }));
    bot = await firstExtracts(engine, questions);
  }, 300_000);

  it('puts the right sentence first more often than plain dense retrieval with the same encoder, refusing few answerable questions', async () => {
    const dense = await denseSearch(engine.embedder, articles);
    const vectors = await engine.embedder.embed(answerable.map((q) => q.q), 'query');
    const denseRight = answerable.filter((q, i) => holdsExpected(dense.sentences[dense.nearest(vectors[i])[0]].text, q)).length / answerable.length;
    const answered = bot.filter((b) => !b.q.abstain);
    // measured 70.6% against plain dense's 59.4% (180 questions), false abstentions 2.8%
    expect(share(answered, (b) => b.right)).toBeGreaterThanOrEqual(denseRight + 0.05);
    expect(share(answered, (b) => b.refused)).toBeLessThanOrEqual(0.05);
  });

  it('refuses some of the near misses, and its confidence means what it says', () => {
    // measured: 10.2% of the 108 near misses refused; answers at confidence 0.5 or more right 59% of the time (127),
    // below 0.5 36% (145)
    const nearMisses = bot.filter((b) => b.q.abstain);
    expect(share(nearMisses, (b) => b.refused)).toBeGreaterThanOrEqual(0.05);
    // the confidence is the probability that the first extract is right: sure answers are right more often
    const given = bot.filter((b) => !b.refused);
    const sure = given.filter((b) => b.confidence >= 0.5);
    const unsure = given.filter((b) => b.confidence < 0.5);
    expect(share(sure, (b) => b.right)).toBeGreaterThan(share(unsure, (b) => b.right) + 0.15);
    expect(share(sure, (b) => b.right)).toBeGreaterThanOrEqual(0.5);
  });
});

describe('articles added beside the seeds', () => {
  const added = readWritten('test', ROOT);
  const seedQuestions = readSplit('test', ROOT);
  let seedsOnly: Engine;
  let both: Engine;
  beforeAll(async () => {
    const articles = join(tempDir(), 'articles');
    copyWritten(WRITERS.test, articles, ROOT);
    for (const f of readdirSync(SEEDS)) copyFileSync(join(SEEDS, f), join(articles, f));
    seedsOnly = await Engine.open(engineOptions());
    both = await Engine.open(engineOptions({ seedsDir: articles }));
  }, 300_000);

  it('answers the added articles\' questions from them, and the seeds\' as well as before', async () => {
    const answers = await firstExtracts(both, added.filter((q) => !q.abstain));
    expect(share(answers, (a) => a.source === a.q.sources![0])).toBeGreaterThanOrEqual(0.9);
    const before = share(await firstExtracts(seedsOnly, seedQuestions.filter((q) => !q.abstain)), (a) => a.right);
    const after = share(await firstExtracts(both, seedQuestions.filter((q) => !q.abstain)), (a) => a.right);
    expect(after).toBeGreaterThanOrEqual(before - 0.03);
  });

  it('still refuses a question about nothing the articles tell', async () => {
    for (const q of UNRELATED) {
      expect((await seedsOnly.ask(q)).abstained, q).toBe(true);
      expect((await both.ask(q)).abstained, q).toBe(true);
    }
  });
});
