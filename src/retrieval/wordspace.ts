import type { Embedder } from '../embeddings/embedder.js';
import { termWords, type TermWord } from './lexical.js';

/**
 * The corpus's content words with the model's own vector for each, and every sentence as a list of word ids:
 * what word-level meaning matching needs. Built once when the engine opens (one token-level pass).
 */
export class WordSpace {
  private constructor(
    /** Distinct content words of the corpus, lower-cased as written. */
    readonly words: string[],
    /** The stemmed term of each word. */
    readonly terms: string[],
    /** Row i: unit vector of word i, or all zeros for a word the model does not know. */
    private readonly vectors: Float32Array,
    readonly dims: number,
    /** For each sentence, the ids of its distinct content words. */
    readonly sentenceWords: Uint32Array[],
    /** For each word id, the sentences holding it. */
    readonly wordSentences: number[][],
  ) {}

  static async build(sentences: string[], embedder: Embedder): Promise<WordSpace> {
    const ids = new Map<string, number>();
    const terms: string[] = [];
    const sentenceWords = sentences.map((s) => {
      const own = new Set<number>();
      for (const { word, term } of termWords(s)) {
        let id = ids.get(word);
        if (id === undefined) {
          ids.set(word, (id = ids.size));
          terms.push(term);
        }
        own.add(id);
      }
      return Uint32Array.from(own);
    });
    const words = [...ids.keys()];
    const found = await embedder.embedWords(words);
    // the word model's size, not the sentence encoder's
    const dims = found.find((v) => v)?.unit.length ?? 0;
    const vectors = new Float32Array(words.length * dims);
    found.forEach((v, i) => v && vectors.set(v.unit, i * dims));
    const wordSentences: number[][] = words.map(() => []);
    sentenceWords.forEach((ws, i) => ws.forEach((w) => wordSentences[w].push(i)));
    return new WordSpace(words, terms, vectors, dims, sentenceWords, wordSentences);
  }

  /** Cosine similarity of a (unit) word vector to every corpus word; 0 where either is unknown to the model. */
  similarities(v: Float32Array | null): Float32Array {
    const out = new Float32Array(this.words.length);
    if (!v) return out;
    for (let i = 0; i < out.length; i++) {
      let s = 0;
      const o = i * this.dims;
      for (let k = 0; k < this.dims; k++) s += v[k] * this.vectors[o + k];
      out[i] = s;
    }
    return out;
  }

  /**
   * How much of a's meaning b carries (both lists of word ids): each word of a earns 1 when b holds its term,
   * else the similarity credit of b's nearest word; the mean weighted by `weight` (idf), in [0, 1].
   */
  carried(a: ArrayLike<number>, b: ArrayLike<number>, weight: (term: string) => number, floor: number): number {
    let total = 0;
    let earned = 0;
    const theirs = Array.from(b);
    for (const w of Array.from(a)) {
      const wt = weight(this.terms[w]);
      let best = 0;
      for (const o of theirs) {
        best = Math.max(best, this.terms[o] === this.terms[w] ? 1 : similarityCredit(this.dot(w, o), floor));
        if (best === 1) break;
      }
      total += wt;
      earned += wt * best;
    }
    return total ? earned / total : 0;
  }

  /** The ids of a text's content words that the corpus holds (a part of a sentence, say). */
  idsOf(text: string): number[] {
    this.ids ??= new Map(this.words.map((w, i) => [w, i]));
    return [...new Set(termWords(text).flatMap(({ word }) => this.ids!.get(word) ?? []))];
  }

  private ids: Map<string, number> | undefined;

  private dot(a: number, b: number): number {
    let s = 0;
    for (let k = 0, x = a * this.dims, y = b * this.dims; k < this.dims; k++) s += this.vectors[x + k] * this.vectors[y + k];
    return s;
  }
}

/** A question's content word with its idf weight and the credit every corpus word earns for meeting it. */
export interface QueryWord extends TermWord {
  idf: number;
  /** How specific the word is (its weight in the model, 1 for words the model lacks): "weather" more than "sit". */
  specificity: number;
  /** Whether some sentence holds the term itself. */
  known: boolean;
  /** For every corpus word: 1 for a form of this word (same term), else its similarity credit. */
  credit: Float32Array;
}

/**
 * Credit for meeting a question word through a similar word: 0 at or below the floor (unrelated words of one
 * topic still score 0.1–0.3), rising linearly to 1 for the same vector. The floor is fitted (scripts/fit.ts).
 */
export function similarityCredit(sim: number, floor: number): number {
  return sim <= floor ? 0 : Math.min(1, (sim - floor) / (1 - floor));
}
