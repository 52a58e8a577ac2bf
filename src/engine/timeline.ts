import type { Article, TimelineEvent } from '../types.js';
import type { InferredDate } from '../timeline/extract.js';
import type { StoryEvent } from '../timeline/events.js';
import { dot, type SearchSpace } from '../retrieval/rank.js';

/**
 * One set of articles' timeline, built on first use (the date parser loads only then: `ask` never needs it) from
 * the articles and the ranking's search space, and kept.
 */
export class Timeline {
  private built: Promise<StoryEvent[]> | null = null;
  private inferred: Promise<Map<string, InferredDate>> | null = null;

  constructor(
    private readonly articles: Article[],
    private readonly space: SearchSpace,
    private readonly numbers: Map<string, number>,
  ) {}

  /**
   * The trip's events in date order; with a filter, the events about its words, labelled from the act that holds
   * them (src/timeline/format.ts). Filtered here, where the events keep what relabels them: what is returned is
   * plain data, for any thread.
   */
  async events(filter = ''): Promise<TimelineEvent[]> {
    this.built ??= this.measures().then(({ buildTimeline, reports, likeness, weight, rough }) => buildTimeline(reports, likeness, weight, rough));
    const [{ filterTimeline }, { plainEvent }, events] = await Promise.all([import('../timeline/format.js'), import('../timeline/events.js'), this.built]);
    return (filter ? filterTimeline(events, filter) : events).map(plainEvent);
  }

  /**
   * What the timeline is built from: the dated sentences, and what it groups them and labels events by (the
   * ranking's word space and idf weights, and the sentence vectors to find each report's nearest on a large corpus).
   * Also read by scripts/fit-events.ts, which fits the grouping's threshold.
   */
  async measures() {
    const events = await import('../timeline/events.js');
    const { datedReports } = await import('../timeline/extract.js');
    const weight = (term: string) => this.space.lexicon.idf(term);
    const { vectors, dims, sentences } = this.space;
    const rough = (a: { index: number }, b: { index: number }) => dot(vectors.subarray(a.index * dims, (a.index + 1) * dims), vectors, b.index * dims);
    const reports = datedReports(this.articles, sentences, this.numbers, await this.inferredDates());
    return { ...events, reports, weight, rough, likeness: events.clauseLikeness(this.space.words, weight) };
  }

  /** Dates the undated articles' own words imply, with the evidence (see src/timeline/extract.ts); found once. */
  inferredDates(): Promise<Map<string, InferredDate>> {
    this.inferred ??= import('../timeline/extract.js').then(({ inferArticleDates }) => inferArticleDates(this.articles, this.space.sentences));
    return this.inferred;
  }
}
