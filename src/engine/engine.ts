import type { Answer, Article, Reading, Sentence, TimelineEvent, Topic } from '../types.js';
import type { InferredDate } from '../timeline/extract.js';
import { loadEmbedder, type Embedder, type EmbedderOptions } from '../embeddings/embedder.js';
import { words } from '../retrieval/lexical.js';
import { analyseQuestion } from '../retrieval/question.js';
import { queryWords, rankSentences, type Query, type Ranked, type SearchSpace } from '../retrieval/rank.js';
import { expandChatSpellings, mendTypos } from '../retrieval/normalise.js';
import { detectIntent, withoutGreeting } from '../retrieval/intent.js';
import { besideQuestion, FOLLOW_UP, namesOf, readFollowUp, towardsNear, topicOf, type FollowUpWeights, type Names } from '../retrieval/followup.js';
import { decide, decisionFeatures, type Decision } from '../retrieval/decision.js';
import { loadFittedModel, type DecisionVector, type FittedModel } from '../retrieval/fitted.js';
import { quoteSpan, selectExtracts } from '../answer/extract.js';
import { emphasis } from '../answer/emphasis.js';
import { splitArticle } from '../corpus/sentences.js';
import { byFile } from '../corpus/articles.js';
import { openArticles, type OpenOptions } from './open.js';
import { searchSpace } from './space.js';
import { Catalogue, listSources, passageCounts, type SourceInfo } from './catalogue.js';
import { Suggestions } from './suggestions.js';
import { Timeline } from './timeline.js';

export interface EngineOptions extends EmbedderOptions, Omit<OpenOptions, 'force'> {
  /** The fitted ranker and answer decision; the committed one (src/retrieval/fitted-model.json) by default. */
  ranking?: FittedModel;
  /** A model already loaded (a reload after new articles keeps it); loaded from the options otherwise. */
  embedder?: Embedder;
  /** How follow-ups are read beside the last question; the chosen ones (src/retrieval/followup.ts) by default. */
  followUp?: FollowUpWeights;
}

/** How many extracts `ask` returns; the bot shows the first few and offers the rest behind a button. */
export const EXTRACT_LIMIT = 6;

/** One question ranked: what it was understood as, its analysis and vector, the ranking. */
export interface Retrieval {
  understood: string;
  query: Query;
  ranked: Ranked[];
  /** What the ranking says about whether its first extract answers the question. */
  signals: DecisionVector;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * The answering path over one set of articles, loaded once: the catalogue it numbers and cites them by (which it
 * is), the search space questions are ranked against, the suggestions offered when nothing answers, and the
 * timeline built from them.
 */
export class Engine extends Catalogue implements Answering {
  /** The timeline of these articles, built on first use; scripts/fit-events.ts reads what it is built from. */
  readonly story: Timeline;
  private readonly previous = new Map<string, Sentence>();
  private readonly corpusWords: Set<string>;
  private readonly names: Names;

  private constructor(
    sources: SourceInfo[],
    /** In file order, as seeds/ is read; also read by scripts and tests. */
    readonly articles: Article[],
    private readonly space: SearchSpace,
    readonly embedder: Embedder,
    readonly ranking: FittedModel,
    private readonly suggestions: Suggestions,
    private readonly followUp: FollowUpWeights,
  ) {
    super(sources);
    this.story = new Timeline(articles, space, this.numbers);
    this.corpusWords = new Set(space.words.words);
    this.names = namesOf(space.sentences.map((s) => s.text));
    space.before.forEach((j, i) => j >= 0 && this.previous.set(space.sentences[i].id, space.sentences[j]));
  }

  /** Loads everything, building or rebuilding the index first when it is missing, stale or unreadable. */
  static async open(opts: EngineOptions): Promise<Engine> {
    const embedder = opts.embedder ?? (await loadEmbedder(opts));
    const { articles, sentences, passages, index } = await openArticles(opts, embedder);
    const [space, suggestions] = await Promise.all([searchSpace(sentences, index.vectors, embedder), Suggestions.embed(embedder)]);
    const sources = listSources(articles, passageCounts(passages));
    return new Engine(sources, articles, space, embedder, opts.ranking ?? loadFittedModel(), suggestions, opts.followUp ?? FOLLOW_UP);
  }

