/** Domain types shared along the pipeline: seeds -> corpus -> embeddings -> index -> retrieval -> answer. */

/** A span of the raw article text, [start, end) in UTF-16 code units. */
export interface Span {
  start: number;
  end: number;
}

/** A line of an article after cleaning: prose and list items can be quoted, headings only give context. */
export interface Block extends Span {
  kind: 'paragraph' | 'bullet' | 'heading';
}

export interface Article {
  /** The seed's file name without extension: its stable id. */
  id: string;
  /** The file name in seeds/. */
  file: string;
  title: string;
  /** True when no headline was found and `title` is a label made from the lead. */
  titleIsLabel: boolean;
  /** YYYY-MM-DD when the text or sources.json states it, otherwise null (never guessed). */
  date: string | null;
  publisher: string | null;
  url: string | null;
  /** When it was added by `npm run add` or /add (ISO 8601, UTC), from sources.json; null for the others. */
  added: string | null;
  /** The raw file text: every offset points into it, so quotes are verbatim by construction. */
  text: string;
  blocks: Block[];
}

export interface Sentence extends Span {
  id: string;
  articleId: string;
  passageId: string;
  text: string;
  /** What a quote of this sentence covers: the whole quotation with its attribution (its own span if none). */
  unit: Span;
}

export interface Passage extends Span {
  id: string;
  articleId: string;
  text: string;
  sentenceIds: string[];
}

export interface SourceRef {
  id: string;
  file: string;
  title: string;
  date: string | null;
  url: string | null;
}

/** A verbatim quote and where it stands in its article. */
export interface Citation {
  quote: string;
  source: SourceRef;
  span: Span;
}

export interface Extract {
  quote: string;
  source: SourceRef;
  /** Ids of other articles that carry (nearly) the same sentence. */
  alsoIn: string[];
  /** Those articles' own sentences, verbatim, and where they stand: each citation can be checked. */
  elsewhere: Citation[];
  score: number;
  /** Where the quote stands in `source.file`. */
  span: Span;
  /** The parts of the quote that answer the question, offsets into `quote` (shown in bold). */
  bold?: Span[];
}

/**
 * quotes: extracts answer it; not-found: the articles do not; small-talk and other-language: a reply of our own.
 * An answer is data: each surface renders it (src/telegram/render.ts for Telegram and `ask`).
 */
/** What the next message of a conversation may lean on. */
export interface Topic {
  /** The conversation's last question that stood on its own or was completed from the one before. */
  question: string;
  /** The id of the sentence the last answer quoted first: a follow-up's answer often stands in it or beside it. */
  near?: string;
}

/** How to read a message against the conversation: as the engine judges, or beside the last question in any case. */
export type Reading = 'auto' | 'beside';

export type AnswerType = 'quotes' | 'not-found' | 'small-talk' | 'other-language';
/** Small talk the bot replies to in kind (src/retrieval/intent.ts tells it). */
export type SmallTalk = 'greeting' | 'thanks' | 'identity' | 'farewell';
/** A language the bot says it does not answer in: Russian, Armenian, Azerbaijani, or another. */
export type Language = 'ru' | 'hy' | 'az' | 'other';

export interface Answer {
  question: string;
  /** True whenever there are no extracts (not found, small talk, another language). */
  abstained: boolean;
  type: AnswerType;
  /** The question after chat spellings and typos were mended, as the ranking read it; a follow-up completed. */
  understood?: string;
  /** For a follow-up read beside the conversation's last question: that question. */
  followUpOf?: string;
  /** For a short message that may lean on the last question but was answered as it stands: that question. */
  mayFollow?: string;
  /** What the conversation's next message may lean on (not set for small talk, which leaves the topic as it was). */
  topic?: Topic;
  /** The probability that the first extract answers the question (see src/retrieval/decision.ts). */
  confidence?: number | null;
  extracts: Extract[];
  /** When not found for a reason other than the articles' silence: why ("the question is empty"). */
  reason?: string;
  /** For small talk: what kind ("greeting", "thanks"…). */
  talk?: SmallTalk;
  /** For a question in another language: which. */
  language?: Language;
  /** When not found: questions the articles answer, closest in meaning to this one first. */
  suggestions?: string[];
}

export type DatePrecision = 'day' | 'month' | 'year';

/** One dated event of the trip's story, quoted verbatim from its first source. */
export interface TimelineEvent {
  /** YYYY-MM-DD, YYYY-MM or YYYY, as precise as the text allows. */
  date: string;
  precision: DatePrecision;
  /** The first and last day the date stands for (YYYY-MM-DD): one day, a week ("last week"), a month or a year. */
  days: { from: string; to: string };
  /** True when the date was resolved against an article date inferred from other articles. */
  inferred: boolean;
  /** True for plans announced before they happened ("will travel in February"). */
  planned: boolean;
  /** The most informative report's sentence, verbatim. */
  text: string;
  /** A short label from that sentence (verbatim pieces, cuts marked "…"): what the picture shows. */
  label: string;
  /** The articles reporting the event, the one quoted first. */
  sources: SourceRef[];
  /** Each report of the event: its article and its own sentence, verbatim, with the sentence's offsets. */
  reports: { source: SourceRef; sentence: string; span: Span }[];
}
