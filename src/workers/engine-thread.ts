/**
 * One engine thread (a worker of EnginePool): the whole answering path, loaded here, so its work (the models, a
 * timeline, a reload, embedding an added article) never holds up the main thread's Telegram traffic.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LiveEngine } from '../engine/live.js';
import { addArticle } from '../sources/add.js';
import { toWire, type Call, type Snapshot, type ThreadMessage, type ThreadOptions } from './protocol.js';

const port = parentPort!;
const opts = workerData as ThreadOptions;
const post = (m: ThreadMessage) => port.postMessage(m);

const snapshot = (live: LiveEngine): Snapshot => ({ sources: live.current.sources() });

function serve(live: LiveEngine, call: Call): Promise<unknown> | unknown {
  switch (call.method) {
    case 'ask':
      return live.current.ask(...call.args);
    case 'timeline':
      return live.current.timeline(...(call.args ?? []));
    case 'inferredDates':
      return live.current.inferredDates();
    case 'reload':
      return live.reloadIfChanged().then((changed) => (changed ? snapshot(live) : null));
    case 'add': {
      const [url] = call.args;
      const log = (line: string) => post({ log: line });
      return live
        .addition(() => addArticle({ url }, { seedsDir: opts.seedsDir, embeddingsDir: opts.embeddingsDir, embedder: live.current.embedder, fetch: opts.fetch, log }))
        .then(({ added, seeds }) => ({ added, seeds, snapshot: snapshot(live) }));
    }
    case 'take':
      return live.take(...call.args);
  }
}

try {
  const live = await LiveEngine.open({
    ...opts,
    log: (line) => post({ log: line }),
    progress: opts.progress ? (done, total) => post({ progress: [done, total] }) : undefined,
  });
  port.on('message', ({ id, call }: { id: number; call: Call }) => {
    // A result that cannot be copied to the bot's thread fails its call, not the thread.
    Promise.resolve()
      .then(() => serve(live, call))
      .then((value) => post({ id, value }))
      .catch((e: unknown) => post({ id, error: toWire(e) }));
  });
  post({ ready: snapshot(live) });
} catch (e) {
  post({ failed: toWire(e) });
}
