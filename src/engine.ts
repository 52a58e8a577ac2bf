import type { Answer, Article, Passage, Reading, Sentence, TimelineEvent, Topic } from './types.js';
import type { InferredDate } from './timeline/extract.js';
import type { StoryEvent } from './timeline/events.js';
import { loadCorpus } from './corpus/articles.js';
import { NoArticlesError } from './errors.js';
import { splitCorpus } from './corpus/sentences.js';
import { loadEmbedder, type Embedder, type EmbedderOptions } from './embeddings/embedder.js';
import { ensureIndex } from './index/store.js';
import { withIndexLock } from './index/lock.js';
import { Bm25, terms, words } from './retrieval/lexical.js';
import { analyseQuestion } from './retrieval/question.js';
import { dot, queryWords, rankSentences, type Query, type Ranked, type SearchSpace } from './retrieval/rank.js';
import { WordSpace } from './retrieval/wordspace.js';
import { expandChatSpellings, mendTypos } from './retrieval/normalise.js';
import { detectIntent, withoutGreeting } from './retrieval/intent.js';
import { besideQuestion, FOLLOW_UP, namesOf, readFollowUp, towardsNear, topicOf, type FollowUpWeights, type Names } from './retrieval/followup.js';
import { decide, decisionFeatures, type Decision } from './retrieval/decision.js';
import { loadFittedModel, type DecisionVector, type FittedModel } from './retrieval/fitted.js';
import { quoteSpan, selectExtracts } from './answer/extract.js';
import { emphasis } from './answer/emphasis.js';
import { numbering } from './corpus/numbering.js';
import { SUGGESTED_QUESTIONS } from './answer/suggestions.js';

export interface EngineOptions extends EmbedderOptions {
  seedsDir: string;
  embeddingsDir: string;
  /** Called with human-readable status lines (warnings, rebuilds). */
  log?: (line: string) => void;
  /** Called while an index is being built. */
  progress?: (done: number, total: number) => void;
  /** The fitted ranker and answer decision; the committed one (src/retrieval/fitted-model.json) by default. */
  ranking?: FittedModel;
  /** A model already loaded (a reload after new articles keeps it); loaded from the options otherwise. */
  embedder?: Embedder;
  /** How follow-ups are read beside the last question; the chosen ones (src/retrieval/followup.ts) by default. */
  followUp?: FollowUpWeights;
}

/** How many extracts `ask` returns; the bot shows the first few and offers the rest behind a button. */
export const EXTRACT_LIMIT = 6;
/** How many questions a "not found" reply suggests. */
export const SHOWN_SUGGESTIONS = 3;

/** One question ranked: what it was understood as, its analysis and vector, the ranking. */
export interface Retrieval {
  understood: string;
  query: Query;
  ranked: Ranked[];
  /** What the ranking says about whether its first extract answers the question. */
  signals: DecisionVector;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Vectors of one size, end to end in one array: the layout the ranking's dot products read. */
function packed(vectors: Float32Array[], dims: number): Float32Array {
  const out = new Float32Array(vectors.length * dims);
  vectors.forEach((v, i) => out.set(v, i * dims));
  return out;
}

/**
 * Each passage's unit vector, the mean of its sentences': as good a context signal as embedding the passage
 * (validation hit@1 78.6% both ways) for half the encoder's work at ingest.
 */
function passageVectors(sentences: Sentence[], vectors: Float32Array, dims: number): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  sentences.forEach((s, i) => {
    let v = out.get(s.passageId);
    if (!v) out.set(s.passageId, (v = new Float32Array(dims)));
    for (let k = 0; k < dims; k++) v[k] += vectors[i * dims + k];
  });
  for (const v of out.values()) {
    const norm = Math.hypot(...v) || 1;
    for (let k = 0; k < dims; k++) v[k] /= norm;
  }
  return out;
}

export interface SourceInfo {
  number: number;
  article: Article;
  passages: number;
}

/** The whole answering path, loaded once: corpus, model, index and the in-memory search space. */
export class Engine {
  readonly numbers: Map<string, number>;
  private readonly byId: Map<string, Article>;
  private readonly previous = new Map<string, Sentence>();
  private events: Promise<StoryEvent[]> | null = null;
  private inferred: Promise<Map<string, InferredDate>> | null = null;
  private readonly passageCounts = new Map<string, number>();
  private readonly corpusWords: Set<string>;
  private readonly names: Names;

  private constructor(
    readonly articles: Article[],
    passages: Passage[],
    private readonly space: SearchSpace,
    readonly embedder: Embedder,
    readonly ranking: FittedModel,
    private readonly suggestionVectors: Float32Array,
    private readonly followUp: FollowUpWeights,
  ) {
    this.numbers = numbering(articles);
    this.corpusWords = new Set(space.words.words);
    this.names = namesOf(space.sentences.map((s) => s.text));
    this.byId = new Map(articles.map((a) => [a.id, a]));
    for (const p of passages) this.passageCounts.set(p.articleId, (this.passageCounts.get(p.articleId) ?? 0) + 1);
    space.before.forEach((j, i) => j >= 0 && this.previous.set(space.sentences[i].id, space.sentences[j]));
  }

