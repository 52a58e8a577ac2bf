import { stemmer } from 'stemmer';

// Function words and question words: they say how a question is asked, not what it is about.
const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both
  but by can could did do does doing down during each few for from further had has have having he her here hers herself
  him himself his i if in into is it its itself just me more most my myself no nor not of off on once only or other our
  ours ourselves out over own same she should so some such than that the their theirs them themselves then there these
  they this those through to too under until up very was we were what when where which while who whom whose why will
  with would you your yours yourself yourselves how many much did does tell me please know said says say according
  define describe explain s t don doesn didn isn wasn weren won wouldn ll ve re d m`.split(/\s+/),
);

// Irregular past forms the stemmer leaves apart from their verb ("met" vs "meet").
const IRREGULAR: Record<string, string> = {
  met: 'meet', held: 'hold', sold: 'sell', bought: 'buy', told: 'tell', left: 'leave', began: 'begin', begun: 'begin',
  came: 'come', saw: 'see', seen: 'see', found: 'find', brought: 'bring', sent: 'send', spent: 'spend', went: 'go',
  gone: 'go', made: 'make', took: 'take', taken: 'take', gave: 'give', given: 'give', won: 'win', lost: 'lose',
  struck: 'strike', fought: 'fight', led: 'lead', paid: 'pay', kept: 'keep', built: 'build', chose: 'choose',
  chosen: 'choose', wrote: 'write', written: 'write', spoke: 'speak', spoken: 'speak', flew: 'fly', flown: 'fly',
  sought: 'seek', sale: 'sell', sales: 'sell', thought: 'think', stood: 'stand', understood: 'understand', drew: 'draw', drawn: 'draw',
};

/** Lower-cased, accent-free words; dotted abbreviations ("U.S.") become one word ("us"), as do "United States". */
export function words(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\b(\p{L})\.(\p{L})\.(?:(\p{L})\.)?/gu, '$1$2$3')
    // "United States", "U.S.", "US" and "USA" name one country: one term.
    .replace(/\bunited states(?: of america)?\b|\busa\b/g, 'us');
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A content word as written (lower-cased) and its stemmed term. */
export interface TermWord {
  word: string;
  term: string;
}

/** The content words of a text with their terms: the word carries meaning (its vector), the term matches forms. */
export function termWords(text: string): TermWord[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w) && (w.length > 1 || /\d/.test(w)))
    .map((word) => ({ word, term: /\d/.test(word) ? word : stemmer(IRREGULAR[word] ?? word) }));
}

/** The content terms of a text, stemmed: the unit of the lexical score. */
export function terms(text: string): string[] {
  return termWords(text).map((t) => t.term);
}


/** Okapi BM25 over short documents (sentences), with postings so a query touches only matching documents. */
export class Bm25 {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[];
  private readonly avgLength: number;

  constructor(
    docs: string[][],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.lengths = docs.map((d) => d.length);
    this.avgLength = this.lengths.reduce((s, n) => s + n, 0) / Math.max(1, docs.length);
    docs.forEach((doc, i) => {
      const tf = new Map<string, number>();
      for (const t of doc) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let list = this.postings.get(t);
        if (!list) this.postings.set(t, (list = []));
        list.push({ doc: i, tf: n });
      }
    });
  }

  get size(): number {
    return this.lengths.length;
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  vocabulary(): IterableIterator<string> {
    return this.postings.keys();
  }

  /**
   * A term the corpus lacks, mapped to the corpus's closest form of the same word: a known term that extends
   * it, or that it extends, by at most 3 letters ("lead" to "leader": the stemmer leaves derived forms apart).
   * Known terms, and numbers, stay as they are. (Typos are mended on words before analysis: normalise.ts.)
   */
  closestForm(term: string): string {
    if (this.postings.has(term) || term.length < 4 || /\d/.test(term)) return term;
    let best: string | null = null;
    for (const v of this.postings.keys()) {
      if (v.length < 4 || Math.abs(v.length - term.length) > 3) continue;
      if ((v.startsWith(term) || term.startsWith(v)) && (!best || Math.abs(v.length - term.length) < Math.abs(best.length - term.length))) best = v;
    }
    return best ?? term;
  }

  /** Inverse document frequency; a term no document holds gets the highest possible value. */
  idf(term: string): number {
    const df = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Documents holding a term, each with the sum of BM25 weights and the idf mass of distinct terms matched. */
  search(query: string[]): Map<number, { bm25: number; matched: number }> {
    const out = new Map<number, { bm25: number; matched: number }>();
    for (const term of new Set(query)) {
      const idf = this.idf(term);
      for (const { doc, tf } of this.postings.get(term) ?? []) {
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[doc]) / this.avgLength);
        const hit = out.get(doc) ?? { bm25: 0, matched: 0 };
        hit.bm25 += (idf * tf * (this.k1 + 1)) / (tf + norm);
        hit.matched += idf;
        out.set(doc, hit);
      }
    }
    return out;
  }
}

/**
 * Whether b is a plausible typo of a: within one edit (two for words of 8 letters or more), a swap of two
 * neighbouring letters counting as one; short words never are, and the first letter is rarely the typo.
 */
export function typoApart(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < 4 || a[0] !== b[0]) return false;
  const max = Math.max(a.length, b.length) >= 8 ? 2 : 1;
  if (Math.abs(a.length - b.length) > max) return false;
  // optimal string alignment distance: Levenshtein plus adjacent transpositions
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i ? (j ? 0 : i) : j)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length] <= max;
}
