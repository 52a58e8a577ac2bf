/**
 * `npm run eval:whatsnew`: scores what a follower is told when an article arrives (src/follow/) against
 * test/fixtures/whatsnew-blind.json, written by a blind annotator from the seeds alone: the seeds in publication
 * order, and for each article its sentences that say something no earlier one said, the 1-3 most worth telling
 * marked "top". The threshold NEW_BELOW and the order sentences are chosen in are fitted on the first two articles
 * after the first (FIT), and scored on the rest (HELD), beside a baseline: the article's first three sentences.
 * Prints, for each: the precision of the sentences sent (the share the annotator lists as new) and the recall of the
 * marked ones (the share of "top" sentences sent); and how well the nearest earlier sentence's cosine alone tells
 * new sentences from repeated ones (ROC AUC over every sentence).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Engine } from '../src/engine/engine.js';
import { SHIPPED_MODEL } from '../src/embeddings/embedder.js';
import { splitArticle } from '../src/corpus/sentences.js';
import { indexVectors } from '../src/follow/news.js';
import { chooseNew, judge, MAX_TOLD, NEW_BELOW, TOLD_ORDER, type Judged } from '../src/follow/novelty.js';
import type { Article, Sentence } from '../src/types.js';

const ROOT = resolve(import.meta.dirname, '..');

interface Blind {
  about: string;
  order: string[];
  articles: { article: string; first?: boolean; new: { text: string; top: boolean }[] }[];
}

const norm = (t: string) => t.replace(/\s+/g, ' ').replace(/[“”]/g, '"').replace(/[‘’]/g, "'").trim();
/** A sentence of ours is the annotator's when either text holds the other (their sentences and ours may be cut apart differently). */
const same = (ours: string, theirs: string) => {
  const [a, b] = [norm(ours), norm(theirs)];
  return a === b || (a.length > 20 && b.includes(a)) || (b.length > 20 && a.includes(b));
};

