import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanArticle } from '../src/corpus/clean.js';
import { loadCorpus, toArticle } from '../src/corpus/articles.js';
import { quotationUnits, sentenceSpans, splitArticle, PASSAGE_CHARS } from '../src/corpus/sentences.js';
import { SEEDS, tempDir } from './helpers.js';

const blockTexts = (raw: string) => cleanArticle(raw).blocks.map((b) => ({ kind: b.kind, text: raw.slice(b.start, b.end) }));

describe('cleaning', () => {
  const page = [
    'Minister Opens New Bridge Over River',
    'Minister Opens New Bridge',
    '',
    'The minister opened a new bridge on Monday, officials said.',
    'Shiny banner — cooking recipes app for your phone, with illustration',
    'Traffic and Trade',
    'Traffic is expected to double. Trade will follow.',
    '  • Connect the two banks',
    'The minister opened a new bridge on Monday, officials said.',
    'Subscribe to our newsletter',
  ].join('\n');

  it('keeps prose, drops page furniture and repeated lines, and finds the headline', () => {
    const blocks = blockTexts(page);
    const texts = blocks.map((b) => b.text);
    expect(cleanArticle(page).headline).toBe('Minister Opens New Bridge Over River');
    expect(texts).not.toContain('Minister Opens New Bridge'); // the headline printed again
    expect(texts.some((t) => /banner|newsletter/i.test(t))).toBe(false);
    expect(texts.filter((t) => t.startsWith('The minister opened')).length).toBe(1);
    expect(blocks).toContainEqual({ kind: 'heading', text: 'Traffic and Trade' });
    expect(blocks).toContainEqual({ kind: 'bullet', text: 'Connect the two banks' });
  });

  it('reads a dateline and keeps it out of the text', () => {
    const raw = ' date 2026-01-24 US President Donald Trump has announced a visit in February.';
    const { date, blocks } = cleanArticle(raw);
    expect(date).toBe('2026-01-24');
    expect(raw.slice(blocks[0].start, blocks[0].end)).toBe('US President Donald Trump has announced a visit in February.');
  });

  it('never invents a date: an impossible one is ignored', () => {
    expect(cleanArticle('date 2026-02-31 Something happened in the capital on that day.').date).toBeNull();
  });

  it('labels an article without a headline honestly from its lead', () => {
    const a = toArticle('x.txt', 'U.S. Vice President J.D. Vance will visit Armenia and Azerbaijan in February to build peace.')!;
    expect(a.titleIsLabel).toBe(true);
    expect(a.title).toBe('“U.S. Vice President J.D. Vance will visit Armenia…”');
    expect(a.date).toBeNull();
    expect(a.publisher).toBeNull();
  });

  it('loads the five seeds with no ad line quotable', async () => {
    const { articles, warnings } = await loadCorpus(SEEDS);
    expect(warnings).toEqual([]);
    expect(articles.map((a) => a.id)).toHaveLength(5);
    const quotable = articles.flatMap((a) => a.blocks.filter((b) => b.kind !== 'heading').map((b) => a.text.slice(b.start, b.end)));
    expect(quotable.some((t) => /Pickt|shopping list/i.test(t))).toBe(false);
    const dated = Object.fromEntries(articles.map((a) => [a.id.slice(0, 3), a.date]));
    expect(dated).toEqual({ '000': null, '001': '2026-01-24', '002': null, '003': '2026-02-10', '004': null });
  });

  it('lets seeds/sources.json override title, publisher, url and date, and skips bad files by name', async () => {
    const dir = tempDir();
    copyFileSync(join(SEEDS, '002_b1c6c6d890a286ae.txt'), join(dir, '002_b1c6c6d890a286ae.txt'));
    writeFileSync(
      join(dir, 'sources.json'),
      JSON.stringify({ '002_b1c6c6d890a286ae.txt': { title: 'Deal spree', publisher: 'Example News', url: 'https://example.com/a', date: '2026-02-11' } }),
    );
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    writeFileSync(join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x61]));
    writeFileSync(join(dir, 'menu.txt'), 'Home\nNews\nContact');
    mkdirSync(join(dir, 'sub'));
    const { articles, warnings } = await loadCorpus(dir);
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({ title: 'Deal spree', publisher: 'Example News', url: 'https://example.com/a', date: '2026-02-11' });
    expect(warnings.sort()).toEqual([
      'skipped binary.txt: binary file',
      'skipped empty.txt: empty file',
      'skipped latin1.txt: not UTF-8 text',
      'skipped menu.txt: no prose paragraph found (not an article?)',
    ]);
  });
});

describe('sentences and passages', () => {
  it('does not break after abbreviations such as U.S. or Aug.', () => {
    const text = 'U.S. Vice President J.D. Vance will visit. Talks were held on Aug. 8, 2025, under U.S. auspices. Done!';
    expect(sentenceSpans(text).map((s) => text.slice(s.start, s.end))).toEqual([
      'U.S. Vice President J.D. Vance will visit.',
      'Talks were held on Aug. 8, 2025, under U.S. auspices.',
      'Done!',
    ]);
  });

  it('keeps a quotation whole with its attribution as the unit its sentences are quoted in', () => {
    const text =
      '“We came in peace. We leave as partners,” Vance said. “Why now?” said Anna Smith, a critic. She left. ' +
      '"It is done. Fully," he said. A stray “mark here. And more. Then more. Still more. The end.';
    const spans = sentenceSpans(text);
    const units = quotationUnits(text, spans).map((u) => text.slice(u.start, u.end));
    expect(units).toEqual([
      '“We came in peace. We leave as partners,” Vance said.',
      '“We came in peace. We leave as partners,” Vance said.',
      '“Why now?” said Anna Smith, a critic.',
      '“Why now?” said Anna Smith, a critic.',
      'She left.',
      '"It is done. Fully," he said.',
      '"It is done. Fully," he said.',
      // a quotation mark that never closes within reach is a stray: the sentences stay apart
      'A stray “mark here.',
      'And more.',
      'Then more.',
      'Still more.',
      'The end.',
    ]);
    expect(units).toHaveLength(spans.length);
  });

  it('no quote of an article sentence starts inside quoted speech or with an attribution', async () => {
    for (const article of (await loadCorpus(SEEDS)).articles) {
      for (const s of splitArticle(article).sentences) {
        const quoted = article.text.slice(s.unit.start, s.unit.end);
        expect(quoted).toContain(s.text);
        expect(quoted).not.toMatch(/^[\s"“”]*\p{Ll}/u);
        expect((quoted.match(/“/g) ?? []).length).toBeLessThanOrEqual((quoted.match(/”/g) ?? []).length);
      }
    }
  });

  it('gives offsets that slice the raw article back to each sentence and passage, within a paragraph', async () => {
    for (const article of (await loadCorpus(SEEDS)).articles) {
      const { sentences, passages } = splitArticle(article);
      for (const s of sentences) expect(article.text.slice(s.start, s.end)).toBe(s.text);
      for (const p of passages) {
        expect(article.text.slice(p.start, p.end)).toBe(p.text);
        expect(p.text).not.toContain('\n');
        expect(p.text.length <= PASSAGE_CHARS || p.sentenceIds.length === 1).toBe(true);
        // a passage starts and ends on sentence boundaries
        expect(sentences.find((s) => s.id === p.sentenceIds[0])!.start).toBe(p.start);
      }
    }
  });
});
