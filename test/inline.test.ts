import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/engine/engine.js';
import { MockBotApi } from '../src/mock/server.js';
import { isVerbatim, openEngine, seedText } from './helpers.js';
import { startBot, type Harness } from './bot-harness.js';

let engine: Engine;
let h: Harness;
beforeAll(async () => {
  engine = await openEngine();
  h = await startBot(engine, { ratePerMinute: 2 });
});
afterAll(() => h?.stop());

describe('inline mode', () => {
  it('offers the extracts as results: the first with its citation, then the next ones', async () => {
    const id = h.mock.userTypesInline('who did vance meet in yerevan');
    const { results, cache_time } = await h.mock.inlineAnswer(id);
    const a = await engine.ask('who did vance meet in yerevan');
    expect(results.map((r) => r.id)).toEqual(a.extracts.map((_, i) => String(i)));
    expect(results.length).toBeGreaterThan(1);
    const [first] = results;
    expect(first.text).toContain('Pashinyan');
    expect(first.text).toMatch(/^who did vance meet in yerevan\n/);
    expect(first.text).toMatch(/— \[\d\] /);
    const quote = first.text.split('\n').slice(1, -1).join('\n');
    expect(isVerbatim(quote, seedText(a.extracts[0].source.file))).toBe(true);
    expect(first.description).toMatch(/^\[\d\] /);
    expect(cache_time).toBeGreaterThan(0);
  });

  it('offers a button to ask directly when nothing is found or nothing typed, and is not rate-limited like questions', async () => {
    for (const q of ['', 'How many F-35 jets will Azerbaijan buy?', 'What is TRIPP?', 'What is TRIPP', 'What is Section 907?']) {
      const answer = await h.mock.inlineAnswer(h.mock.userTypesInline(q, 4242));
      if (!q || /F-35/.test(q)) {
        expect(answer.results).toEqual([]);
        expect(answer.button?.start_parameter).toBe('inline');
      } else expect(answer.results.length).toBeGreaterThan(0);
    }
    expect(h.mock.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it('the mock refuses what Telegram refuses', async () => {
    const mock = await new MockBotApi().start();
    try {
      const call = (params: object) =>
        fetch(`${mock.apiRoot}/bot${mock.token}/answerInlineQuery`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(params),
        }).then((r) => r.json() as Promise<{ description?: string }>);
      const article = (id: string, text = 'hi') => ({ type: 'article', id, title: 't', input_message_content: { message_text: text, parse_mode: 'HTML' } });
      expect((await call({ inline_query_id: 'nope', results: [] })).description).toMatch(/query ID is invalid/);
      const cases: [object[], RegExp][] = [
        [[article('1'), article('1')], /RESULT_ID_DUPLICATE/],
        [[article('x'.repeat(65))], /RESULT_ID_INVALID/],
        [[article('1', '<b>open')], /can't parse entities/],
        [Array.from({ length: 51 }, (_, i) => article(String(i))), /RESULTS_TOO_MUCH/],
      ];
      for (const [results, why] of cases) {
        const id = mock.userTypesInline('q');
        expect((await call({ inline_query_id: id, results })).description).toMatch(why);
      }
    } finally {
      await mock.stop();
    }
  });
});
