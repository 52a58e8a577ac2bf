import type { Answer, Article, Citation, Extract, Language, SmallTalk, Span } from '../types.js';
import { EXAMPLE_QUESTIONS } from '../answer/suggestions.js';
import { escapeHtml } from '../text/html.js';
import { humanDate } from '../text/dates.js';
import { dateText, paragraphPlace, publisherOf } from '../answer/provenance.js';

/** Telegram refuses messages longer than this many characters after entity parsing. */
export const TELEGRAM_LIMIT = 4096;
/** Extracts a reply shows; the rest wait behind "More extracts". */
export const SHOWN_EXTRACTS = 3;

/**
 * An answer as Telegram HTML: what the bot sends, and what `ask --json` gives as `reply`. The engine returns the
 * answer as data; this is where it becomes text.
 */
export function replyHtml(a: Answer, numbers: Map<string, number>): string {
  const shown = a.followUpOf ? (a.understood ? understoodHtml(a.understood) : followingHtml(a.followUpOf)) : '';
  switch (a.type) {
    case 'quotes':
      return shown + extractsHtml(a.extracts.slice(0, SHOWN_EXTRACTS), numbers, shown.length);
    case 'not-found':
      return shown + abstainHtml(a.question.replace(/\s+/g, ' ').trim(), a.reason ?? null);
    case 'small-talk':
      return smallTalkHtml(a.talk ?? 'greeting');
    case 'other-language':
      return languageHtml(a.language ?? 'other');
  }
}

/** "[2] Title, 10 February 2026 · link · Also in [4]", all escaped. */
export function citation(extract: Extract, numbers: Map<string, number>): string {
  const { source } = extract;
  const parts = [`[${numbers.get(source.id) ?? '?'}] ${escapeHtml(source.title)}`];
  if (source.date) parts.push(humanDate(source.date));
  let line = `— ${parts.join(', ')}`;
  if (source.url) line += ` · <a href="${escapeHtml(source.url)}">link</a>`;
  if (extract.alsoIn.length) line += ` · Also in ${extract.alsoIn.map((id) => `[${numbers.get(id) ?? '?'}]`).join(', ')}`;
  return line;
}

export function extractHtml(extract: Extract, numbers: Map<string, number>): string {
  return `<blockquote>${boldHtml(extract.quote, extract.bold ?? [])}</blockquote>\n<i>${citation(extract, numbers)}</i>`;
}

/** The text, escaped, with the spans in bold: only markup is added, the visible text stays verbatim. */
export function boldHtml(text: string, spans: Span[]): string {
  let html = '';
  let at = 0;
  for (const { start, end } of spans) {
    html += `${escapeHtml(text.slice(at, start))}<b>${escapeHtml(text.slice(start, end))}</b>`;
    at = end;
  }
  return html + escapeHtml(text.slice(at));
}

/** As many whole extracts as fit in one Telegram message after `used` characters. */
export function extractsHtml(extracts: Extract[], numbers: Map<string, number>, used = 0): string {
  let html = '';
  for (const e of extracts) {
    const next = html ? `${html}\n\n${extractHtml(e, numbers)}` : extractHtml(e, numbers);
    if (used + next.length > TELEGRAM_LIMIT) break;
    html = next;
  }
  return html;
}

/** What "Where is this from?" needs of the articles: each by id, and its number. */
export interface ArticleLookup {
  article(id: string): Article | undefined;
  numbers: Map<string, number>;
}

/**
 * "Where is this from?" for one extract: the article it comes from and where in it, then each other article that
 * says the same, with its own sentence. `dated` holds the dates worked out from their text of undated articles.
 */
export function whereFromHtml(e: Extract, n: number, articles: ArticleLookup, dated: Map<string, string> = new Map()): string {
  const others = e.elsewhere.map((c) => `Also in ${placeHtml(c, articles, dated)}:\n<blockquote>${escapeHtml(c.quote)}</blockquote>`);
  return [`<b>Extract ${n}</b> comes from ${placeHtml(e, articles, dated)}.`, ...others].join('\n');
}