  /**
   * This engine with one article more, just added to seeds/ and indexed (`vectors`: its sentences'): only that
   * article is split; the others' sentences and vectors, the model and the suggestions' vectors are this engine's.
   * It answers as an engine opened on all of them does (test/sources.test.ts), without reading every article again.
   */
  async withArticle(article: Article, vectors: Map<string, Float32Array>): Promise<Engine> {
    const { sentences: own, passages } = splitArticle(article);
    const articles = [...this.articles, article].sort(byFile);
    const { sentences: before, vectors: packed, dims } = this.space;
    const index = new Map(before.map((s, i) => [s.id, packed.subarray(i * dims, (i + 1) * dims)]));
    for (const s of own) index.set(s.id, vectors.get(s.id)!);
    const byArticle = new Map<string, Sentence[]>();
    for (const s of [...before, ...own]) {
      let list = byArticle.get(s.articleId);
      if (!list) byArticle.set(s.articleId, (list = []));
      list.push(s);
    }
    // in the order of the articles, as a fresh open splits them
    const sentences = articles.flatMap((a) => byArticle.get(a.id) ?? []);
    const counts = new Map(this.sources().map((s) => [s.article.id, s.passages])).set(article.id, passages.length);
    const space = await searchSpace(sentences, index, this.embedder);
    return new Engine(listSources(articles, counts), articles, space, this.embedder, this.ranking, this.suggestions, this.followUp);
  }

  /** An engine answers with itself: its articles change only in a new engine. */
  get current(): this {
    return this;
  }

  /** The sentences in search-space order; read by tests. */
  get sentences(): Sentence[] {
    return this.space.sentences;
  }

  /** The trip's events in date order, or those about a filter's words (see Timeline.events). */
  timeline(filter = ''): Promise<TimelineEvent[]> {
    return this.story.events(filter);
  }

  /** Dates the undated articles' own words imply (see Timeline.inferredDates). */
  inferredDates(): Promise<Map<string, InferredDate>> {
    return this.story.inferredDates();
  }

  /**
   * Answers with verbatim extracts, best first, or abstains when the articles do not hold the answer.
   * `previous` is what the conversation's last answer left to lean on: a message that leans on it ("and in
   * Yerevan?", "why?", "who said that") is read beside that question, its answer sought near the last one (see
   * src/retrieval/followup.ts). `reading: 'beside'` reads a message beside it in any case (the button offered under
   * a short message that was answered as it stands).
   */
  async ask(question: string, previous?: Topic, reading: Reading = 'auto'): Promise<Answer> {
    const text = question.replace(/\s+/g, ' ').trim();
    const intent = detectIntent(text);
    if (intent.kind === 'language') return { question, abstained: true, type: 'other-language', extracts: [], language: intent.language };
    if (intent.kind === 'small-talk') return { question, abstained: true, type: 'small-talk', extracts: [], talk: intent.talk };
    const read = await this.read(text);
    const followUp = readFollowUp(read, previous?.question, this.names);
    const beside = previous && (followUp.leaning === 'leans' || (followUp.leaning === 'maybe' && reading === 'beside')) ? previous : undefined;
    const r = beside
      ? await this.rank(followUp.completed ?? `${read} ${topicOf(beside.question)}`, this.ranking, await this.besideVector(text, beside), this.nearIndex(beside))
      : await this.rank(read, this.ranking, await this.queryVector(this.asTyped(text)));
    const decision = r && this.judge(r);
    const answered = !!(r && decision?.answer);
    const base = {
      question,
      // read beside the last question but not completed into one: no single question it was understood as
      understood: followUp.completed ?? (beside ? undefined : r?.understood),
      confidence: decision && round(decision.confidence),
      topic: { question: beside ? (followUp.completed ?? beside.question) : read, ...(answered ? { near: r.ranked[0].sentence.id } : {}) },
      ...(beside ? { followUpOf: beside.question } : {}),
      ...(previous && !beside && followUp.leaning === 'maybe' ? { mayFollow: previous.question } : {}),
    };
    if (!r || !decision?.answer) {
      const reason = !text ? 'the question is empty' : !r ? 'the question has no words I can look up' : null;
      const suggestions = this.suggestions.nearest(r?.query.vector);
      return { ...base, abstained: true, type: 'not-found', extracts: [], ...(reason ? { reason } : {}), suggestions };
    }
    const extracts = selectExtracts(r.ranked, { articles: this.byId, previous: this.previous, keepGap: this.ranking.keepGap }, EXTRACT_LIMIT)
      .map((e) => ({ ...e, bold: emphasis(r.query.question, e.quote) }));
    return { ...base, abstained: false, type: 'quotes', extracts };
  }

