import { beforeAll, describe, expect, it } from 'vitest';
import { replyHtml } from '../src/telegram/render.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../src/engine/engine.js';
import { Bm25, terms } from '../src/retrieval/lexical.js';
import { rankSentences, type SearchSpace } from '../src/retrieval/rank.js';
import type { WordSpace } from '../src/retrieval/wordspace.js';
import { expandChatSpellings, mendTypos } from '../src/retrieval/normalise.js';
import { detectIntent } from '../src/retrieval/intent.js';
import { FEATURES, linear } from '../src/retrieval/features.js';
import { rankingLogit, sigmoid } from '../src/retrieval/decision.js';
import { FittedModelError } from '../src/errors.js';
import { loadFittedModel, FITTED_MODEL_FILE } from '../src/retrieval/fitted.js';
import { engineOptions, ROOT, tempDir } from './helpers.js';
import { holdsExpected, readSplit } from '../scripts/questions.js';

describe('questions as people type them', () => {
  it('expands chat spellings into the words they stand for, leaving abbreviations such as U.S. alone', () => {
    expect(expandChatSpellings('whos the pm of armenia')).toBe('who is the prime minister of armenia');
    expect(expandChatSpellings("hw much r the boats worth, u know?")).toBe('how much are the boats worth, you know?');
    expect(expandChatSpellings("who'd he meet in the U.S.")).toBe('who did he meet in the U.S.');
  });

  it('mends a typo only in a word neither the articles nor the model know', () => {
    const corpus = new Set(['azerbaijan', 'pashinyan', 'nuclear', 'weather']);
    const unknown = new Set(['azerbajan', 'pashinian', 'nucelar']);
    expect(mendTypos('Azerbajan and pashinian on the nucelar deal', corpus, unknown)).toBe('Azerbaijan and pashinyan on the nuclear deal');
    // "whether" is a word the model knows: not a typo of "weather"
    expect(mendTypos('whether', corpus, new Set())).toBe('whether');
  });

  it('tells small talk and other languages from questions', () => {
    expect(detectIntent('hi!')).toEqual({ kind: 'small-talk', talk: 'greeting' });
    expect(detectIntent('thx a lot')).toEqual({ kind: 'small-talk', talk: 'thanks' });
    expect(detectIntent('who r u')).toEqual({ kind: 'small-talk', talk: 'identity' });
    expect(detectIntent('Что подписал Вэнс в Баку?')).toEqual({ kind: 'language', language: 'ru' });
    expect(detectIntent('Վենսը ում հետ հանդիպեց Երևանում')).toEqual({ kind: 'language', language: 'hy' });
    expect(detectIntent('Vens Bakıda nə imzaladı?')).toEqual({ kind: 'language', language: 'az' });
    expect(detectIntent('hi, who did vance meet in yerevan')).toEqual({ kind: 'question' });
    expect(detectIntent('Who did Vance meet in Baku, Azərbaycan?')).toEqual({ kind: 'language', language: 'az' });
  });
});

