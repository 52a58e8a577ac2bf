import { ModelLoadError } from '../errors.js';

/** The first line of what went wrong: a loader's message can run to a stack of its own. */
export const firstLine = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e));

export interface ModelPlace {
  modelsDir: string;
  timeoutMs: number;
}

type Transformers = typeof import('@xenova/transformers');

/** Runs `load` with transformers.js reading models from `modelsDir`, and downloading only when `remote`. */
/** Loads a transformers.js model from the models folder (or the hub, when allowed) within a time limit. */
export async function loadModel<T>(place: ModelPlace, model: string, remote: boolean, load: (t: Transformers) => Promise<T>): Promise<T> {
  const t = await import('@xenova/transformers');
  t.env.localModelPath = place.modelsDir.endsWith('/') ? place.modelsDir : `${place.modelsDir}/`;
  t.env.allowLocalModels = true;
  t.env.allowRemoteModels = remote;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ModelLoadError(`timed out after ${place.timeoutMs} ms`, model)), place.timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([load(t), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
