import { watch } from 'node:fs';

/**
 * How long seeds/ must stay quiet before a change is read. One change is often several writes: an addition writes
 * the article and then sources.json (well under a millisecond apart here), an editor saves through a temporary
 * file, `cp` of a folder writes file after file. Half a second gathers those into one reload and is still well
 * below what someone who just dropped a file in notices.
 */
export const SEEDS_QUIET_MS = 500;

/**
 * Calls `onChange` once seeds/ has changed and then been quiet for `quietMs`. Temporary files of atomic writes
 * are ignored (their rename is the change). A watcher that fails (seeds/ removed or unreadable) stops and says so
 * through `onError` instead of throwing where nothing catches it; the articles loaded still answer. Returns a
 * function that stops watching.
 */
export function watchSeeds(dir: string, onChange: () => void, onError: (e: Error) => void, quietMs = SEEDS_QUIET_MS): () => void {
  let timer: NodeJS.Timeout | null = null;
  const watcher = watch(dir, (_event, name) => {
    if (name?.endsWith('.tmp')) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, quietMs);
  });
  watcher.on('error', (e) => {
    if (timer) clearTimeout(timer);
    watcher.close();
    onError(e);
  });
  return () => {
    if (timer) clearTimeout(timer);
    watcher.close();
  };
}