describe('the fitted ranking', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.open(engineOptions());
  });

  it('meets a question in other words through word vectors, without a list of synonyms', async () => {
    // the article says "defense equipment, including body armor and boats"; the question says "weapons" and "sell"
    const a = await engine.ask('which weapons will the us sell to azerbaijan');
    expect(a.extracts[0].quote).toMatch(/body armou?r and boats/);
    // "jail" meets "imprisoned"/"jail terms", "ships" meets "boats"
    const b = await engine.ask('what ships is america sending to baku');
    expect(b.extracts[0].quote).toMatch(/boats/);
  });

  it('answers chat spellings and typos like the question written out', async () => {
    const typed = await engine.ask('hw much is the nucelar deal w armenia worth');
    expect(typed.understood).toBe('how much is the nuclear deal with armenia worth');
    expect(typed.extracts[0].quote).toContain('$5 billion');
    const who = await engine.ask('whos the pm vance talked to in yerevan');
    expect(who.extracts[0].quote).toContain('Pashinyan');
  });

  it('replies to small talk briefly, never with a quote or "couldn\'t find"', async () => {
    for (const [text, expected] of [
      ['hi', /Hello!/],
      ['thanks!', /welcome/],
      ['who are you?', /bot that answers questions/],
    ] as const) {
      const a = await engine.ask(text);
      expect(a.type).toBe('small-talk');
      expect(a.extracts).toEqual([]);
      expect(replyHtml(a, engine.numbers)).toMatch(expected);
      expect(replyHtml(a, engine.numbers)).not.toMatch(/couldn't find/);
    }
  });

  it('answers a question in Russian, Armenian or Azerbaijani in that language, with English examples', async () => {
    for (const [text, expected] of [
      ['Что подписал Вэнс в Баку?', /Я отвечаю на вопросы на английском/],
      ['Ո՞ւմ հետ հանդիպեց Վենսը Երևանում', /Ես պատասխանում եմ անգլերեն/],
      ['Vens Bakıda nə imzaladı?', /ingilis dilində/],
      ['ヴァンスはバクーで何に署名しましたか', /I answer questions in English/],
    ] as const) {
      const a = await engine.ask(text);
      expect(a.type).toBe('other-language');
      expect(replyHtml(a, engine.numbers)).toMatch(expected);
      expect(replyHtml(a, engine.numbers)).toContain('What did Vance sign in Baku?');
      expect(replyHtml(a, engine.numbers)).not.toMatch(/no article mentions|couldn't find/);
    }
  });

  it('does not abstain because of one surface feature: a name or a number no article uses in an answerable question', async () => {
    for (const q of ['What did Vance sign in Baku? (asking for my Armenian friend Ani)']) {
      const a = await engine.ask(q);
      expect(a.abstained, q).toBe(false);
      expect(a.extracts[0].quote).toContain('strategic partnership agreement');
    }
  });

  it('scores with the committed fitted weights, and decides with the committed fit', async () => {
    const fitted = loadFittedModel();
    expect(engine.ranking).toEqual(fitted);
    const r = (await engine.retrieve('What is Section 907?'))!;
    for (const x of r.ranked.slice(0, 5)) expect(x.score).toBeCloseTo(linear(fitted.ranker, x.features), 9);
    for (const [a, b] of r.ranked.slice(0, 20).map((x, i) => [x, r.ranked[i + 1]])) if (b) expect(a.score).toBeGreaterThanOrEqual(b.score);
    const decision = engine.judge(r);
    expect(decision.confidence).toBeCloseTo(sigmoid(rankingLogit(r.signals, fitted.decision)), 12);
    expect(decision.answer).toBe(decision.confidence >= fitted.decision.threshold);
    // other weights give another ranking: the file is what decides
    const inverted = { ...fitted, ranker: Object.fromEntries(FEATURES.map((f) => [f, -fitted.ranker[f]])) as typeof fitted.ranker };
    const other = (await engine.retrieve('What is Section 907?', inverted))!;
    expect(other.ranked[0].sentence.id).not.toBe(r.ranked[0].sentence.id);
  });

  it('refuses a fitted-model file that does not match the features', () => {
    const file = join(tempDir(), 'model.json');
    const broken = JSON.parse(readFileSync(FITTED_MODEL_FILE, 'utf8'));
    delete broken.ranker.soft;
    writeFileSync(file, JSON.stringify(broken));
    expect(() => loadFittedModel(file)).toThrow(FittedModelError);
    expect(() => loadFittedModel(file)).toThrow(/missing: soft.*npm run fit/);
  });

  it('on a corpus of over 1,000 candidates, gives word-level matching to 1,000 and keeps what the whole ranking puts first', async () => {
    // The seeds' search space 32 times over (wire copies of every article): each question then has well over
    // PREFILTER candidates. The whole ranking is the same space seen through one copy, with the same normalisation.
    const space = (engine as unknown as { space: SearchSpace }).space;
    const copies = 32;
    const n = space.sentences.length;
    const tiled = <T>(f: (i: number, copy: number) => T) => Array.from({ length: copies * n }, (_, i) => f(i % n, Math.floor(i / n)));
    const shift = (a: Int32Array) => Int32Array.from(tiled((i, c) => (a[i] < 0 ? -1 : a[i] + c * n)));
    const read = new Set<number>();
    const sentenceWords = tiled((i) => space.words.sentenceWords[i]);
    const counted = new Proxy(sentenceWords, {
      get: (t, p) => {
        if (typeof p === 'string' && /^\d+$/.test(p)) read.add(Number(p));
        return Reflect.get(t, p);
      },
    });
    const vectors = new Float32Array(copies * space.vectors.length);
    for (let c = 0; c < copies; c++) vectors.set(space.vectors, c * space.vectors.length);
    const lexicon = new Bm25(tiled((i) => terms(space.sentences[i].text)));
    const large: SearchSpace = {
      ...space,
      sentences: tiled((i, c) => ({ ...space.sentences[i], id: `${space.sentences[i].id}#${c}` })),
      vectors,
      lexicon,
      words: Object.assign(Object.create(space.words) as WordSpace, {
        sentenceWords: counted,
        wordSentences: space.words.wordSentences.map((list) => Array.from({ length: copies }, (_, c) => c).flatMap((c) => list.map((i) => i + c * n))),
      }),
      before: shift(space.before),
      after: shift(space.after),
    };
    const oneCopy: SearchSpace = {
      ...large,
      lexicon: Object.assign(Object.create(lexicon) as Bm25, { search: (t: string[]) => new Map([...lexicon.search(t)].filter(([i]) => i < n)) }),
      words: Object.assign(Object.create(space.words) as WordSpace, { sentenceWords }),
    };
    // Every fifth answerable question of the seeds' blind test split, those with over 1,800 candidates.
    let asked = 0;
    for (const { q } of readSplit('test', ROOT).filter((x, i) => !x.abstain && i % 5 === 0)) {
      const { query } = (await engine.retrieve(q))!;
      const candidates = new Set(lexicon.search(query.words.map((w) => w.term)).keys());
      query.words.forEach((w) => w.credit.forEach((c, id) => c > 0 && large.words.wordSentences[id].forEach((i) => candidates.add(i))));
      if (candidates.size <= 1_800) continue;
      asked++;
      read.clear();
      const ranked = rankSentences(large, query, engine.ranking);
      // word-level matching for PREFILTER (1,000) candidates, and the neighbours of the FULL_CANDIDATES (300) scored in full
      expect(read.size, q).toBeLessThanOrEqual(1_000 + 2 * 300);
      expect(ranked[0].sentence.text, q).toBe(rankSentences(oneCopy, query, engine.ranking)[0].sentence.text);
    }
    expect(asked).toBeGreaterThanOrEqual(20); // 21 of 31
  });

  it('keeps the blind test split above its regression floors, and ahead of plain BM25, answering and abstaining', async () => {
    const questions = readSplit('test', ROOT);
    let hit1 = 0;
    let hit3 = 0;
    let falseAbstain = 0;
    const answerable = questions.filter((q) => !q.abstain);
    for (const q of answerable) {
      const a = await engine.ask(q.q);
      if (a.abstained) falseAbstain++;
      const has = (i: number) => a.extracts[i] !== undefined && holdsExpected(a.extracts[i].quote, q);
      if (has(0)) hit1++;
      if (has(0) || has(1) || has(2)) hit3++;
    }
    // measured 72.0% / 87.4% / false-abstain 6.3% / abstain 15.3%, fitted on other articles (plain dense 79.0% / 92.3%;
    // BM25 46.2% / 65.7% / 3.5% / 13.9%); the floors sit a few points below
    expect(hit1 / answerable.length).toBeGreaterThanOrEqual(0.68);
    expect(hit3 / answerable.length).toBeGreaterThanOrEqual(0.84);
    expect(falseAbstain / answerable.length).toBeLessThanOrEqual(0.09);
    let abstained = 0;
    const unanswerable = questions.filter((q) => q.abstain);
    for (const q of unanswerable) if ((await engine.ask(q.q)).abstained) abstained++;
    expect(abstained / unanswerable.length).toBeGreaterThanOrEqual(0.1);
  });
});
