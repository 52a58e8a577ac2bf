import { escapeHtml } from '../text/html.js';
import { TELEGRAM_LIMIT } from './render.js';
import { htmlToTerminal } from '../text/terminal.js';
import { trimQuote } from '../answer/extract.js';

/** Every reply is HTML with link previews off: previews of news sites would bury the quotes. */
export const HTML = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

/** Joins whole blocks into as few messages as fit Telegram's limit; a block is never cut, so no tag is. */
export function packMessages(blocks: string[], limit = TELEGRAM_LIMIT, separator = '\n\n'): string[] {
  const messages: string[] = [];
  let current = '';
  for (const block of blocks) {
    const next = current ? `${current}${separator}${block}` : block;
    if (next.length <= limit) current = next;
    else {
      if (current) messages.push(current);
      current = block.length <= limit ? block : plainCut(block, limit);
    }
  }
  if (current) messages.push(current);
  return messages;
}

/** A block too long for one message loses its formatting rather than be cut inside a tag or an entity. */
function plainCut(html: string, limit: number): string {
  const text = htmlToTerminal(html);
  let max = limit;
  let cut = escapeHtml(trimQuote(text, max));
  while (cut.length > limit) cut = escapeHtml(trimQuote(text, (max = Math.floor(max * 0.9))));
  return cut;
}

/** The question in a message: without the /ask command or the bot's @mention, white space folded. */
export function questionText(text: string, botUsername: string): string {
  return text
    .replace(/^\/ask(?:@\w+)?\b/i, '')
    .replace(new RegExp(`@${botUsername}\\b`, 'gi'), '')
    // Control characters would show as nothing or break a reply: they become spaces.
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
