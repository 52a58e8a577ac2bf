/** The blind question splits (test/fixtures/questions/) and the shared scorer's test of a right quote. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Labelled {
  id: string;
  q: string;
  expect?: string[];
  abstain?: boolean;
}

export type Split = 'train' | 'validation' | 'test';

export function readSplit(split: Split, root = process.cwd()): Labelled[] {
  return readFileSync(join(root, 'test', 'fixtures', 'questions', `${split}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled);
}

// As ../shared/eval/score.mjs normalises: typographic quotes and dashes, white space, case.
const norm = (s: string) =>
  s.normalize('NFKC').replace(/[\u2018\u2019\u02BC]/g, "'").replace(/[\u201C\u201D]/g, '"').replace(/[\u2013\u2014]/g, '-').replace(/\s+/g, ' ').trim().toLowerCase();

/** Whether a quote answers a labelled question: it holds one of the expected phrases. */
export function holdsExpected(quote: string, q: Labelled): boolean {
  return !q.abstain && (q.expect ?? []).some((p) => norm(quote).includes(norm(p)));
}
