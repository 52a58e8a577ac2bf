import type { Article } from '../types.js';
import { splitArticle } from '../corpus/sentences.js';
import { openIndex } from '../index/store.js';
import { withIndexLock } from '../index/lock.js';
import { dateText, paragraphPlace, publisherOf } from '../answer/provenance.js';
import { escapeHtml } from '../text/html.js';
import { chooseNew, judge, repeated, type Judged } from './novelty.js';

/** An article as the bot numbers it (engine.ts SourceInfo's fields that matter here). */
export interface Numbered {
  number: number;
  article: Article;
}

/** The message every follower gets about one arriving article, made once and kept in the store, so all get the same. */
export interface News {
  articleId: string;
  /** Its number in /sources and citations when it arrived. */
  number: number;
  /** The message, Telegram HTML. */
  html: string;
  /** When it was made (ms since the epoch): followers who followed after this are not sent it. */
  at: number;
  /** How many new sentences it tells (0: "nothing new beyond …"). */
  told: number;
}

/**
 * The sentence vectors of the index as it is on disk, the engine's own (the threads keep theirs to themselves).
 * Read under the index's lock, so an addition in progress is seen whole or not at all.
 */
export function indexVectors(embeddingsDir: string): Promise<Map<string, Float32Array>> {
  return withIndexLock(embeddingsDir, async () => (await openIndex(embeddingsDir)).vectors);
}

/**
 * What's new in each of the `fresh` articles (ids), in the order they are numbered: each against every article held
 * before it (those not fresh, and the fresh ones numbered before it). Throws when the index has no vector for one of
 * their sentences (it is being changed again): the caller tries again later.
 */
export function whatsNew(articles: Numbered[], fresh: ReadonlySet<string>, vectors: ReadonlyMap<string, Float32Array>, now = Date.now()): News[] {
  const ordered = [...articles].sort((a, b) => a.number - b.number);
  const numberOf = new Map(ordered.map((a) => [a.article.id, a.number]));
  const news: News[] = [];
  const earlier = ordered.filter((a) => !fresh.has(a.article.id)).flatMap((a) => splitArticle(a.article).sentences);
  for (const a of ordered.filter((x) => fresh.has(x.article.id))) {
    const sentences = splitArticle(a.article).sentences;
    const missing = sentences.find((s) => !vectors.has(s.id));
    if (missing) throw new Error(`the index has no vector for ${missing.id} yet`);
    const judged = judge(sentences, earlier, vectors);
    const told = chooseNew(judged, vectors);
    const again = repeated(judged).map((id) => numberOf.get(id)!).filter(Boolean);
    news.push({ articleId: a.article.id, number: a.number, html: newsHtml(a, told, again, !earlier.length), at: now, told: told.length });
    earlier.push(...sentences);
  }
  return news;
}

/**
 * The message: the article as people know it (headline, publisher, date, link, worded as /sources words them),
 * then up to three of its sentences, verbatim, each cited with its paragraph; or "nothing new beyond [n]".
 */
export function newsHtml({ number, article }: Numbered, told: Judged[], repeats: number[], first = false): string {
  const facts = [publisherOf(article), dateText(article)].filter(Boolean).join(' · ');
  const link = article.url ? `\n<a href="${escapeHtml(article.url)}">${escapeHtml(article.url)}</a>` : '';
  const head = `🆕 <b>A new article: [${number}] ${escapeHtml(article.title)}</b>${facts ? `\n${escapeHtml(facts)}` : ''}${link}`;
  const body = told.length
    ? [
        first ? 'It says:' : told.length === 1 ? 'One thing it says that no earlier article said:' : `${told.length} things it says that no earlier article said:`,
        ...told.map(({ sentence }) => {
          const place = paragraphPlace(article, sentence.start);
          return `<blockquote>${escapeHtml(sentence.text)}</blockquote>\n<i>— [${number}]${place ? `, ${place}` : ''}</i>`;
        }),
      ].join('\n\n')
    : `Nothing new beyond ${repeats.length ? repeats.map((n) => `[${n}]`).join(', ').replace(/, ([^,]*)$/, ' and $1') : 'the earlier articles'}: what it says, they said.`;
  return `${head}\n\n${body}\n\n<i>Ask me about it, or /unfollow to stop these messages.</i>`;
}
