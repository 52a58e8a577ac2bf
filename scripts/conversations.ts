/**
 * Scores follow-ups on blind conversations (test/fixtures/conversations/): each conversation's turns are asked in
 * order, each with what the turn before left to lean on, as the bot does. A turn is right when its first extract (or
 * one of its first three) holds an expected phrase, the shared scorer's test; a turn marked `abstain` is right when
 * refused. First turns and follow-ups are counted apart. Each conversation's first question is also asked after the
 * conversation before it, as a new topic in a running chat: it must not be read as a follow-up.
 *   node --import tsx scripts/conversations.ts FILE.jsonl [--verbose]
 * Conversations about the written articles (an `article` on each) are asked over their writers' articles.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { holdsExpected } from './questions.js';
import { openEngine, openWritten } from './fitting.js';
import type { Engine, EngineOptions } from '../src/engine/engine.js';
import { loadFittedModel } from '../src/retrieval/fitted.js';
import type { Topic } from '../src/types.js';

export interface Conversation {
  id: string;
  /** The written article it is about; none for the seeds' conversations. */
  article?: string;
  turns: { q: string; expect?: string[]; abstain?: boolean }[];
}

export interface Tally {
  n: number;
  hit1: number;
  hit3: number;
  /** Answerable turns refused. */
  falseAbstain: number;
  /** Turns the articles do not answer, and how many of them were refused. */
  unanswerable: number;
  refused: number;
}

export interface ConversationScores {
  first: Tally;
  followUp: Tally;
  /** First questions asked after another conversation, and how many were read beside its last question. */
  newTopics: number;
  takenAsFollowUps: number;
}

export function readConversations(file: string): Conversation[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Conversation);
}

/** The engine a set of conversations is asked in: its writers' articles, or the seeds. */
export function engineFor(conversations: Conversation[], options: Partial<EngineOptions> = {}): Promise<Engine> {
  const writers = [...new Set(conversations.flatMap((c) => (c.article ? [c.article.slice(0, 2)] : [])))].sort();
  return writers.length ? openWritten(writers, loadFittedModel(), process.cwd(), options) : openEngine(process.cwd(), loadFittedModel(), undefined, undefined, options);
}

const tally = (): Tally => ({ n: 0, hit1: 0, hit3: 0, falseAbstain: 0, unanswerable: 0, refused: 0 });

export async function scoreConversations(engine: Engine, conversations: Conversation[], miss?: (line: string) => void): Promise<ConversationScores> {
  const scores: ConversationScores = { first: tally(), followUp: tally(), newTopics: 0, takenAsFollowUps: 0 };
  let running: Topic | undefined; // the chat so far: the conversation before
  for (const c of conversations) {
    if (running) {
      scores.newTopics++;
      if ((await engine.ask(c.turns[0].q, running)).followUpOf) scores.takenAsFollowUps++;
    }
    let previous: Topic | undefined;
    for (const [i, turn] of c.turns.entries()) {
      const a = await engine.ask(turn.q, previous);
      previous = a.topic ?? previous;
      const t = i === 0 ? scores.first : scores.followUp;
      if (turn.abstain) {
        t.unanswerable++;
        if (a.abstained) t.refused++;
        continue;
      }
      const right = (k: number) => a.extracts.slice(0, k).some((e) => holdsExpected(e.quote, { id: c.id, q: turn.q, expect: turn.expect }));
      t.n++;
      if (right(1)) t.hit1++;
      if (right(3)) t.hit3++;
      if (a.abstained) t.falseAbstain++;
      if (!right(1)) miss?.(`${c.id}.${i + 1} ${turn.q} -> ${a.understood ?? (a.followUpOf ? `beside “${a.followUpOf}”` : '(as typed)')}: ${a.extracts[0]?.quote.slice(0, 80) ?? '(abstained)'}`);
    }
    running = previous;
  }
  return scores;
}

const pct = (x: number, n: number) => (n ? `${((100 * x) / n).toFixed(1)}%` : '-');

export function scoreLines(s: ConversationScores): string[] {
  return [
    ...(['first', 'followUp'] as const).map((k) => {
      const t = s[k];
      const refusals = t.unanswerable ? ` | unanswerable refused ${pct(t.refused, t.unanswerable)} (n=${t.unanswerable})` : '';
      return `${k === 'first' ? 'first turns' : 'follow-ups '}  hit@1 ${pct(t.hit1, t.n)} | hit@3 ${pct(t.hit3, t.n)} | false abstain ${pct(t.falseAbstain, t.n)} (n=${t.n})${refusals}`;
    }),
    `new topics taken as follow-ups: ${s.takenAsFollowUps} of ${s.newTopics}`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const conversations = readConversations(process.argv[2]);
  const verbose = process.argv.includes('--verbose');
  const engine = await engineFor(conversations);
  const scores = await scoreConversations(engine, conversations, verbose ? (l) => console.error(l) : undefined);
  for (const line of scoreLines(scores)) console.log(line);
}
