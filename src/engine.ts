import type { Answer, Article, Extract, Passage, Sentence, TimelineEvent } from './types.js';
import { loadCorpus } from './corpus/articles.js';
import { splitCorpus } from './passages/split.js';
import { loadEmbedder, type Embedder, type EmbedderOptions } from './embeddings/embedder.js';
import { ensureIndex } from './index/store.js';
import { Bm25, terms } from './retrieval/lexical.js';
import { analyseQuestion, type AnswerKind } from './retrieval/question.js';
import { kindEvidence, rankSentences, unknownEntities, unknownShare, type SearchSpace } from './retrieval/rank.js';
import { selectExtracts } from './answer/extract.js';
import { abstainHtml, answerHtml, numbering } from './answer/reply.js';

export interface EngineOptions extends EmbedderOptions {
  seedsDir: string;
  embeddingsDir: string;
  /** Called with human-readable status lines (warnings, rebuilds). */
  log?: (line: string) => void;
  /** Called while an index is being built. */
  progress?: (done: number, total: number) => void;
}

/** How many extracts `ask` returns; the bot shows the first few and offers the rest behind a button. */
export const EXTRACT_LIMIT = 6;
export const SHOWN_EXTRACTS = 3;
// Below both, the best sentence neither shares the question's key words nor its meaning.
const MIN_LEXICAL = 0.34;
const MIN_DENSE = 0.62;
// When most of the question's weight lies in words no article uses, only a meaning match that stands out
// from the rest of the corpus (in standard deviations) may answer.
const MAX_UNKNOWN_SHARE = 0.55;
const MIN_DENSE_Z_UNKNOWN = 2.5;
// A "who", "when" or "how many" question whose best sentence names no person, time or amount, and does not
// hold all of the question's words either, is not answered by the articles.
const STRICT_KINDS: AnswerKind[] = ['person', 'time', 'quantity'];
const FULL_COVERAGE = 0.9;

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
  private events: Promise<TimelineEvent[]> | null = null;
  private readonly passageCounts = new Map<string, number>();

  private constructor(
    readonly articles: Article[],
    passages: Passage[],
    private readonly space: SearchSpace,
    readonly embedder: Embedder,
  ) {
    this.numbers = numbering(articles);
    this.byId = new Map(articles.map((a) => [a.id, a]));
    for (const p of passages) this.passageCounts.set(p.articleId, (this.passageCounts.get(p.articleId) ?? 0) + 1);
    space.sentences.forEach((s, i) => {
      const before = space.sentences[i - 1];
      if (before && before.passageId === s.passageId) this.previous.set(s.id, before);
    });
  }

  /** Loads everything, building or rebuilding the index first when it is missing, stale or unreadable. */
  static async open(opts: EngineOptions): Promise<Engine> {
    const log = opts.log ?? (() => {});
    const corpus = loadCorpus(opts.seedsDir);
    corpus.warnings.forEach(log);
    if (!corpus.articles.length) throw new Error(`No readable articles in ${opts.seedsDir}.`);
    const { sentences, passages } = splitCorpus(corpus.articles);
    const embedder = await loadEmbedder(opts);
    const index = await ensureIndex(opts.embeddingsDir, { articles: corpus.articles, passages, sentences }, embedder, opts);

    const vectors = new Float32Array(sentences.length * embedder.dims);
    sentences.forEach((s, i) => vectors.set(index.vectors.get(s.id)!, i * embedder.dims));
    const space: SearchSpace = {
      sentences,
      vectors,
      dims: embedder.dims,
      lexicon: new Bm25(sentences.map((s) => terms(s.text))),
      passageVectors: new Map(passages.map((p) => [p.id, index.vectors.get(p.id)!])),
    };
    return new Engine(corpus.articles, passages, space, embedder);
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

  /** The trip's events in date order, built on first use. The date parser loads only then: `ask` never needs it. */
  timeline(): Promise<TimelineEvent[]> {
    this.events ??= import('./timeline/extract.js').then(({ buildTimeline }) => buildTimeline(this.articles, this.sentences, this.numbers));
    return this.events;
  }

  article(id: string): Article | undefined {
    return this.byId.get(id);
  }

  /** Answers with verbatim extracts, best first, or abstains when the articles do not hold the answer. */
  async ask(question: string, limit = EXTRACT_LIMIT): Promise<Answer> {
    const text = question.replace(/\s+/g, ' ').trim();
    const abstain = (reason: string | null): Answer => ({
      question,
      abstained: true,
      extracts: [],
      reply: abstainHtml(text, reason),
    });
    const asked = analyseQuestion(text);
    const q = { ...asked, terms: asked.terms.map((t) => this.space.lexicon.closestForm(t)) };
    if (!q.terms.length) return abstain(text ? 'the question has no words I can look up' : 'the question is empty');
    const unknown = unknownEntities(q, this.space.lexicon);
    if (unknown.length) return abstain(`no article mentions ${unknown.join(', ')}`);

    const [qVector] = await this.embedder.embed([text]);
    const ranked = rankSentences(this.space, q, qVector);
    const best = ranked[0];
    if (!best || (best.lexical < MIN_LEXICAL && best.dense < MIN_DENSE)) return abstain(null);
    if (unknownShare(q, this.space.lexicon) > MAX_UNKNOWN_SHARE && best.denseZ < MIN_DENSE_Z_UNKNOWN) return abstain(null);
    const strict = q.kinds.filter((k) => STRICT_KINDS.includes(k));
    if (strict.length && best.lexical < FULL_COVERAGE && !kindEvidence({ ...q, kinds: strict })(best.sentence.text)) {
      return abstain(null);
    }

    const extracts = selectExtracts(ranked, { articles: this.byId, previous: this.previous }, limit);
    return { question, abstained: false, extracts, reply: this.replyHtml(extracts.slice(0, SHOWN_EXTRACTS)) };
  }

  replyHtml(extracts: Extract[]): string {
    return answerHtml(extracts, this.numbers);
  }
}
