import { beforeAll, describe, expect, it } from 'vitest';
import { replyHtml } from '../src/telegram/render.js';
import type { Engine } from '../src/engine/engine.js';
import { parseTelegramHtml } from '../src/mock/html.js';
import { openEngine } from './helpers.js';
import { emphasis } from '../src/answer/emphasis.js';
import { analyseQuestion } from '../src/retrieval/question.js';

let engine: Engine;
beforeAll(async () => {
  engine = await openEngine();
});

/** The bold parts of the first extract, and whether the text a reader sees is still the quote, verbatim. */
async function firstBold(question: string): Promise<string[]> {
  const a = await engine.ask(question);
  const e = a.extracts[0];
  const quoteHtml = /<blockquote>([\s\S]*?)<\/blockquote>/.exec(replyHtml(a, engine.numbers))![1];
  const seen = parseTelegramHtml(quoteHtml);
  expect(seen.ok && seen.text).toBe(e.quote);
  expect(parseTelegramHtml(replyHtml(a, engine.numbers)).ok).toBe(true);
  return [...quoteHtml.matchAll(/<b>(.*?)<\/b>/g)].map((m) => m[1]);
}

describe('the answer in bold, inside a verbatim quote', () => {
  it.each([
    ['an amount for "how much"', 'How much are the initial US nuclear exports to Armenia worth?', /^\$5 billion$/],
    ['a time for "when"', 'When did Azerbaijan take control of Karabakh?', /^(?:September )?2023$/],
    ['a name for "who"', 'Who did Vance meet in Yerevan?', /Nikol Pashinyan/],
    ['a group for "who"', 'who wrote an open letter to vance', /groups/],
    ['the expansion of an acronym', 'What does TRIPP stand for?', /^Trump Route for International Peace and Prosperity$/],
  ])('%s', async (_, question, expected) => {
    const bold = await firstBold(question);
    expect(bold.some((b) => expected.test(b)), bold.join(' | ')).toBe(true);
  });

  it('a place for "where", never a place the question already names', async () => {
    const bold = await firstBold('Where is the TRIPP corridor?');
    expect(bold.length).toBeGreaterThan(0);
    expect(bold).not.toContain('TRIPP');
  });

  it('otherwise the words the quote shares with the question', async () => {
    const bold = await firstBold('What did Vance sign in Baku?');
    expect(bold).toContain('Vance');
    // every bold word is a form of a question word ("signed", "signing" for "sign")
    for (const b of bold) expect(b, bold.join(' | ')).toMatch(/^(?:Vance|Baku|sign\w*)$/);
  });

  it('escapes what it bolds', async () => {
    const a = await engine.ask('What did Vance say about Armenian separatist leaders?');
    expect(replyHtml(a, engine.numbers)).not.toMatch(/<b>[^<]*"[^<]*<\/b>/);
    expect(parseTelegramHtml(replyHtml(a, engine.numbers)).ok).toBe(true);
  });
});

describe('the bold part of a quote, without the engine', () => {
  it('bolds an expansion whose words are joined by a hyphen (its initials counted per part), and never throws', () => {
    const quote = 'TANCA stands for the Trans-Alvenian Nuclear Cooperation Accord. It is a treaty.';
    const [span] = emphasis(analyseQuestion('what does TANCA stand for?'), quote);
    expect(quote.slice(span.start, span.end)).toBe('Trans-Alvenian Nuclear Cooperation Accord');
    expect(() => emphasis(analyseQuestion('what is AB?'), 'The Anglo-Bavarian-Celtic Board met.')).not.toThrow();
  });
});