/** "[2] Headline (Reuters, published 10 February 2026), paragraph 4 of 12 · read it": the article as a person knows it, and the paragraph holding the quote. */
function placeHtml(c: Citation, articles: ArticleLookup, dated: Map<string, string>): string {
  const article = articles.article(c.source.id);
  if (!article) return `<b>[${articles.numbers.get(c.source.id) ?? '?'}] ${escapeHtml(c.source.title)}</b>`;
  const about = [publisherOf(article), dateText(article, dated.get(article.id))].filter(Boolean).join(', ');
  const place = paragraphPlace(article, c.span.start);
  return (
    `<b>[${articles.numbers.get(article.id) ?? '?'}] ${escapeHtml(article.title)}</b>` +
    (about ? ` (${escapeHtml(about)})` : '') +
    (place ? `, ${place}` : '') +
    (article.url ? ` · <a href="${escapeHtml(article.url)}">read it</a>` : '')
  );
}

/** The line above an answer to a follow-up: what the message was completed to, so the user can correct it. */
export function understoodHtml(question: string): string {
  return `<i>Understood as: ${escapeHtml(shortened(question, 300))}</i>\n\n`;
}

/** A follow-up read beside the question before it, when it could not be completed into one question. */
export function followingHtml(question: string): string {
  return `<i>Following on from “${escapeHtml(shortened(question, 300))}”</i>\n\n`;
}

/** A user's text shown back to them, cut after `max` characters. */
const shortened = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** "Not in my sources"; the questions to try instead come as buttons (or, in a terminal, listed after it). */
export function abstainHtml(question: string, reason: string | null): string {
  return (
    `I couldn't find an answer to “${escapeHtml(shortened(question, 200))}” in my sources` +
    (reason ? ` (${escapeHtml(reason)})` : '') +
    `. I only quote the news articles about the US vice president's February 2026 trip to Armenia and Azerbaijan. ` +
    `Questions they do answer, closest to yours first:`
  );
}

const TOPIC = "the US vice president's February 2026 trip to Armenia and Azerbaijan";
const examplesOf = (n: number) => EXAMPLE_QUESTIONS.slice(0, n).map((q) => `• ${escapeHtml(q)}`).join('\n');

/** Small talk gets a short reply of its own: never a quote, never "couldn't find". */
export function smallTalkHtml(talk: SmallTalk): string {
  switch (talk) {
    case 'greeting':
      return `Hello! Ask me anything about ${TOPIC}: I answer with quotes from news articles, each cited.\n\nFor example:\n${examplesOf(2)}`;
    case 'thanks':
      return 'You’re welcome! Ask me anything else about the trip.';
    case 'farewell':
      return 'Goodbye! I’m here whenever you have another question about the trip.';
    case 'identity':
      return (
        `I’m a bot that answers questions about ${TOPIC}. I reply only with verbatim quotes from news articles, ` +
        `each cited to its article (/sources lists them), and I say so when they don’t hold the answer. ` +
        `I never write answers of my own.\n\nFor example:\n${examplesOf(2)}`
      );
  }
}

// "I answer questions in English from English news articles about the trip; for example:"
const IN_ENGLISH_ONLY: Record<Language, string> = {
  ru: 'Я отвечаю на вопросы на английском языке по англоязычным новостным статьям о поездке вице-президента США в Армению и Азербайджан в феврале 2026 года. Спросите, например:',
  hy: 'Ես պատասխանում եմ անգլերեն հարցերին՝ ԱՄՆ փոխնախագահի 2026 թվականի փետրվարյան Հայաստան և Ադրբեջան այցի մասին անգլալեզու նորությունների հոդվածներից։ Հարցրեք, օրինակ՝',
  az: 'Mən ABŞ vitse-prezidentinin 2026-cı ilin fevralında Ermənistan və Azərbaycana səfəri haqqında ingilisdilli xəbər məqalələrinə əsasən ingilis dilində verilən suallara cavab verirəm. Məsələn, soruşun:',
  other: `I answer questions in English, from English news articles about ${TOPIC}. Try, for example:`,
};

/** A question in another language: say, in that language, what the bot can do, with two English examples. */
export function languageHtml(language: Language): string {
  return `${escapeHtml(IN_ENGLISH_ONLY[language])}\n${examplesOf(2)}`;
}
