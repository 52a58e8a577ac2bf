import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
// The package entry also loads its web fetchers and OpenAI client (~450 ms); the index class alone is enough.
import { LocalIndex } from 'vectra/lib/LocalIndex.js';
import type { Article, Passage, Sentence } from '../types.js';
import type { Embedder } from '../embeddings/embedder.js';
import { writeFileAtomically } from '../atomic.js';
import { IndexCorruptError } from '../errors.js';

/**
 * Bump when cleaning, splitting or what is stored changes, so older indexes are rebuilt. 2: per-article hashes.
 * 3: sentences only (a passage's vector is the mean of its sentences', see passageVectors).
 */
export const PIPELINE_VERSION = 3;
const MANIFEST = 'manifest.json';

export interface Manifest {
  pipeline: number;
  model: { id: string; dims: number };
  corpusHash: string;
  /** Folder under embeddings/ holding this build's Vectra indexes. */
  dir: string;
  builtAt: string;
  counts: { articles: number; passages: number; sentences: number };
  /** Each article's hash (see articleHashes): an update embeds only the articles whose hash is new. */
  articles: Record<string, string>;
}

type ItemMeta = { kind: 'sentence'; articleId: string; start: number; end: number };
const SENTENCES = 'sentences';

export interface OpenedIndex {
  manifest: Manifest;
  /** Vectors by sentence id, read once from Vectra and scored in memory on every question. */
  vectors: Map<string, Float32Array>;
}

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

/** By article id, a hash of what its vectors depend on: its text and how it was cut into passages and sentences. */
export function articleHashes(input: BuildInput): Record<string, string> {
  const hashes = new Map(input.articles.map((a) => [a.id, createHash('sha256').update(`pipeline:${PIPELINE_VERSION}\n${a.text}\n\0`)]));
  for (const u of [...input.passages, ...input.sentences]) hashes.get(u.articleId)?.update(`${u.id}:${u.start}-${u.end}\n`);
  return Object.fromEntries([...hashes].map(([id, h]) => [id, h.digest('hex')]));
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
  const dir = buildDir(hash);
  const fill = filler(embedder, input.sentences.length, onProgress);
  const index = new LocalIndex<ItemMeta>(join(root, dir, SENTENCES));
  await index.createIndex({ version: 1, deleteIfExists: true });
  await index.beginUpdate();
  await fill(index, input.sentences);
  await index.endUpdate();
  return switchTo(root, manifestOf(input, embedder, hash, dir));
}

/**
 * Brings the index up to date with `input` by embedding only what changed: the previous build is copied to a new
 * folder, the items of articles removed or changed are deleted there, those of new or changed articles embedded
 * and inserted, and the manifest is switched with an atomic rename. Anything failing before the rename (a crash,
 * a failed write, a failing model) leaves the previous manifest and its folder answering.
 */
