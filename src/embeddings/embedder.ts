import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ModelLoadError } from '../errors.js';
import { firstLine, loadModel } from './models.js';
import { readEncoderSettings, withPrefix, type EncoderSettings, type TextRole } from './encoder.js';

/**
 * Turns texts into unit-length vectors with the sentence encoder; `id` and `dims` are recorded with every index
 * built from it. Words get their vectors from the static word model (WORD_MODEL), which word-level matching and
 * typo mending read.
 */
export interface Embedder {
  id: string;
  dims: number;
  /** Sentences and passages by default; questions with role 'query' (the encoder's own prefixes). */
  embed(texts: string[], role?: TextRole): Promise<Float32Array[]>;
  /** Each word's own vector in the word model, or null for a word the model does not know. */
  embedWords(words: string[]): Promise<(WordVector | null)[]>;
}

export interface WordVector {
  unit: Float32Array;
  /** The vector's length before normalising: in the shipped model, the word's smooth-inverse-frequency weight
   * (near 1 for rare, specific words, small for common ones). */
  norm: number;
}

/** The sentence encoder committed under models/ (scripts/build-encoder.ts; chosen on validation, see docs/evaluation.md). */
export const SHIPPED_MODEL = 'e5-small-v2';
/** The static GloVe-derived word model built by scripts/build-word-model.ts and committed under models/. */
export const WORD_MODEL = 'trip-glove-100d';
/** Texts per encoder pass; texts are sorted by length first, so a batch pads little. */
const BATCH = 32;
/** Words per token-level pass when reading word vectors. */
const WORD_BATCH = 2_000;

export interface EmbedderOptions {
  model: string;
  modelsDir: string;
  /** Whether transformers.js may download from the Hugging Face hub (never for the shipped model). */
  allowRemote: boolean;
  timeoutMs: number;
}

/** Loads the sentence encoder (the shipped one offline, any hub id online) and the shipped word model. */
export async function loadEmbedder(opts: EmbedderOptions): Promise<Embedder> {
  const local = existsSync(join(opts.modelsDir, opts.model, 'config.json'));
  const remote = opts.allowRemote && !local && opts.model !== SHIPPED_MODEL;
  if (!local && !remote) {
    throw new ModelLoadError(
      `Embedding model "${opts.model}" is not in ${opts.modelsDir} and downloads are off. ` +
        `Set EMBEDDING_MODEL=${SHIPPED_MODEL} (the shipped offline model), or put the model's files in ` +
        `${join(opts.modelsDir, opts.model)}, or allow downloads with ALLOW_REMOTE_MODELS=true.`,
      opts.model,
    );
  }
  const encoder = await loadPipeline(opts, opts.model, remote);
  const words = await loadPipeline(opts, WORD_MODEL, false);
  const settings = readEncoderSettings(join(opts.modelsDir, opts.model));
  const embed = encoderOf(encoder, settings);
  const [probe] = await embed(['probe']);
  return { id: opts.model, dims: probe.length, embed, embedWords: wordEmbedder(words, (texts) => embedMean(words, texts)) };
}

async function loadPipeline(opts: EmbedderOptions, model: string, remote: boolean): Promise<Extractor> {
  try {
    return (await loadModel(opts, model, remote, (t) => t.pipeline('feature-extraction', model, { quantized: true }))) as unknown as Extractor;
  } catch (e) {
    throw new ModelLoadError(
      `Could not load embedding model "${model}" ${remote ? 'from the Hugging Face hub' : `from ${opts.modelsDir}`}: ${firstLine(e)}. ` +
        `Set EMBEDDING_MODEL=${SHIPPED_MODEL} to use the shipped offline model` +
        (remote ? ', or download the model into MODELS_DIR on a machine with internet.' : '.'),
      model,
    );
  }
}

/** Unit vectors of texts, in batches of texts of about one length (padding costs as much as text). */
async function pooled(extractor: Extractor, texts: string[], pooling: EncoderSettings['pooling']): Promise<Float32Array[]> {
  const out = new Array<Float32Array>(texts.length);
  const order = [...texts.keys()].sort((a, b) => texts[a].length - texts[b].length);
  for (let i = 0; i < order.length; i += BATCH) {
    const batch = order.slice(i, i + BATCH);
    const tensor = await extractor(batch.map((k) => texts[k]), { pooling, normalize: true });
    const dims = tensor.dims[tensor.dims.length - 1];
    const data = tensor.data as Float32Array;
    batch.forEach((k, j) => (out[k] = data.slice(j * dims, (j + 1) * dims)));
  }
  return out;
}

function encoderOf(extractor: Extractor, settings: EncoderSettings): Embedder['embed'] {
  return (texts, role = 'passage') => pooled(extractor, withPrefix(settings, texts, role), settings.pooling);
}

const embedMean = (extractor: Extractor, texts: string[]) => pooled(extractor, texts, 'mean');

/** The call shape of a feature-extraction pipeline, as this module uses it. */
type Extractor = (texts: string | string[], opts: { pooling: 'none' | 'mean' | 'cls'; normalize?: boolean }) => Promise<{ dims: number[]; data: unknown }>;
interface WordPieceTokenizer {
  (text: string, opts: { add_special_tokens: boolean }): { input_ids: { data: BigInt64Array } };
  model: { vocab: string[]; unk_token_id?: number };
}

/**
 * Word vectors from one token-level pass (`pooling: 'none'`) over the words joined by spaces: the shipped static
 * model gives each known word its table row, so this costs one table lookup per word. A word split into
 * WordPiece pieces ("##") gets the mean of its pieces; a tokenizer whose pieces cannot be aligned to the words
 * falls back to embedding each word as a text of its own.
 */
function wordEmbedder(extractor: Extractor, embed: (texts: string[]) => Promise<Float32Array[]>): Embedder['embedWords'] {
  const tokenizer = (extractor as unknown as { tokenizer: WordPieceTokenizer }).tokenizer;
  const unit = (v: Float32Array): WordVector | null => {
    const norm = Math.hypot(...v);
    return norm > 1e-6 ? { unit: v.map((x) => x / norm), norm } : null;
  };
  return async (words) => {
    const out: (WordVector | null)[] = [];
    for (let i = 0; i < words.length; i += WORD_BATCH) {
      const batch = words.slice(i, i + WORD_BATCH);
      const ids = [...tokenizer(batch.join(' '), { add_special_tokens: false }).input_ids.data].map(Number);
      const pieces = ids.map((id) => tokenizer.model.vocab[id] ?? '');
      const starts = pieces.flatMap((p, j) => (p.startsWith('##') ? [] : [j]));
      if (starts.length !== batch.length) {
        out.push(...(await embed(batch)).map((v) => ({ unit: v, norm: 1 })));
        continue;
      }
      const tensor = await extractor(batch.join(' '), { pooling: 'none' });
      const dims = tensor.dims[tensor.dims.length - 1];
      const data = tensor.data as Float32Array;
      starts.forEach((start, w) => {
        const end = starts[w + 1] ?? ids.length;
        if (end - start === 1 && ids[start] === tokenizer.model.unk_token_id) return void out.push(null);
        const v = new Float32Array(dims);
        // +1: the pass adds [CLS] before the first piece
        for (let t = start; t < end; t++) for (let k = 0; k < dims; k++) v[k] += data[(t + 1) * dims + k];
        out.push(unit(v));
      });
    }
    return out;
  };
}
