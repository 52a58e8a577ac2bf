/**
 * Scores follow-ups on the blind conversations (test/fixtures/conversations/): each conversation's turns are asked
 * in order, each with the previous turn as understood, as the bot does. A turn is right when its first extract (or
 * one of its first three) holds an expected phrase, the shared scorer's test. First turns and follow-ups are counted
 * apart: a follow-up is understood when it is completed from the turn before into a question the articles answer.
 *   node --import tsx scripts/conversations.ts FILE.jsonl [--verbose]
 */
import { readFileSync } from 'node:fs';
import { holdsExpected } from './questions.js';
import { openEngine } from './fitting.js';
import { loadFittedModel } from '../src/retrieval/model.js';

interface Conversation {
  id: string;
  turns: { q: string; expect: string[] }[];
}

const file = process.argv[2];
const verbose = process.argv.includes('--verbose');
const conversations = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Conversation);
const engine = await openEngine(process.cwd(), loadFittedModel());
const tally = { first: { n: 0, hit1: 0, hit3: 0, refused: 0 }, followUp: { n: 0, hit1: 0, hit3: 0, refused: 0 } };
for (const c of conversations) {
  let previous: string | undefined;
  for (const [i, turn] of c.turns.entries()) {
    const a = await engine.ask(turn.q, previous);
    if (a.understood) previous = a.understood;
    const right = (k: number) => a.extracts.slice(0, k).some((e) => holdsExpected(e.quote, { id: c.id, q: turn.q, expect: turn.expect }));
    const t = i === 0 ? tally.first : tally.followUp;
    t.n++;
    if (right(1)) t.hit1++;
    if (right(3)) t.hit3++;
    if (a.abstained) t.refused++;
    if (verbose && !right(1)) console.error(`${c.id}.${i + 1} ${turn.q} -> ${a.understood ?? '(as typed)'}: ${a.extracts[0]?.quote.slice(0, 80) ?? '(abstained)'}`);
  }
}
const pct = (x: number, n: number) => `${((100 * x) / n).toFixed(1)}%`;
for (const [name, t] of Object.entries(tally)) {
  console.log(`${name === 'first' ? 'first turns' : 'follow-ups '}  hit@1 ${pct(t.hit1, t.n)} | hit@3 ${pct(t.hit3, t.n)} | refused ${pct(t.refused, t.n)} (n=${t.n})`);
}