export async function updateIndex(
  root: string,
  previous: Manifest,
  input: BuildInput,
  embedder: Embedder,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<Manifest & { changed: { added: string[]; removed: string[] } }> {
  const hashes = articleHashes(input);
  const removed = Object.keys(previous.articles).filter((id) => previous.articles[id] !== hashes[id]);
  const added = new Set(Object.keys(hashes).filter((id) => previous.articles[id] !== hashes[id]));
  const hash = corpusHash(input);
  const changed = { added: [...added], removed: removed.filter((id) => !added.has(id)) };
  if (!removed.length && !added.size) {
    // Only a title or date changed: the vectors stand, the manifest records the new corpus.
    return { ...switchTo(root, manifestOf(input, embedder, hash, previous.dir)), changed };
  }
  const dir = buildDir(hash);
  let stale: { id: string }[];
  try {
    cpSync(join(root, previous.dir), join(root, dir), { recursive: true });
    stale = await new LocalIndex<ItemMeta>(join(root, dir, SENTENCES)).listItemsByMetadata({ articleId: { $in: removed } });
  } catch (e) {
    rmSync(join(root, dir), { recursive: true, force: true });
    throw new IndexCorruptError(`index in ${join(root, previous.dir)} is unreadable: ${(e as Error).message}`, join(root, previous.dir));
  }
  const fresh = input.sentences.filter((s) => added.has(s.articleId));
  const index = new LocalIndex<ItemMeta>(join(root, dir, SENTENCES));
  await index.beginUpdate();
  for (const item of stale) await index.deleteItem(item.id);
  await filler(embedder, fresh.length, onProgress)(index, fresh);
  await index.endUpdate();
  return { ...switchTo(root, manifestOf(input, embedder, hash, dir)), changed };
}

const buildDir = (hash: string) => `index-${hash.slice(0, 12)}-${Date.now().toString(36)}`;

function manifestOf(input: BuildInput, embedder: Embedder, corpusHash: string, dir: string): Manifest {
  return {
    pipeline: PIPELINE_VERSION,
    model: { id: embedder.id, dims: embedder.dims },
    corpusHash,
    dir,
    builtAt: new Date().toISOString(),
    counts: { articles: input.articles.length, passages: input.passages.length, sentences: input.sentences.length },
    articles: articleHashes(input),
  };
}

/** Makes `manifest` the current index (an atomic rename), then removes the other builds. */
function switchTo(root: string, manifest: Manifest): Manifest {
  writeFileAtomically(join(root, MANIFEST), JSON.stringify(manifest, null, 2));
  removeOtherBuilds(root, manifest.dir);
  return manifest;
}

/** Embeds units in chunks into an index being updated, reporting progress over `total` units. */
function filler(embedder: Embedder, total: number, onProgress: (done: number, total: number) => void) {
  let done = 0;
  onProgress(0, total);
  return async (index: LocalIndex<ItemMeta>, units: readonly Sentence[]) => {
    const STEP = 256;
    for (let i = 0; i < units.length; i += STEP) {
      const chunk = units.slice(i, i + STEP);
      const vectors = await embedder.embed(chunk.map((u) => u.text));
      for (const [j, u] of chunk.entries()) {
        // Ids are unique by construction; upsert skips Vectra's linear duplicate scan (quadratic over a build).
        await index.upsertItem({
          id: u.id,
          vector: Array.from(vectors[j]),
          metadata: { kind: 'sentence', articleId: u.articleId, start: u.start, end: u.end },
        });
      }
      done += chunk.length;
      onProgress(done, total);
    }
  };
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
  if (!manifest) throw new IndexCorruptError(`no readable ${MANIFEST} in ${root}`, root);
  try {
    const sentences = await new LocalIndex<ItemMeta>(join(root, manifest.dir, SENTENCES)).listItems();
    if (sentences.length !== manifest.counts.sentences) throw new Error('item counts differ from the manifest');
    const vectors = new Map<string, Float32Array>();
    for (const item of sentences) {
      if (item.vector.length !== manifest.model.dims) throw new Error(`vector of ${item.id} has the wrong size`);
      vectors.set(item.id, Float32Array.from(item.vector));
    }
    return { manifest, vectors };
  } catch (e) {
    throw new IndexCorruptError(`index in ${join(root, manifest.dir)} is unreadable: ${(e as Error).message}`, join(root, manifest.dir));
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
  opts: RefreshOptions = {},
): Promise<OpenedIndex & { built: string | null }> {
  const log = opts.log ?? (() => {});
  let built = await refreshIndex(root, input, embedder, opts);
  try {
    const index = await openIndex(root);
    const missing = input.sentences.find((u) => !index.vectors.has(u.id));
    if (missing) throw new IndexCorruptError(`index in ${join(root, index.manifest.dir)} has no vector for ${missing.id}`, join(root, index.manifest.dir));
    return { ...index, built };
  } catch (e) {
    if (!(e instanceof IndexCorruptError)) throw e;
    built = `${e.message}; rebuilding it`;
    log(`building the index in ${root} (${built})`);
    await buildIndex(root, input, embedder, opts.progress);
    return { ...(await openIndex(root)), built };
  }
}

type RefreshOptions = { force?: boolean; log?: (line: string) => void; progress?: (done: number, total: number) => void };

/**
 * Makes the index under `root` serve this corpus and model without opening it: nothing when it does; an update
 * when it serves another corpus with this model (only new or changed articles are embedded); a full build otherwise
 * or when `force`d. Says what it did, or null when nothing was needed.
 */
export async function refreshIndex(root: string, input: BuildInput, embedder: Embedder, opts: RefreshOptions = {}): Promise<string | null> {
  const log = opts.log ?? (() => {});
  const build = async (why: string) => {
    log(`building the index in ${root} (${why})`);
    await buildIndex(root, input, embedder, opts.progress);
    return why;
  };
  const why = opts.force ? 'asked to' : staleReason(root, corpusHash(input), embedder);
  if (!why) return null;
  const previous = readManifest(root);
  if (opts.force || !previous || staleReason(root, previous.corpusHash, embedder) !== null) return build(why);
  try {
    const { changed } = await updateIndex(root, previous, input, embedder, opts.progress);
    const done = `updated: ${changed.added.length} articles added or changed, ${changed.removed.length} removed`;
    log(`index in ${root} ${done}`);
    return done;
  } catch (e) {
    if (!(e instanceof IndexCorruptError)) throw e;
    return build(`${e.message}; rebuilding it`);
  }
}
