/**
 * Figures behind the hand-set numbers of reading a message and cleaning an article, on the written validation
 * writers (scripts/questions.ts) only: every validation question is English, so the language check must leave each
 * one a question; and how alike the validation articles' lines are to an earlier line of the same kind, which the
 * repeated-line thresholds of src/corpus/clean.ts cut.
 *
 *   node --import tsx scripts/measure-text.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { overlap, wordSet } from '../src/corpus/clean.js';
import { detectIntent } from '../src/retrieval/intent.js';
import { readWritten, WRITERS, writtenFolders } from './questions.js';

const latinShare = (t: string) => (t.match(/[A-Za-z\u00C0-\u024F\u0259\u018F]/gu)?.length ?? 0) / Math.max(1, t.match(/\p{L}/gu)?.length ?? 0);

function main(): void {
  const questions = readWritten('validation');
  const shares = questions.map((q) => latinShare(q.q)).sort((a, b) => a - b);
  const notQuestions = questions.filter((q) => detectIntent(q.q).kind === 'language');
  console.log(`validation questions: ${questions.length}; lowest share of Latin letters ${shares[0].toFixed(2)}; read as another language: ${notQuestions.length}`);
  for (const q of notQuestions) console.log(`  ${JSON.stringify(q.q)} -> ${JSON.stringify(detectIntent(q.q))}`);
  // src/retrieval/intent.ts's Azerbaijani words: how many an English question holds
  const az = new Set('və nə kim harada niyə necə nəyə haqqında üçün ilə edib olub etdi oldu vitse prezident səfər barədə hansı neçə nə vaxt'.split(' '));
  const azCounts = questions.map((q) => (q.q.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => az.has(w)).length);
  console.log(`validation questions holding 1 of the Azerbaijani words: ${azCounts.filter((n) => n === 1).length}, 2 or more: ${azCounts.filter((n) => n >= 2).length}`);
  // src/retrieval/question.ts: "what is X" questions by the number of words in X
  const subjects = new Map<number, number>();
  for (const q of questions) {
    const m = /^\s*(?:what|who)\s+(?:is|are|was|were)\s+(?:the\s+|an?\s+)?(.+?)\s*\??\s*$/i.exec(q.q);
    if (m && !/\b(of|for|in|on|about)\b/i.test(m[1])) subjects.set(m[1].split(/\s+/).length, (subjects.get(m[1].split(/\s+/).length) ?? 0) + 1);
  }
  console.log(`"what is X" validation questions by words in X: ${[...subjects].sort((a, b) => a[0] - b[0]).map(([n, c]) => `${n}: ${c}`).join(', ')}`);

  // Each line's greatest overlap with an earlier line of the same kind (heading: no closing stop, at most 20 words).
  const bins = { heading: new Map<string, number>(), paragraph: new Map<string, number>() };
  for (const folder of writtenFolders()) {
    for (const file of readdirSync(join(folder, 'articles')).filter((f) => WRITERS.validation.includes(f.slice(0, 2)))) {
      const seen = { heading: [] as Set<string>[], paragraph: [] as Set<string>[] };
      for (const line of readFileSync(join(folder, 'articles', file), 'utf8').split('\n').map((l) => l.trim())) {
        if (!/\p{L}/u.test(line)) continue;
        const kind = !/[.!?…:;]["'”’»)\]]*$/u.test(line) && line.split(/\s+/).length <= 20 ? 'heading' : 'paragraph';
        const words = wordSet(line);
        const most = Math.max(0, ...seen[kind].map((w) => overlap(w, words)));
        const bin = most >= 1 ? '1' : most >= 0.85 ? '0.85-1' : most >= 0.6 ? '0.6-0.85' : '<0.6';
        bins[kind].set(bin, (bins[kind].get(bin) ?? 0) + 1);
        seen[kind].push(words);
      }
    }
  }
  for (const kind of ['heading', 'paragraph'] as const) {
    console.log(`${kind} lines by greatest overlap with an earlier one: ${['<0.6', '0.6-0.85', '0.85-1', '1'].map((b) => `${b}: ${bins[kind].get(b) ?? 0}`).join(', ')}`);
  }
}

main();
