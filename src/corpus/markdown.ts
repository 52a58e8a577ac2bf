import { marked } from 'marked';
import { parseHTML } from 'linkedom';
import { blockLines } from './html.js';

/** A Markdown article as plain text, one block a line as an HTML page's: marked renders it, the markup is dropped. */
export function readMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return blockLines(parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.body).join('\n');
}