  /**
   * The ranking without the reply: chat spellings expanded, typos mended, the question analysed, sentences
   * ranked by the fitted model. Null when nothing is left to look up. `ranking` replaces the engine's fitted
   * model: scripts/fit.ts and scripts/fitting.ts fit it through this, and the tests read the ranking here.
   */
  async retrieve(text: string, ranking: FittedModel = this.ranking): Promise<Retrieval | null> {
    return this.rank(await this.read(text), ranking, await this.queryVector(this.asTyped(text)));
  }

  /** Whether the ranking's first extract answers the question, and how sure that is. */
  judge(r: Retrieval): Decision {
    return decide(r.signals, this.ranking.decision);
  }

  /** What the encoder reads: the message as typed (greeting aside); its word pieces carry typos and chat spellings
   * better than the mended words (validation hit@1 78.6% against 77.9%). */
  private asTyped(text: string): string {
    return withoutGreeting(text);
  }

  /** A message as the ranking reads it: greeting dropped, chat spellings expanded, typos mended. */
  private async read(text: string): Promise<string> {
    const expanded = expandChatSpellings(withoutGreeting(text));
    const strange = [...new Set(words(expanded))].filter((w) => !this.corpusWords.has(w));
    const known = await this.embedder.embedWords(strange);
    return mendTypos(expanded, this.corpusWords, new Set(strange.filter((_, i) => !known[i])));
  }

  private async queryVector(text: string): Promise<Float32Array> {
    const [vector] = await this.embedder.embed([text], 'query');
    return vector;
  }

  /** A follow-up's vector: the message's, drawn towards the question it leans on. */
  private async besideVector(text: string, previous: Topic): Promise<Float32Array> {
    const [own, before] = await this.embedder.embed([this.asTyped(text), previous.question], 'query');
    return besideQuestion(own, before, this.followUp.beside);
  }

  /** Where the sentence a topic's answer quoted first stands now (articles may have been added since), if anywhere. */
  private nearIndex(topic: Topic): number | undefined {
    const at = topic.near === undefined ? -1 : this.space.sentences.findIndex((s) => s.id === topic.near);
    return at < 0 ? undefined : at;
  }

  /** `near`: a follow-up's answer is sought near the sentence the last answer quoted first. */
  private async rank(understood: string, ranking: FittedModel, vector: Float32Array, near?: number): Promise<Retrieval | null> {
    const asked = analyseQuestion(understood);
    const lexicon = this.space.lexicon;
    const question = { ...asked, words: asked.words.map((w) => ({ ...w, term: lexicon.closestForm(w.term) })) };
    if (!question.words.length) return null;
    const wordList = [...new Set(question.words.map((w) => w.word))];
    const wordVectors = await this.embedder.embedWords(wordList);
    const query: Query = { question, vector, words: queryWords(this.space, question, new Map(wordList.map((w, i) => [w, wordVectors[i]])), ranking.floor) };
    const ranked = near === undefined ? rankSentences(this.space, query, ranking) : towardsNear(rankSentences(this.space, query, ranking), this.space.sentences, near, this.followUp);
    return { understood, query, ranked, signals: decisionFeatures(this.space, query, ranked) };
  }

  /**
   * The text an extract of this sentence quotes: with the sentence before when it opens with a reference to it, and
   * the list after when it introduces one. The fitting scripts score a ranking by it.
   */
  quoteOf(s: Sentence): string {
    const article = this.byId.get(s.articleId)!;
    const { start, end } = quoteSpan(s, this.previous.get(s.id), article);
    return article.text.slice(start, end);
  }
}

/** What the surfaces (the bot, the CLIs) need of an engine over one set of articles. */
export type AnswerEngine = Pick<Engine, 'ask' | 'sources' | 'article' | 'numbers' | 'timeline' | 'inferredDates'>;

/**
 * Where a surface takes the engine to answer with: an engine is its own; the live engine (live.ts) and the bot's
 * engine threads (workers/pool.ts) give the one answering now, replaced when the articles change. Whoever answers
 * takes `current` once and uses it throughout, so a reload in between neither takes an article from under it nor
 * renumbers it.
 */
export interface Answering {
  readonly current: AnswerEngine;
}
