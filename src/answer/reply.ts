import type { Article, Extract } from '../types.js';

/** Telegram refuses messages longer than this many characters after entity parsing. */
export const TELEGRAM_LIMIT = 4096;
export const EXAMPLE_QUESTIONS = [
  'What did Vance sign in Baku?',
  'What is TRIPP?',
  'Who did Vance meet in Yerevan?',
  'What nuclear deal was agreed with Armenia?',
];

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function humanDate(iso: string): string {
  return DATE_FORMAT.format(new Date(`${iso}T00:00:00Z`));
}

/** Numbers articles as /sources lists them: by file name, from 1. */
export function numbering(articles: Article[]): Map<string, number> {
  return new Map([...articles].sort((a, b) => a.file.localeCompare(b.file)).map((a, i) => [a.id, i + 1]));
}

/** "[2] Title, 10 February 2026 · link (also [4])", all escaped. */
export function citation(extract: Extract, numbers: Map<string, number>): string {
  const { source } = extract;
  const parts = [`[${numbers.get(source.id) ?? '?'}] ${escapeHtml(source.title)}`];
  if (source.date) parts.push(humanDate(source.date));
  let line = `— ${parts.join(', ')}`;
  if (source.url) line += ` · <a href="${escapeHtml(source.url)}">link</a>`;
  if (extract.alsoIn.length) line += ` (also ${extract.alsoIn.map((id) => `[${numbers.get(id) ?? '?'}]`).join(', ')})`;
  return line;
}

export function extractHtml(extract: Extract, numbers: Map<string, number>): string {
  return `<blockquote>${escapeHtml(extract.quote)}</blockquote>\n<i>${citation(extract, numbers)}</i>`;
}

/** The reply the bot sends: as many whole extracts as fit in one Telegram message. */
export function answerHtml(extracts: Extract[], numbers: Map<string, number>): string {
  let html = '';
  for (const e of extracts) {
    const next = html ? `${html}\n\n${extractHtml(e, numbers)}` : extractHtml(e, numbers);
    if (next.length > TELEGRAM_LIMIT) break;
    html = next;
  }
  return html;
}

export function abstainHtml(question: string, reason: string | null): string {
  const shown = question.length > 200 ? `${question.slice(0, 200)}…` : question;
  const examples = EXAMPLE_QUESTIONS.map((q) => `• ${escapeHtml(q)}`).join('\n');
  return (
    `I couldn't find an answer to “${escapeHtml(shown)}” in my sources` +
    (reason ? ` (${escapeHtml(reason)})` : '') +
    `. I only quote the news articles about the US vice president's February 2026 trip to Armenia and Azerbaijan.\n\n` +
    `You could ask, for example:\n${examples}`
  );
}
