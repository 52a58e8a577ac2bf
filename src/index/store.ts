import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// The package entry also loads its web fetchers and OpenAI client (~450 ms); the index class alone is enough.
import { LocalIndex } from 'vectra/lib/LocalIndex.js';
import type { Article, Passage, Sentence } from '../types.js';
import type { Embedder } from '../embeddings/embedder.js';

/** Bump when cleaning, splitting or what is stored changes, so older indexes are rebuilt. */
export const PIPELINE_VERSION = 1;
const MANIFEST = 'manifest.json';

export interface Manifest {
  pipeline: number;
  model: { id: string; dims: number };
  corpusHash: string;
  /** Folder under embeddings/ holding this build's Vectra indexes. */
  dir: string;
  builtAt: string;
  counts: { articles: number; passages: number; sentences: number };
}

type ItemMeta = { kind: 'passage' | 'sentence'; articleId: string; start: number; end: number };

export interface OpenedIndex {
  manifest: Manifest;
  /** Vectors by passage or sentence id, read once from Vectra and scored in memory on every question. */
  vectors: Map<string, Float32Array>;
}

export class IndexCorruptError extends Error {}

/**
 * A hash of everything an index depends on: the articles' files and text, how they were cut into passages and
 * sentences (a change of the cleaning or splitting rules moves ids and offsets), and the pipeline version.
 */
export function corpusHash(input: BuildInput): string {
  const h = createHash('sha256').update(`pipeline:${PIPELINE_VERSION}\n`);
  for (const a of input.articles) h.update(`${a.file}\n${a.title}\n${a.date}\n${a.text}\n\0`);
  for (const u of [...input.passages, ...input.sentences]) h.update(`${u.id}:${u.start}-${u.end}\n`);
  return h.digest('hex');
}

export function readManifest(root: string): Manifest | null {
  const path = join(root, MANIFEST);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** Why the index under `root` cannot serve this corpus and model, or null when it can. */
export function staleReason(root: string, hash: string, embedder: Pick<Embedder, 'id' | 'dims'>): string | null {
  const m = readManifest(root);
  if (!m) return 'no index yet';
  if (m.pipeline !== PIPELINE_VERSION) return 'built by an older pipeline';
  if (m.model.id !== embedder.id || m.model.dims !== embedder.dims)
    return `built with model ${m.model.id} (${m.model.dims}d), now ${embedder.id} (${embedder.dims}d)`;
  if (m.corpusHash !== hash) return 'the articles in seeds/ (or how they are split) changed';
  if (!existsSync(join(root, m.dir))) return 'index files are missing';
  return null;
}

export interface BuildInput {
  articles: Article[];
  passages: Passage[];
  sentences: Sentence[];
}

/**
 * Embeds and writes a new index beside the current one, then switches the manifest with an atomic rename.
 * A build killed half way leaves the previous manifest and its folder untouched.
 */
export async function buildIndex(
  root: string,
  input: BuildInput,
  embedder: Embedder,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<Manifest> {
  mkdirSync(root, { recursive: true });
  const hash = corpusHash(input);
  const dir = `index-${hash.slice(0, 12)}-${Date.now().toString(36)}`;
  const total = input.passages.length + input.sentences.length;
  let done = 0;
  onProgress(0, total);

  const write = async (name: string, kind: ItemMeta['kind'], units: (Passage | Sentence)[]) => {
    const index = new LocalIndex<ItemMeta>(join(root, dir, name));
    await index.createIndex({ version: 1, deleteIfExists: true });
    await index.beginUpdate();
    const STEP = 256;
    for (let i = 0; i < units.length; i += STEP) {
      const chunk = units.slice(i, i + STEP);
      const vectors = await embedder.embed(chunk.map((u) => u.text));
      for (const [j, u] of chunk.entries()) {
        // Ids are unique by construction; upsert skips Vectra's linear duplicate scan (quadratic over a build).
        await index.upsertItem({
          id: u.id,
          vector: Array.from(vectors[j]),
          metadata: { kind, articleId: u.articleId, start: u.start, end: u.end },
        });
      }
      done += chunk.length;
      onProgress(done, total);
    }
    await index.endUpdate();
  };
  await write('passages', 'passage', input.passages);
  await write('sentences', 'sentence', input.sentences);

  const manifest: Manifest = {
    pipeline: PIPELINE_VERSION,
    model: { id: embedder.id, dims: embedder.dims },
    corpusHash: hash,
    dir,
    builtAt: new Date().toISOString(),
    counts: { articles: input.articles.length, passages: input.passages.length, sentences: input.sentences.length },
  };
  const tmp = join(root, `${MANIFEST}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(manifest, null, 2));
  renameSync(tmp, join(root, MANIFEST));
  removeOtherBuilds(root, dir);
  return manifest;
}

function removeOtherBuilds(root: string, keep: string): void {
  for (const name of readdirSync(root)) {
    if ((name.startsWith('index-') && name !== keep) || name.endsWith('.tmp')) {
      rmSync(join(root, name), { recursive: true, force: true });
    }
  }
}

/** Opens the current build; a missing or unreadable index file becomes an IndexCorruptError. */
export async function openIndex(root: string): Promise<OpenedIndex> {
  const manifest = readManifest(root);
  if (!manifest) throw new IndexCorruptError(`no readable ${MANIFEST} in ${root}`);
  try {
    const passages = await new LocalIndex<ItemMeta>(join(root, manifest.dir, 'passages')).listItems();
    const sentences = await new LocalIndex<ItemMeta>(join(root, manifest.dir, 'sentences')).listItems();
    if (passages.length !== manifest.counts.passages || sentences.length !== manifest.counts.sentences) {
      throw new Error('item counts differ from the manifest');
    }
    const vectors = new Map<string, Float32Array>();
    for (const item of [...passages, ...sentences]) {
      if (item.vector.length !== manifest.model.dims) throw new Error(`vector of ${item.id} has the wrong size`);
      vectors.set(item.id, Float32Array.from(item.vector));
    }
    return { manifest, vectors };
  } catch (e) {
    throw new IndexCorruptError(`index in ${join(root, manifest.dir)} is unreadable: ${(e as Error).message}`);
  }
}

/**
 * The index for this corpus and model, opened; built first when it is missing, stale, unreadable or `force`d.
 * `built` says why it was (re)built, or is null when the existing one served.
 */
export async function ensureIndex(
  root: string,
  input: BuildInput,
  embedder: Embedder,
  opts: { force?: boolean; log?: (line: string) => void; progress?: (done: number, total: number) => void } = {},
): Promise<OpenedIndex & { built: string | null }> {
  const log = opts.log ?? (() => {});
  const build = (why: string) => {
    log(`building the index in ${root} (${why})`);
    return buildIndex(root, input, embedder, opts.progress);
  };
  let built = opts.force ? 'asked to' : staleReason(root, corpusHash(input), embedder);
  if (built) await build(built);
  try {
    const index = await openIndex(root);
    const missing = [...input.passages, ...input.sentences].find((u) => !index.vectors.has(u.id));
    if (missing) throw new IndexCorruptError(`index in ${join(root, index.manifest.dir)} has no vector for ${missing.id}`);
    return { ...index, built };
  } catch (e) {
    if (!(e instanceof IndexCorruptError)) throw e;
    built = `${e.message}; rebuilding it`;
    await build(built);
    return { ...(await openIndex(root)), built };
  }
}
