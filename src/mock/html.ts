/**
 * Telegram's HTML parse mode, as the Bot API checks it: only its tags, properly nested, `&` only in the
 * named or numeric entities it knows. Returns the plain text a user sees, or the error Telegram would give.
 */
const TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji',
]);
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** A text link as a user sees it: the words shown and where they lead. */
export interface Link {
  text: string;
  href: string;
}

export type ParseResult = { ok: true; text: string; links: Link[] } | { ok: false; description: string };

const fail = (why: string): ParseResult => ({ ok: false, description: `Bad Request: can't parse entities: ${why}` });

export function parseTelegramHtml(html: string): ParseResult {
  const stack: string[] = [];
  const links: Link[] = [];
  const open: { at: number; href: string }[] = [];
  let text = '';
  let i = 0;
  const byteOffset = (at: number) => Buffer.byteLength(html.slice(0, at));
  while (i < html.length) {
    const c = html[i];
    if (c === '<') {
      const m = /^<(\/?)([a-zA-Z][\w-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*>/.exec(html.slice(i));
      if (!m) return fail(`Unsupported start tag "${/^<\/?([^\s>]*)/.exec(html.slice(i))?.[1] ?? ''}" at byte offset ${byteOffset(i)}`);
      const [whole, closing, rawName, attrs] = m;
      const name = rawName.toLowerCase();
      if (!TAGS.has(name)) return fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(i)}`);
      if (closing) {
        if (stack[stack.length - 1] !== name) return fail(`Unexpected end tag at byte offset ${byteOffset(i)}`);
        stack.pop();
        if (name === 'a') {
          const { at, href } = open.pop()!;
          links.push({ text: text.slice(at), href });
        }
      } else {
        if (name === 'a') {
          const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/.exec(attrs);
          if (!href) return fail(`Can't find href in a tag at byte offset ${byteOffset(i)}`);
          open.push({ at: text.length, href: unescape(href[1] ?? href[2] ?? href[3]) });
        }
        if (name === 'blockquote' && stack.includes('blockquote')) return fail(`Can't nest blockquote at byte offset ${byteOffset(i)}`);
        stack.push(name);
      }
      i += whole.length;
    } else if (c === '&') {
      const m = /^&(?:([a-zA-Z]+)|#(\d+)|#x([0-9a-fA-F]+));/.exec(html.slice(i));
      if (m && m[1] && !(m[1] in NAMED)) return fail(`Unsupported HTML entity "&${m[1]};" at byte offset ${byteOffset(i)}`);
      if (!m) {
        // Telegram keeps a lone "&" followed by a space as text, but rejects anything that looks like an entity.
        if (/^&[\w#]/.test(html.slice(i))) return fail(`Character entity is unterminated at byte offset ${byteOffset(i)}`);
        text += '&';
        i++;
        continue;
      }
      text += m[1] ? NAMED[m[1]] : String.fromCodePoint(m[2] ? Number(m[2]) : parseInt(m[3], 16));
      i += m[0].length;
    } else {
      text += c;
      i++;
    }
  }
  if (stack.length) return fail(`Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`);
  return { ok: true, text, links };
}

/** An attribute value as Telegram reads it: the entities it knows replaced. */
const unescape = (v: string) =>
  v.replace(/&(?:([a-zA-Z]+)|#(\d+)|#x([0-9a-fA-F]+));/g, (m, name, dec, hex) =>
    name ? (NAMED[name] ?? m) : String.fromCodePoint(dec ? Number(dec) : parseInt(hex, 16)),
  );
