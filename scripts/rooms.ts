/**
 * Checks the rooms of src/ (its folders, and the files at its root): every import goes down the data flow, never
 * up, never to a sibling, and no files import each other in a circle. `npm run rooms` prints what breaks that and
 * exits 1; test/rooms.test.ts runs the same check, so CI catches a new circle or upward arrow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The rooms, lowest first, in the order data flows: seeds -> corpus -> embeddings -> index -> retrieval -> answer
 * -> telegram. A room may import only from rooms on earlier lines; rooms on one line are siblings and import
 * neither each other. A folder is named with its slash; a file at src/'s root is a room of its own.
 */
export const ROOMS: string[][] = [
  // what every room shares: the pipeline's data types, the errors, wording of text (escaping, dates), small tools
  ['types.ts', 'errors.ts', 'text/', 'atomic.ts', 'log.ts'],
  // articles read from seeds/ or a page, cleaned, split into sentences and passages
  ['corpus/'],
  // the encoder and the word model
  ['embeddings/'],
  // the sentence vectors on disk, and the writers' lock
  ['index/'],
  // reading a question, ranking sentences, answering or abstaining
  ['retrieval/'],
  // an answer's extracts, and the timeline's events: each built from the ranking's pieces, neither from the other
  ['answer/', 'timeline/'],
  // the core: opening the articles and their index, one set of them answering questions and drawing the timeline,
  // and the engine that reloads them when they change
  ['engine/'],
  // adding articles while running
  ['sources/'],
  // the engine in worker threads
  ['workers/'],
  // metrics and health of the running program
  ['ops/'],
  // following the story: followers, what's new in an arriving article, each follower told once
  ['follow/'],
  // the bot, and the mock Bot API standing in for Telegram (tests, the bench, the demo): neither imports the other
  ['telegram/', 'mock/'],
  // the local demo: the real bot against the mock, a chat in the terminal
  ['demo/'],
  // the settings, read from the environment by the entry points alone
  ['config.ts'],
  // the command-line tools (ask renders as the bot does)
  ['cli/'],
  // npm start
  ['main.ts'],
];

export const SRC = fileURLToPath(new URL('../src/', import.meta.url));

export interface Report {
  /** Each a list of files (relative to src/) importing one another in turn, the first again at the end. */
  circles: string[][];
  /** Imports from a room to a later one, or to a sibling: "from -> to (why)". */
  upward: string[];
  /** Files whose room has no place in ROOMS. */
  unranked: string[];
}

/** The room of a file relative to src/: its first folder with a slash, or the file itself at the root. */
export const roomOf = (file: string) => (file.includes('/') ? `${file.split('/')[0]}/` : file);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Every file of src/ a file imports: static, dynamic, type-only and re-exports alike. */
function importsOf(path: string, src: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => relative(src, resolve(dirname(path), name.replace(/\.js$/, '.ts'))).split(sep).join('/'))
    .filter((file) => !file.startsWith('..'));
}

/** Strongly connected components of more than one file (Tarjan), each as a closed path through its files. */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) found.push(closedPath(graph, new Set(component)));
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** One circle through a component, found by a breadth-first walk back to its first file. */
function closedPath(graph: Map<string, string[]>, component: Set<string>): string[] {
  const start = [...component].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = previous.get(u)!) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

export function checkRooms(src = SRC, rooms = ROOMS): Report {
  const rank = new Map(rooms.flatMap((line, i) => line.map((room) => [room, i] as const)));
  const graph = new Map<string, string[]>();
  for (const path of sourceFiles(src)) {
    graph.set(relative(src, path).split(sep).join('/'), importsOf(path, src));
  }
  const upward: string[] = [];
  const unranked = new Set<string>();
  for (const [from, tos] of graph) {
    const a = rank.get(roomOf(from));
    if (a === undefined) unranked.add(from);
    for (const to of tos) {
      const b = rank.get(roomOf(to));
      if (a === undefined || b === undefined || roomOf(from) === roomOf(to)) continue;
      if (b > a) upward.push(`${from} -> ${to} (${roomOf(to)} is above ${roomOf(from)})`);
      else if (b === a) upward.push(`${from} -> ${to} (${roomOf(to)} and ${roomOf(from)} are siblings)`);
    }
  }
  return { circles: circles(graph).sort((a, b) => a[0].localeCompare(b[0])), upward: upward.sort(), unranked: [...unranked].sort() };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { circles, upward, unranked } = checkRooms();
  const out: string[] = [];
  for (const c of circles) out.push(`circle: ${c.join(' -> ')}`);
  for (const u of upward) out.push(`upward: ${u}`);
  for (const f of unranked) out.push(`unranked: src/${f} (its room has no line in ROOMS, scripts/rooms.ts)`);
  process.stdout.write(out.length ? `${out.join('\n')}\n` : 'rooms: no circles, every import goes down\n');
  process.exitCode = out.length ? 1 : 0;
}
