/**
 * The question sets: the blind splits about the seeds (test/fixtures/questions/) and the written articles on other
 * subjects the learned parts are fitted on (../shared/eval/invented/ and test/fixtures/written/), and the shared
 * scorer's test of a right quote.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Labelled {
  id: string;
  q: string;
  expect?: string[];
  abstain?: boolean;
  /** The articles (file-name prefixes) that answer it, as the shared scorer reads them. */
  sources?: string[];
}

export type Split = 'train' | 'validation' | 'test';

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

export function readSplit(split: Split, root = process.cwd()): Labelled[] {
  return lines(join(root, 'test', 'fixtures', 'questions', `${split}.jsonl`)) as Labelled[];
}

/**
 * The written articles' writers in each split: every fitted number is fitted on train, chosen on validation and
 * reported on test, so each is judged on articles (and a writer) it never saw. Writers, not questions, are split:
 * one person's articles and habits stay in one split.
 */
export const WRITERS: Record<Split, string[]> = {
  train: ['wA', 'wB', 'wD', 'wG', 'wH'],
  validation: ['wC', 'wE', 'wI'],
  test: ['wF', 'wJ'],
};

/** The shared written set (writers wA-wC), in `../shared` beside the project. */
export const sharedWritten = (root = process.cwd()) => join(root, '..', 'shared', 'eval', 'invented');

/**
 * Where the written articles and their questions live: the shared set, when `../shared` sits beside the project
 * (the test writers' articles are the project's own, so the tests need only these), then the project's own.
 */
export function writtenFolders(root = process.cwd()): string[] {
  return [sharedWritten(root), join(root, 'test', 'fixtures', 'written')].filter((f) => existsSync(join(f, 'questions.jsonl')));
}

interface WrittenQuestion {
  article: string;
  q: string;
  expect?: string[];
  abstain?: boolean;
}

/** A split's questions about the written articles, in the shared scorer's format (ids name the article). */
export function readWritten(split: Split, root = process.cwd()): Labelled[] {
  const out: Labelled[] = [];
  for (const folder of writtenFolders(root)) {
    (lines(join(folder, 'questions.jsonl')) as WrittenQuestion[]).forEach((w, i) => {
      if (!WRITERS[split].includes(w.article.slice(0, 2))) return;
      const id = `${w.article}-${i}`;
      out.push(w.abstain ? { id, q: w.q, abstain: true } : { id, q: w.q, expect: w.expect, sources: [w.article] });
    });
  }
  return out;
}

/** Copies the written articles of the given writers (`WRITERS.test`, say) into `dir` (a seeds folder for an engine). */
export function copyWritten(writers: string[], dir: string, root = process.cwd()): void {
  mkdirSync(dir, { recursive: true });
  for (const folder of writtenFolders(root)) {
    const articles = join(folder, 'articles');
    for (const f of readdirSync(articles)) if (writers.includes(f.slice(0, 2))) copyFileSync(join(articles, f), join(dir, f));
  }
}

// As ../shared/eval/score.mjs normalises: typographic quotes and dashes, white space, case.
const norm = (s: string) =>
  s.normalize('NFKC').replace(/[\u2018\u2019\u02BC]/g, "'").replace(/[\u201C\u201D]/g, '"').replace(/[\u2013\u2014]/g, '-').replace(/\s+/g, ' ').trim().toLowerCase();

/** Whether a quote answers a labelled question: it holds one of the expected phrases. */
export function holdsExpected(quote: string, q: Labelled): boolean {
  return !q.abstain && (q.expect ?? []).some((p) => norm(quote).includes(norm(p)));
}
