import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, extname, basename } from 'node:path';
import { z } from 'zod';
import type { Article } from '../types.js';
import { cleanArticle } from './clean.js';

/** Optional per-file metadata a deployer may add; where present it wins over what the text says. */
const SourcesFile = z.record(
  z.string(),
  z
    .object({
      title: z.string().min(1).optional(),
      publisher: z.string().min(1).optional(),
      url: z.string().url().optional(),
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
    })
    .strict(),
);

export interface Corpus {
  articles: Article[];
  /** One line per seed file that was skipped, naming the file and why. */
  warnings: string[];
}

const MIN_PROSE_WORDS = 8;
const LABEL_WORDS = 8;

/** Reads every `.txt` seed; files that are empty, binary, not UTF-8 or hold no prose are skipped with a warning. */
export function loadCorpus(seedsDir: string): Corpus {
  const warnings: string[] = [];
  const meta = readSources(seedsDir, warnings);
  const files = readdirSync(seedsDir)
    .filter((f) => extname(f).toLowerCase() === '.txt')
    .sort();
  const articles: Article[] = [];
  for (const file of files) {
    if (!statSync(join(seedsDir, file)).isFile()) {
      warnings.push(`skipped ${file}: not a regular file`);
      continue;
    }
    const bytes = readFileSync(join(seedsDir, file));
    const text = decode(bytes);
    const problem =
      bytes.length === 0 ? 'empty file' : bytes.includes(0) ? 'binary file' : text === null ? 'not UTF-8 text' : null;
    if (problem || text === null) {
      warnings.push(`skipped ${file}: ${problem}`);
      continue;
    }
    const article = toArticle(file, text, meta[file] ?? {});
    if (!article) {
      warnings.push(`skipped ${file}: no prose paragraph found (not an article?)`);
      continue;
    }
    articles.push(article);
  }
  return { articles, warnings };
}

export function toArticle(file: string, text: string, meta: z.infer<typeof SourcesFile>[string] = {}): Article | null {
  const { blocks, headline, date } = cleanArticle(text);
  const prose = blocks.filter(
    (b) => b.kind !== 'heading' && text.slice(b.start, b.end).split(/\s+/).length >= MIN_PROSE_WORDS,
  );
  if (!prose.length) return null;
  const lead = text.slice(prose[0].start, prose[0].end).split(/\s+/);
  const label = `“${lead.slice(0, LABEL_WORDS).join(' ')}${lead.length > LABEL_WORDS ? '…' : ''}” (untitled)`;
  return {
    id: basename(file, extname(file)),
    file,
    title: meta.title ?? headline ?? label,
    titleIsLabel: !meta.title && !headline,
    date: meta.date ?? date,
    publisher: meta.publisher ?? null,
    url: meta.url ?? null,
    text,
    blocks,
  };
}

function decode(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

function readSources(seedsDir: string, warnings: string[]): z.infer<typeof SourcesFile> {
  const path = join(seedsDir, 'sources.json');
  if (!existsSync(path)) return {};
  try {
    return SourcesFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (e) {
    warnings.push(`ignored seeds/sources.json: ${e instanceof z.ZodError ? e.issues[0]?.message : (e as Error).message}`);
    return {};
  }
}