interface Scored {
  sent: number;
  right: number;
  top: number;
  topSent: number;
}
const add = (a: Scored, b: Scored): Scored => ({ sent: a.sent + b.sent, right: a.right + b.right, top: a.top + b.top, topSent: a.topSent + b.topSent });
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(0)}% (${n}/${d})` : 'n/a');
const f1 = (s: Scored) => {
  const p = s.sent ? s.right / s.sent : 0;
  const r = s.top ? s.topSent / s.top : 0;
  return p + r ? (2 * p * r) / (p + r) : 0;
};

async function main(): Promise<void> {
  const blind = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/whatsnew-blind.json'), 'utf8')) as Blind;
  const embeddingsDir = mkdtempSync(join(tmpdir(), 'trip-bot-whatsnew-'));
  const engine = await Engine.open({ seedsDir: join(ROOT, 'seeds'), embeddingsDir, model: SHIPPED_MODEL, modelsDir: join(ROOT, 'models'), allowRemote: false, timeoutMs: 60_000 });
  const vectors = await indexVectors(embeddingsDir);
  const byPrefix = (id: string) => engine.articles.find((a) => a.id.startsWith(`${id}_`) || a.id === id)!;
  const ordered: Article[] = blind.order.map(byPrefix);
  const labels = new Map(blind.articles.map((a) => [byPrefix(a.article).id, a]));

  // Each article after the first, judged against every one before it, as it would be on arriving in that order.
  const judgedOf = new Map<string, Judged[]>();
  const newOf = new Map<string, Set<string>>();
  const topOf = new Map<string, Set<string>>();
  const earlier: Sentence[] = [];
  for (const article of ordered) {
    const sentences = splitArticle(article).sentences;
    if (earlier.length) {
      judgedOf.set(article.id, judge(sentences, earlier, vectors));
      const marks = labels.get(article.id)!.new;
      newOf.set(article.id, new Set(sentences.filter((s) => marks.some((m) => same(s.text, m.text))).map((s) => s.id)));
      topOf.set(article.id, new Set(sentences.filter((s) => marks.some((m) => m.top && same(s.text, m.text))).map((s) => s.id)));
      const unmatched = marks.filter((m) => !sentences.some((s) => same(s.text, m.text)));
      if (unmatched.length) console.log(`(${article.id.slice(0, 3)}: ${unmatched.length} marked sentences match none of ours: ${unmatched.map((m) => m.text.slice(0, 40)).join(' | ')})`);
    }
    earlier.push(...sentences);
  }
  if (process.argv.includes('--dump')) for (const [id, js] of judgedOf) for (const j of js) console.log(id.slice(0, 3), j.nearest.toFixed(3), newOf.get(id)!.has(j.sentence.id) ? 'NEW' : '   ', topOf.get(id)!.has(j.sentence.id) ? '*' : ' ', j.sentence.text.slice(0, 90));
  const later = ordered.slice(1).map((a) => a.id);
  const FIT = later.slice(0, 2);
  const HELD = later.slice(2);
  const name = (ids: string[]) => ids.map((id) => id.slice(0, 3)).join(', ');

  const score = (ids: string[], pick: (id: string) => Sentence[]): Scored =>
    ids
      .map((id) => {
        const sent = pick(id);
        return {
          sent: sent.length,
          right: sent.filter((s) => newOf.get(id)!.has(s.id)).length,
          top: topOf.get(id)!.size,
          topSent: sent.filter((s) => topOf.get(id)!.has(s.id)).length,
        };
      })
      .reduce(add, { sent: 0, right: 0, top: 0, topSent: 0 });
  const ours = (threshold: number, order: 'article' | 'novel') => (id: string) => chooseNew(judgedOf.get(id)!, vectors, threshold, MAX_TOLD, order).map((j) => j.sentence);
  const firstThree = (id: string) => judgedOf.get(id)!.slice(0, MAX_TOLD).map((j) => j.sentence);

  // How well the nearest cosine alone separates new sentences from repeated ones (AUC), on each part.
  const auc = (ids: string[]) => {
    const all = ids.flatMap((id) => judgedOf.get(id)!.map((j) => ({ x: -j.nearest, y: newOf.get(id)!.has(j.sentence.id) })));
    const pos = all.filter((a) => a.y);
    const neg = all.filter((a) => !a.y);
    let wins = 0;
    for (const p of pos) for (const n of neg) wins += p.x > n.x ? 1 : p.x === n.x ? 0.5 : 0;
    return `${(wins / (pos.length * neg.length)).toFixed(2)} (${pos.length} new of ${all.length} sentences)`;
  };

  console.log(`whatsnew-blind.json: order ${name(ordered.map((a) => a.id))}; fitted on ${name(FIT)}, scored on ${name(HELD)}`);
  console.log(`nearest-earlier cosine as a test of "new": AUC fit ${auc(FIT)}, held out ${auc(HELD)}\n`);

  // The fit, on FIT only. The threshold as a test of "new" over every sentence there (balanced accuracy: repeats are
  // few), which uses all its labels rather than the few sentences sent; then the order, by the F1 of the precision
  // of what is sent and the recall of the marked ones. Ties go to the middle of their range.
  const middle = <T>(xs: T[]) => xs[Math.floor((xs.length - 1) / 2)];
  const balanced = (t: number) => {
    const all = FIT.flatMap((id) => judgedOf.get(id)!.map((j) => ({ isNew: newOf.get(id)!.has(j.sentence.id), saysNew: j.nearest < t })));
    const rate = (xs: typeof all) => xs.filter((x) => x.isNew === x.saysNew).length / xs.length;
    return (rate(all.filter((x) => x.isNew)) + rate(all.filter((x) => !x.isNew))) / 2;
  };
  const thresholds = Array.from({ length: 41 }, (_, i) => Math.round((0.8 + i * 0.005) * 1000) / 1000);
  const bestBa = Math.max(...thresholds.map(balanced));
  const tied = thresholds.filter((t) => balanced(t) >= bestBa - 1e-9);
  const fitted = middle(tied);
  const orders = (['article', 'novel'] as const).map((order) => ({ order, s: score(FIT, ours(fitted, order)) }));
  const order = orders.reduce((a, b) => (f1(b.s) > f1(a.s) ? b : a)).order;
  console.log('fit part: threshold  balanced accuracy of "new"   sent in article order: precision, top recall');
  for (const t of thresholds.filter((t) => Math.round(t * 1000) % 10 === 0 || tied.includes(t))) {
    const s = score(FIT, ours(t, 'article'));
    console.log(`           ${t.toFixed(3)}    ${balanced(t).toFixed(3)}                        ${pct(s.right, s.sent)}, ${pct(s.topSent, s.top)}`);
  }
  console.log(`fitted: NEW_BELOW ${fitted} (balanced accuracy ${bestBa.toFixed(3)} from ${tied[0]} to ${tied.at(-1)}), ${order} order (F1 ${orders.map((o) => `${o.order} ${f1(o.s).toFixed(2)}`).join(', ')}); src/follow/novelty.ts has ${NEW_BELOW}, ${TOLD_ORDER}\n`);
  const chosen = { t: fitted, order };
  // For the record only, not for choosing: the other order on the held-out part.
  const other = TOLD_ORDER === 'article' ? 'novel' : 'article';

  const report = (label: string, ids: string[], pick: (id: string) => Sentence[]) => {
    const s = score(ids, pick);
    console.log(`  ${label.padEnd(34)} precision of sent ${pct(s.right, s.sent).padEnd(14)} recall of top ${pct(s.topSent, s.top)}`);
  };
  for (const [part, ids] of [['held out', HELD], ['fit part', FIT]] as const) {
    console.log(`${part} (${name(ids)}):`);
    report(`what is sent (${NEW_BELOW}, ${TOLD_ORDER} order)`, ids, ours(NEW_BELOW, TOLD_ORDER));
    if (chosen.t !== NEW_BELOW || chosen.order !== TOLD_ORDER) report(`new sentences, as fitted (${chosen.t}, ${chosen.order})`, ids, ours(chosen.t, chosen.order));
    report(`(${other} order instead)`, ids, ours(NEW_BELOW, other));
    report('baseline: its first three sentences', ids, firstThree);
    for (const id of ids) {
      const told = ours(NEW_BELOW, TOLD_ORDER)(id);
      console.log(`    ${id.slice(0, 3)}: ${told.length ? told.map((s) => `${newOf.get(id)!.has(s.id) ? '✓' : '✗'}${topOf.get(id)!.has(s.id) ? '★' : ''} ${s.text.slice(0, 70)}…`).join('\n         ') : 'nothing new'}`);
    }
  }
}

await main();
