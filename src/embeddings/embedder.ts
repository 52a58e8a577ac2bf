import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Turns texts into unit-length vectors; `id` and `dims` are recorded with every index built from it. */
export interface Embedder {
  id: string;
  dims: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** The static GloVe-derived model built by scripts/build-model.ts and committed under models/. */
export const SHIPPED_MODEL = 'trip-glove-100d';
const BATCH = 64;

export class ModelLoadError extends Error {}

export interface EmbedderOptions {
  model: string;
  modelsDir: string;
  /** Whether transformers.js may download from the Hugging Face hub (never for the shipped model). */
  allowRemote: boolean;
  timeoutMs: number;
}

/** Loads a feature-extraction model through transformers.js: the shipped one offline, any hub id online. */
export async function loadEmbedder(opts: EmbedderOptions): Promise<Embedder> {
  const local = existsSync(join(opts.modelsDir, opts.model, 'config.json'));
  const remote = opts.allowRemote && !local && opts.model !== SHIPPED_MODEL;
  if (!local && !remote) {
    throw new ModelLoadError(
      `Embedding model "${opts.model}" is not in ${opts.modelsDir} and downloads are off. ` +
        `Set EMBEDDING_MODEL=${SHIPPED_MODEL} (the shipped offline model), or put the model's files in ` +
        `${join(opts.modelsDir, opts.model)}, or allow downloads with ALLOW_REMOTE_MODELS=true.`,
    );
  }
  const { pipeline, env } = await import('@xenova/transformers');
  env.localModelPath = opts.modelsDir.endsWith('/') ? opts.modelsDir : `${opts.modelsDir}/`;
  env.allowLocalModels = true;
  env.allowRemoteModels = remote;

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ModelLoadError(`timed out after ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
    timer.unref();
  });
  let extractor: Awaited<ReturnType<typeof pipeline>>;
  try {
    extractor = await Promise.race([pipeline('feature-extraction', opts.model, { quantized: true }), timeout]);
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ModelLoadError(
      `Could not load embedding model "${opts.model}" ${remote ? 'from the Hugging Face hub' : `from ${opts.modelsDir}`}: ${why}. ` +
        `Set EMBEDDING_MODEL=${SHIPPED_MODEL} to use the shipped offline model` +
        (remote ? ', or download the model into MODELS_DIR on a machine with internet.' : '.'),
    );
  } finally {
    clearTimeout(timer);
  }

  const embed = async (texts: string[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      const batch = texts.slice(i, i + BATCH);
      const tensor = await extractor(batch, { pooling: 'mean', normalize: true });
      const dims = tensor.dims[tensor.dims.length - 1];
      const data = tensor.data as Float32Array;
      for (let j = 0; j < batch.length; j++) out.push(data.slice(j * dims, (j + 1) * dims));
    }
    return out;
  };
  const [probe] = await embed(['probe']);
  return { id: opts.model, dims: probe.length, embed };
}
