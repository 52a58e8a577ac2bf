import type { Embedder } from '../embeddings/embedder.js';
import { dot } from '../retrieval/rank.js';
import { SUGGESTED_QUESTIONS } from '../answer/suggestions.js';
import { packed } from './space.js';

/** How many questions a "not found" reply suggests. */
const SHOWN_SUGGESTIONS = 3;

/** The suggested questions with their vectors, embedded once, to offer those nearest in meaning to a question. */
export class Suggestions {
  private constructor(
    private readonly vectors: Float32Array,
    private readonly dims: number,
  ) {}

  static async embed(embedder: Embedder): Promise<Suggestions> {
    return new Suggestions(packed(await embedder.embed(SUGGESTED_QUESTIONS, 'query'), embedder.dims), embedder.dims);
  }

  /** Suggested questions nearest in meaning to a question's vector (all of them, in order, without one). */
  nearest(vector: Float32Array | undefined, count = SHOWN_SUGGESTIONS): string[] {
    if (!vector) return SUGGESTED_QUESTIONS.slice(0, count);
    return SUGGESTED_QUESTIONS.map((q, i) => ({ q, near: dot(vector, this.vectors, i * this.dims) }))
      .sort((a, b) => b.near - a.near)
      .slice(0, count)
      .map((s) => s.q);
  }
}
