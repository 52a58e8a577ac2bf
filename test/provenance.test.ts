import { describe, expect, it } from 'vitest';
import { articleFacts, dateText, paragraphCount, paragraphPlace, publisherOf } from '../src/answer/provenance.js';
import { toArticle } from '../src/corpus/articles.js';
import { whereFromHtml } from '../src/telegram/render.js';
import { sourceHtml } from '../src/telegram/features/sources.js';
import { htmlToTerminal } from '../src/text/terminal.js';
import type { Article, Extract } from '../src/types.js';

// A headline, a section heading, two list items and three paragraphs, one of which is long enough to be split in
// several passages: headings are not paragraphs, list items are.
const LONG = `${'The talks went on late into the night and covered the corridor, the border and the detainees. '.repeat(12).trim()}`;
const TEXT = [
  'Border posts to open on the TRIPP route by June',
  'The first posts on the route will open by June, officials in Yerevan said on Friday, after talks with US envoys.',
  'What was agreed',
  '- Fourteen customs officers will staff each post from the first day of operation.',
  '- Goods will be cleared at the border under the rules both governments signed in August.',
  LONG,
  'The ministry said the schedule could still slip if the financing for the roads is delayed again.',
].join('\n');

function article(meta: Parameters<typeof toArticle>[2] = {}): Article {
  return toArticle('web_0123456789abcdef.txt', TEXT, meta)!;
}

const at = (a: Article, words: string) => a.text.indexOf(words);

describe('an article as a reader knows it', () => {
  it('names the publisher its page states, else the site its address names, else nobody', () => {
    expect(publisherOf({ publisher: 'South Caucasus Times', url: 'https://www.sct.example/a' })).toBe('South Caucasus Times');
    expect(publisherOf({ publisher: null, url: 'https://www.reuters.com/world/vance-baku-2026-02-10/' })).toBe('reuters.com');
    expect(publisherOf({ publisher: null, url: 'not a url' })).toBeNull();
    expect(publisherOf({ publisher: null, url: null })).toBeNull();
  });

  it('says a stated date is published, a worked-out one dated from its text, and nothing when neither is known', () => {
    expect(dateText({ date: '2026-02-10' })).toBe('published 10 February 2026');
    // a stated date wins over one worked out
    expect(dateText({ date: '2026-02-10' }, '2026-02-11')).toBe('published 10 February 2026');
    expect(dateText({ date: null }, '2026-01-24')).toBe('dated 24 January 2026 from its text');
    expect(dateText({ date: null })).toBeNull();
  });

  it('counts paragraphs as the article has them: list items in, headings out, a long paragraph once', () => {
    const a = article();
    expect(paragraphCount(a)).toBe('5 paragraphs');
    expect(paragraphPlace(a, at(a, 'The first posts'))).toBe('paragraph 1 of 5');
    expect(paragraphPlace(a, at(a, 'Goods will be cleared'))).toBe('paragraph 3 of 5');
    // a sentence deep in the long paragraph is still in paragraph 4
    expect(paragraphPlace(a, a.text.lastIndexOf('The talks went on'))).toBe('paragraph 4 of 5');
    expect(paragraphPlace(a, at(a, 'What was agreed'))).toBeNull();
    expect(paragraphCount(toArticle('one.txt', 'Only one paragraph of prose here, long enough to count as an article.')!)).toBe('1 paragraph');
  });

  it('sums up an article for /sources in one line: no headline, publisher, date, paragraphs', () => {
    expect(articleFacts(article({ publisher: 'South Caucasus Times', date: '2026-03-06' }))).toBe('South Caucasus Times · published 6 March 2026 · 5 paragraphs');
    expect(articleFacts(article({ url: 'https://www.sct.example/border' }), '2026-03-06')).toBe('sct.example · dated 6 March 2026 from its text · 5 paragraphs');
    expect(articleFacts(article())).toBe('date not stated · 5 paragraphs');
    const unnamed = toArticle('000_x.txt', TEXT.split('\n').slice(1).join('\n'))!;
    expect(unnamed.titleIsLabel).toBe(true);
    expect(articleFacts(unnamed, '2026-01-24')).toBe('no headline · dated 24 January 2026 from its text · 5 paragraphs');
  });

  it('renders a /sources entry with its headline and link, escaped, and nothing internal', () => {
    const a = article({ publisher: 'Times & Post', date: '2026-03-06', url: 'https://sct.example/border?a=1&b=2' });
    const html = sourceHtml(7, a);
    expect(html).toBe(
      '<b>[7] Border posts to open on the TRIPP route by June</b>\nTimes &amp; Post · published 6 March 2026 · 5 paragraphs\n' +
        '<a href="https://sct.example/border?a=1&amp;b=2">https://sct.example/border?a=1&amp;b=2</a>',
    );
    expect(htmlToTerminal(html)).not.toMatch(/passage|inferred|\.txt/);
  });
});

describe('"Where is this from?"', () => {
  const main = article({ publisher: 'South Caucasus Times', date: '2026-03-06', url: 'https://sct.example/border' });
  const other = toArticle('002_other.txt', 'Officials said that fourteen customs officers will staff each post from the first day of its operation.\nA second paragraph.')!;
  const articles = { article: (id: string) => [main, other].find((a) => a.id === id), numbers: new Map([[main.id, 7], [other.id, 3]]) };
  const ref = (a: Article) => ({ id: a.id, file: a.file, title: a.title, date: a.date, url: a.url });
  const quote = 'Fourteen customs officers will staff each post from the first day of operation.';
  const otherQuote = 'Officials said that fourteen customs officers will staff each post from the first day of its operation.';
  const extract: Extract = {
    quote,
    source: ref(main),
    span: { start: at(main, quote), end: at(main, quote) + quote.length },
    alsoIn: [other.id],
    elsewhere: [{ quote: otherQuote, source: ref(other), span: { start: 0, end: otherQuote.length } }],
    score: 1,
  };

  it('names each article, its publisher and date, the paragraph and the link, and quotes the others in their own words', () => {
    const html = whereFromHtml(extract, 2, articles, new Map([[other.id, '2026-03-05']]));
    expect(htmlToTerminal(html)).toBe(
      'Extract 2 comes from [7] Border posts to open on the TRIPP route by June (South Caucasus Times, published 6 March 2026), ' +
        'paragraph 2 of 5 · read it (https://sct.example/border).\n' +
        `Also in [3] “Officials said that fourteen customs officers will staff…” (dated 5 March 2026 from its text), paragraph 1 of 2:\n  │ ${otherQuote}`,
    );
  });

  it('leaves out what is not known rather than guessing', () => {
    const html = whereFromHtml({ ...extract, alsoIn: [], elsewhere: [] }, 1, { ...articles, article: (id) => (id === main.id ? { ...main, publisher: null, url: null, date: null } : undefined) });
    expect(htmlToTerminal(html)).toBe('Extract 1 comes from [7] Border posts to open on the TRIPP route by June, paragraph 2 of 5.');
  });
});
