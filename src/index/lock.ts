import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { IndexBusyError } from '../errors.js';

/** The lock's name inside the index folder: the index is what every writer changes. */
const LOCK = 'write.lock';

/**
 * A lock whose holder stopped updating it this long ago is taken as left by a killed process. The holder
 * refreshes it every half of this, from its event loop; the longest the loop is held while writing is one encoder
 * batch, well under a second (npm run bench: ~30 sentences a second through the encoder, 32 a batch).
 */
const STALE_MS = 10_000;

/**
 * How long a writer waits for another: the longest write measured, building the index for 1,000 articles (10.6
 * minutes with a training job on the other core; 5.0 on a quiet machine; npm run bench), rounded up. Waiting out a slower
 * one fails with a message saying the index is busy.
 */
const WAIT_MS = 15 * 60_000;

/**
 * Runs `task` holding the index's lock, between processes (the bot's replicas, `npm run add`, `npm run ingest`) and
 * between threads: adding an article, and reading the articles with the index check at each open, are done one at a
 * time, so a reload never sees an added article's vectors before the article itself (and drops them), and two
 * additions never race.
 */
export async function withIndexLock<T>(embeddingsDir: string, task: () => Promise<T>): Promise<T> {
  mkdirSync(embeddingsDir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(embeddingsDir, {
      lockfilePath: join(embeddingsDir, LOCK),
      realpath: false,
      stale: STALE_MS,
      // proper-lockfile throws from a timer when its lock was taken over (the holder's loop held past STALE_MS): that
      // would crash the bot mid-write; the write goes on instead, as it would have without the lock.
      onCompromised: () => undefined,
      retries: { retries: Math.ceil(WAIT_MS / 1000), minTimeout: 50, maxTimeout: 1000, factor: 1.5 },
    });
  } catch (e) {
    // A folder nobody here may write to: no writer to wait for, and the task only reads.
    if (['EACCES', 'EROFS', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '')) return task();
    throw new IndexBusyError(`the index in ${embeddingsDir} is being written by another process for too long: ${(e as Error).message}`, embeddingsDir);
  }
  try {
    return await task();
  } finally {
    await release().catch(() => undefined);
  }
}
