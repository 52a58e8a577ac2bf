/**
 * Chooses how follow-ups are read beside the last question (FOLLOW_UP in src/retrieval/followup.ts): each pair of
 * weights in a small grid is scored on the tuning conversations (the blind ones about the written train articles,
 * and the seeds' validation ones), the best by follow-ups right first (then in the first three) is printed, and
 * checked on the written validation conversations. The seeds' and the written test conversations are left for
 * `npm run eval`. The result is copied into followup.ts by hand, with this command's figures.
 *   npm run fit:followups
 */
import { join } from 'node:path';
import { engineFor, readConversations, scoreConversations, type ConversationScores } from './conversations.js';
import { FOLLOW_UP, type FollowUpWeights } from '../src/retrieval/followup.js';

const dir = join(process.cwd(), 'test/fixtures/conversations');
const tuning = ['written-train.jsonl', 'validation.jsonl'].map((f) => readConversations(join(dir, f)));
const check = readConversations(join(dir, 'written-validation.jsonl'));

async function score(sets: typeof tuning, weights: FollowUpWeights): Promise<ConversationScores['followUp']> {
  const total = { n: 0, hit1: 0, hit3: 0, falseAbstain: 0, unanswerable: 0, refused: 0 };
  for (const set of sets) {
    const s = (await scoreConversations(await engineFor(set, { followUp: weights }), set)).followUp;
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += s[k];
  }
  return total;
}

const pct = (x: number, n: number) => ((100 * x) / n).toFixed(1);
const line = (w: FollowUpWeights, t: ConversationScores['followUp']) =>
  `beside ${w.beside} near ${w.near} spread ${w.spread}: hit@1 ${pct(t.hit1, t.n)} hit@3 ${pct(t.hit3, t.n)} false abstain ${pct(t.falseAbstain, t.n)} (n=${t.n})`;
let best: { w: FollowUpWeights; t: ConversationScores['followUp'] } | null = null;
for (const beside of [0, 0.25, 0.5, 1]) {
  for (const near of [0, 0.35, 0.7, 1.4]) {
    const w = { beside, near, spread: FOLLOW_UP.spread };
    const t = await score(tuning, w);
    console.log(line(w, t));
    if (!best || t.hit1 > best.t.hit1 || (t.hit1 === best.t.hit1 && t.hit3 > best.t.hit3)) best = { w, t };
  }
}
console.log(`chosen on tuning: ${line(best!.w, best!.t)}`);
console.log(`written validation, chosen: ${line(best!.w, await score([check], best!.w))}`);
console.log(`written validation, neither (beside 0, near 0): ${line({ beside: 0, near: 0, spread: FOLLOW_UP.spread }, await score([check], { beside: 0, near: 0, spread: FOLLOW_UP.spread }))}`);
