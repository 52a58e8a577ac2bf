import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, extname, basename } from 'node:path';
import { z } from 'zod';
import type { Article } from '../types.js';
import { writeFileAtomically } from '../atomic.js';
import { SourcesFileError } from '../errors.js';
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
      /** When `npm run add` or /add added it (UTC, ISO 8601): added articles are numbered in this order. */
      added: z.string().datetime().optional(),
    })
    .strict(),
);

export type SourceMeta = z.infer<typeof SourcesFile>[string];
export const SOURCES_FILE = 'sources.json';

/** The article files seeds/ may hold: plain text as it is, Markdown and HTML pages read into plain text. */
export const ARTICLE_EXTENSIONS = ['.txt', '.md', '.html'];

export interface Corpus {
  articles: Article[];
  /** One line per seed file that was skipped, naming the file and why. */
  warnings: string[];
}

/** File names in code-unit order, as `sort()` gives them: the order seeds/ is read in, and the index hashed in. */
const compareNames = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const byFile = (a: Pick<Article, 'file'>, b: Pick<Article, 'file'>) => compareNames(a.file, b.file);

const MIN_PROSE_WORDS = 8;
const LABEL_WORDS = 8;

/**
 * Reads every article file of seeds/ (`.txt`, `.md`, `.html`); files that are empty, binary, not UTF-8 or hold no
 * prose are skipped with a warning. The Markdown and HTML readers load only when such a file is there.
 */
export async function loadCorpus(seedsDir: string): Promise<Corpus> {
  const warnings: string[] = [];
  const meta = readSources(seedsDir, warnings);
  const files = readdirSync(seedsDir)
    .filter((f) => ARTICLE_EXTENSIONS.includes(extname(f).toLowerCase()))
    .sort(compareNames);
  const articles: Article[] = [];
  for (const file of files) {
    if (!statSync(join(seedsDir, file)).isFile()) {
      warnings.push(`skipped ${file}: not a regular file`);
      continue;
    }
    const { text, problem } = textOf(readFileSync(join(seedsDir, file)));
    if (text === null) {
      warnings.push(`skipped ${file}: ${problem}`);
      continue;
    }
    const read = await readArticleFile(file, text);
    const article = toArticle(file, read.text, { ...read.meta, ...meta[file] });
    if (!article) {
      warnings.push(`skipped ${file}: no prose paragraph found (not an article?)`);
      continue;
    }
    articles.push(article);
  }
  return { articles, warnings };
}

/** The text of an article file as quotes will be cut from it, and what an HTML page states about itself. */
export async function readArticleFile(file: string, raw: string, pageUrl: string | null = null): Promise<{ text: string; meta: SourceMeta }> {
  switch (extname(file).toLowerCase()) {
    case '.html': {
      const { text, ...stated } = (await import('./html.js')).readHtmlPage(raw, pageUrl);
      return { text, meta: Object.fromEntries(Object.entries(stated).filter(([, v]) => v !== null)) };
    }
    case '.md':
      return { text: (await import('./markdown.js')).readMarkdown(raw), meta: {} };
    default:
      return { text: raw, meta: {} };
  }
}

export function toArticle(file: string, text: string, meta: SourceMeta = {}): Article | null {
  const { blocks, headline, date } = cleanArticle(text);
  const prose = blocks.filter(
    (b) => b.kind !== 'heading' && text.slice(b.start, b.end).split(/\s+/).length >= MIN_PROSE_WORDS,
  );
  if (!prose.length) return null;
  const lead = text.slice(prose[0].start, prose[0].end).split(/\s+/);
  const label = `“${lead.slice(0, LABEL_WORDS).join(' ')}${lead.length > LABEL_WORDS ? '…' : ''}”`;
  return {
    id: basename(file, extname(file)),
    file,
    title: meta.title ?? headline ?? label,
    titleIsLabel: !meta.title && !headline,
    date: meta.date ?? date,
    publisher: meta.publisher ?? null,
    url: meta.url ?? null,
    added: meta.added ?? null,
    text,
    blocks,
  };
}

/** An article file's text, or why it holds none: empty, binary or not UTF-8. */
export function textOf(bytes: Buffer): { text: string; problem: null } | { text: null; problem: string } {
  if (bytes.length === 0) return { text: null, problem: 'empty file' };
  if (bytes.includes(0)) return { text: null, problem: 'binary file' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''), problem: null };
  } catch {
    return { text: null, problem: 'not UTF-8 text' };
  }
}

/** seeds/sources.json's text checked against its schema; an error saying what is wrong otherwise. */
function parseSources(raw: string, path: string): Record<string, SourceMeta> {
  try {
    return SourcesFile.parse(JSON.parse(raw));
  } catch (e) {
    throw new SourcesFileError(`seeds/sources.json: ${e instanceof z.ZodError ? e.issues[0]?.message : (e as Error).message}`, path);
  }
}

export function readSources(seedsDir: string, warnings: string[] = []): Record<string, SourceMeta> {
  const path = join(seedsDir, SOURCES_FILE);
  if (!existsSync(path)) return {};
  try {
    return parseSources(readFileSync(path, 'utf8'), path);
  } catch (e) {
    warnings.push(`ignored ${(e as Error).message}`);
    return {};
  }
}

/**
 * seeds/sources.json as it stands, for a change to it: what it holds and its exact text (null when there is none),
 * or an error saying why it cannot be read (rewriting a file that could not be read would drop what it holds).
 */
export function readSourcesForChange(seedsDir: string): { sources: Record<string, SourceMeta>; raw: string | null } {
  const path = join(seedsDir, SOURCES_FILE);
  if (!existsSync(path)) return { sources: {}, raw: null };
  const raw = readFileSync(path, 'utf8');
  return { sources: parseSources(raw, path), raw };
}

/** Writes seeds/sources.json whole: to a temporary file, renamed into place. */
export function writeSources(seedsDir: string, sources: Record<string, SourceMeta>): void {
  writeFileAtomically(join(seedsDir, SOURCES_FILE), `${JSON.stringify(SourcesFile.parse(sources), null, 2)}\n`);
}
