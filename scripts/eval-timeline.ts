/**
 * Scores the timeline against test/fixtures/timeline-blind.json, a list of the trip's events written from the
 * articles alone by a helper who never saw the timeline code (its "about" says who and how). Nothing is fitted on it.
 *
 *   npm run eval:timeline                      the timeline the engine builds now
 *   npm run eval:timeline -- --events t.json   a timeline saved by `npm run timeline -- --json` (e.g. from an older commit)
 *
 * Figures:
 * - event recall: a listed event is found when one timeline event's sentences include one of its sentences;
 * - key words: of the found events, the share whose label (of the timeline event that holds its sentence) shows
 *   every key word, and the mean share of key words shown; words match by root form and stem ("brokers" and
 *   "brokered", "meet" and "met");
 * - clauses: of the found events, the share whose label has a subject and a finite verb (the parse of src/timeline/acts.ts);
 * - the same for the trip's own events ("main": true), and how many timeline events match no listed event.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import nlp from 'compromise';
import { terms } from '../src/retrieval/lexical.js';
import { parseSentence } from '../src/timeline/acts.js';

export const BLIND = fileURLToPath(new URL('../test/fixtures/timeline-blind.json', import.meta.url));

interface Listed {
  date: string;
  event: string;
  sentences: { article: string; text: string }[];
  key: string[];
  main: boolean;
}

/** What the score needs of a timeline event: its label and every report's sentence. */
export interface Scored {
  date: string;
  label: string;
  sentences: string[];
}

export interface Scores {
  listed: number;
  found: number;
  recall: number;
  /** Found events whose label shows every key word. */
  allKeys: number;
  /** Mean share of key words shown, over found events. */
  keyShare: number;
  /** Found events whose label is a clause (a subject and a finite verb). */
  clause: number;
  /** Timeline events that hold no listed event's sentence. */
  unmatched: number;
  events: number;
  misses: string[];
  weak: string[];
}

const norm = (s: string) => s.replace(/[“”"]/g, '"').replace(/[‘’']/g, "'").replace(/\s+/g, ' ').trim();

/** Root forms (compromise's) then stems: "met" and "meet", "brokers" and "brokered" meet. */
export function rootTerms(text: string): Set<string> {
  const doc = nlp(text);
  doc.compute('root');
  const roots = (doc.json() as { terms: { root?: string; normal: string }[] }[]).flatMap((s) => s.terms.map((t) => t.root || t.normal));
  return new Set([...terms(roots.join(' ')), ...terms(text)]);
}

/** A label is a clause when the parse finds a predicate with a subject and a finite verb (its pieces read as one). */
export const isClause = (label: string) => parseSentence(label.replace(/…\s*/g, ' ')).predicates.some((p) => p.subject[0] < p.subject[1]);

export function scoreTimeline(timeline: Scored[], listed: Listed[]): Scores {
  const holds = (e: Scored, l: Listed) => l.sentences.some((s) => e.sentences.some((x) => norm(x).includes(norm(s.text)) || norm(s.text).includes(norm(x))));
  let found = 0;
  let allKeys = 0;
  let keyShare = 0;
  let clause = 0;
  const misses: string[] = [];
  const weak: string[] = [];
  for (const l of listed) {
    const hit = timeline.filter((e) => holds(e, l));
    if (!hit.length) {
      misses.push(`${l.date} ${l.event}`);
      continue;
    }
    found++;
    // The best of the events holding its sentences: one report's event may hold two listed acts.
    const shown = (e: Scored) => {
      const have = rootTerms(e.label);
      return l.key.filter((k) => [...rootTerms(k)].every((t) => have.has(t))).length / l.key.length;
    };
    const best = hit.reduce((a, b) => (shown(b) > shown(a) ? b : a));
    const share = shown(best);
    keyShare += share;
    if (share === 1) allKeys++;
    else weak.push(`${l.date} [${l.key.join(', ')}] ← ${best.label}`);
    if (isClause(best.label)) clause++;
  }
  const unmatched = timeline.filter((e) => !listed.some((l) => holds(e, l))).length;
  const per = (n: number) => (found ? n / found : 0);
  return { listed: listed.length, found, recall: found / listed.length, allKeys: per(allKeys), keyShare: per(keyShare), clause: per(clause), unmatched, events: timeline.length, misses, weak };
}

export function loadBlind(): Listed[] {
  return (JSON.parse(readFileSync(BLIND, 'utf8')) as { events: Listed[] }).events;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { events: { type: 'string' }, verbose: { type: 'boolean', default: false } } });
  let timeline: Scored[];
  if (values.events) {
    const saved = JSON.parse(readFileSync(values.events, 'utf8')) as { date: string; label: string; sources: { sentences: string[] }[] }[];
    timeline = saved.map((e) => ({ date: e.date, label: e.label, sentences: e.sources.flatMap((s) => s.sentences) }));
  } else {
    const { openEngine } = await import('../src/cli/open.js');
    const engine = await openEngine();
    timeline = (await engine.timeline()).map((e) => ({ date: e.date, label: e.label, sentences: e.reports.map((r) => r.sentence) }));
  }
  const listed = loadBlind();
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  for (const [name, list] of [
    ['all listed events', listed],
    ['the trip’s own (main)', listed.filter((l) => l.main)],
  ] as const) {
    const s = scoreTimeline(timeline, list);
    process.stdout.write(
      `${name}: recall ${s.found}/${s.listed} (${pct(s.recall)}); of the found, labels with every key word ${pct(s.allKeys)}, ` +
        `key words shown ${pct(s.keyShare)}, labels that are clauses ${pct(s.clause)}\n`,
    );
  }
  const s = scoreTimeline(timeline, listed);
  process.stdout.write(`timeline events: ${s.events}, holding no listed event's sentence: ${s.unmatched}\n`);
  if (values.verbose) {
    process.stdout.write(`\nnot found:\n${s.misses.map((m) => `  ${m}`).join('\n')}\n\nlabels missing key words:\n${s.weak.map((m) => `  ${m}`).join('\n')}\n`);
  }
}
