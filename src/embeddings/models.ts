import { createRequire } from 'node:module';

/** Loading a transformers.js model from the models folder (or the hub, when allowed) within a time limit. */
export class ModelLoadError extends Error {}

/** The first line of what went wrong: a loader's message can run to a stack of its own. */
export const firstLine = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e));

export interface ModelPlace {
  modelsDir: string;
  timeoutMs: number;
  /**
   * Threads one model run may use; ONNX Runtime's own choice (one per core) when not given. The bot's engine
   * threads (src/workers/) run one question each on a core of its own instead: for inputs of a few dozen tokens,
   * splitting one run across cores gains less than running two at once (bench: README).
   */
  threadsPerRun?: number;
}

type Transformers = typeof import('@xenova/transformers');

/** The threads per run this thread's sessions are created with, once set (see runThreads). */
let threadsSet: number | undefined;

/** Runs `load` with transformers.js reading models from `modelsDir`, and downloading only when `remote`. */
export async function loadModel<T>(place: ModelPlace, remote: boolean, load: (t: Transformers) => Promise<T>): Promise<T> {
  const t = await import('@xenova/transformers');
  t.env.localModelPath = place.modelsDir.endsWith('/') ? place.modelsDir : `${place.modelsDir}/`;
  t.env.allowLocalModels = true;
  t.env.allowRemoteModels = remote;
  if (place.threadsPerRun && place.threadsPerRun !== threadsSet) runThreads((threadsSet = place.threadsPerRun));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ModelLoadError(`timed out after ${place.timeoutMs} ms`)), place.timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([load(t), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * transformers.js 2 creates its ONNX Runtime sessions with only the execution providers set, so the thread count
 * is added to the options of every session it creates from here on (in this thread).
 */
const original = new WeakMap<object, (model: unknown, options?: object) => Promise<unknown>>();
function runThreads(threads: number): void {
  // The ONNX Runtime transformers.js itself loads (a dependency of its own, not of this project).
  const ort = createRequire(createRequire(import.meta.url).resolve('@xenova/transformers'))('onnxruntime-node') as {
    InferenceSession: { create: (model: unknown, options?: object) => Promise<unknown> };
  };
  const sessions = ort.InferenceSession;
  const create = original.get(sessions) ?? sessions.create.bind(sessions);
  original.set(sessions, create);
  sessions.create = (model, options) => create(model, { ...options, intraOpNumThreads: threads, interOpNumThreads: 1 });
}