  /** Loads everything, building or rebuilding the index first when it is missing, stale or unreadable. */
  static async open(opts: EngineOptions): Promise<Engine> {
    const log = opts.log ?? (() => {});
    const ranking = opts.ranking ?? loadFittedModel();
    const embedder = opts.embedder ?? (await loadEmbedder(opts));
    // The articles are read under the index's lock: an addition in another process or thread (which holds it) is
    // then seen whole, or not at all, and its vectors are never taken for a removed article's.
    const { corpus, sentences, passages, index } = await withIndexLock(opts.embeddingsDir, async () => {
      const corpus = await loadCorpus(opts.seedsDir);
      corpus.warnings.forEach(log);
      if (!corpus.articles.length) throw new NoArticlesError(`No readable articles in ${opts.seedsDir}.`, opts.seedsDir);
      const { sentences, passages } = splitCorpus(corpus.articles);
      return { corpus, sentences, passages, index: await ensureIndex(opts.embeddingsDir, { articles: corpus.articles, passages, sentences }, embedder, opts) };
    });

    const vectors = packed(sentences.map((s) => index.vectors.get(s.id)!), embedder.dims);
    const neighbour = (step: number) =>
      Int32Array.from(sentences, (s, i) => (sentences[i + step]?.passageId === s.passageId ? i + step : -1));
    const space: SearchSpace = {
      sentences,
      vectors,
      dims: embedder.dims,
      lexicon: new Bm25(sentences.map((s) => terms(s.text))),
      words: await WordSpace.build(sentences.map((s) => s.text), embedder),
      passageVectors: passageVectors(sentences, vectors, embedder.dims),
      before: neighbour(-1),
      after: neighbour(1),
    };
    const suggestionVectors = packed(await embedder.embed(SUGGESTED_QUESTIONS, 'query'), embedder.dims);
    return new Engine(corpus.articles, passages, space, embedder, ranking, suggestionVectors, opts.followUp ?? FOLLOW_UP);
  }

  sources(): SourceInfo[] {
    return [...this.articles]
      .sort((a, b) => this.numbers.get(a.id)! - this.numbers.get(b.id)!)
      .map((article) => ({
        number: this.numbers.get(article.id)!,
        article,
        passages: this.passageCounts.get(article.id) ?? 0,
      }));
  }

  get sentences(): Sentence[] {
    return this.space.sentences;
  }

  /**
   * The trip's events in date order, built on first use (the date parser loads only then: `ask` never needs it);
   * with a filter, the events about its words, labelled from the act that holds them (src/timeline/format.ts).
   * Filtered here, where the events keep what relabels them: what is returned is plain data, for any thread.
   */
  async timeline(filter = ''): Promise<TimelineEvent[]> {
    this.events ??= this.eventMeasures().then(({ buildTimeline, reports, likeness, weight, rough }) => buildTimeline(reports, likeness, weight, rough));
    const [{ filterTimeline }, { plainEvent }, events] = await Promise.all([import('./timeline/format.js'), import('./timeline/events.js'), this.events]);
    return (filter ? filterTimeline(events, filter) : events).map(plainEvent);
  }

  /**
   * What the timeline is built from: the dated sentences, and what it groups them and labels events by (the
   * ranking's word space and idf weights, and the sentence vectors to find each report's nearest on a large corpus).
   */
  async eventMeasures() {
    const events = await import('./timeline/events.js');
    const { datedReports } = await import('./timeline/extract.js');
    const weight = (term: string) => this.space.lexicon.idf(term);
    const { vectors, dims } = this.space;
    const rough = (a: { index: number }, b: { index: number }) => dot(vectors.subarray(a.index * dims, (a.index + 1) * dims), vectors, b.index * dims);
    const reports = datedReports(this.articles, this.sentences, this.numbers, await this.inferredDates());
    return { ...events, reports, weight, rough, likeness: events.clauseLikeness(this.space.words, weight) };
  }

  /** Dates the undated articles' own words imply, with the evidence (see src/timeline/extract.ts); found once. */
  inferredDates(): Promise<Map<string, InferredDate>> {
    this.inferred ??= import('./timeline/extract.js').then(({ inferArticleDates }) => inferArticleDates(this.articles, this.sentences));
    return this.inferred;
  }

  article(id: string): Article | undefined {
    return this.byId.get(id);
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
      const suggestions = this.suggestionsFor(r?.query.vector);
      return { ...base, abstained: true, type: 'not-found', extracts: [], ...(reason ? { reason } : {}), suggestions };
    }
    const extracts = selectExtracts(r.ranked, { articles: this.byId, previous: this.previous, keepGap: this.ranking.keepGap }, EXTRACT_LIMIT)
      .map((e) => ({ ...e, bold: emphasis(r.query.question, e.quote) }));
    return { ...base, abstained: false, type: 'quotes', extracts };
  }

  /**
   * The ranking without the reply: chat spellings expanded, typos mended, the question analysed, sentences
   * ranked by the fitted model. Null when nothing is left to look up. `ranking` replaces the engine's fitted
   * model (for fitting it).
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

  /** Suggested questions nearest in meaning to a question's vector (all of them, in order, without one). */
  private suggestionsFor(vector: Float32Array | undefined, count = SHOWN_SUGGESTIONS): string[] {
    if (!vector) return SUGGESTED_QUESTIONS.slice(0, count);
    return SUGGESTED_QUESTIONS.map((q, i) => ({ q, near: dot(vector, this.suggestionVectors, i * this.embedder.dims) }))
      .sort((a, b) => b.near - a.near)
      .slice(0, count)
      .map((s) => s.q);
  }

  /** The text an extract of this sentence quotes: with the sentence before when it opens with a reference to it, and the list after when it introduces one. */
  quoteOf(s: Sentence): string {
    const article = this.byId.get(s.articleId)!;
    const { start, end } = quoteSpan(s, this.previous.get(s.id), article);
    return article.text.slice(start, end);
  }
}

/** What the surfaces (the bot, the CLIs) need of the answering engine: the engine itself, or one that swaps it on reload. */
export type AnswerEngine = Pick<Engine, 'ask' | 'sources' | 'article' | 'numbers' | 'timeline' | 'inferredDates'>;
