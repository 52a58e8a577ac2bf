import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { validDate } from './clean.js';

/** What a web page states about its article. Every field is null when the page does not say it: never guessed. */
export interface PageMeta {
  title: string | null;
  publisher: string | null;
  /** The canonical URL (else the address the page was fetched from), without its fragment. */
  url: string | null;
  /** YYYY-MM-DD as the page states it. */
  date: string | null;
}

/** A page's article as plain text, one block (paragraph, heading, list item) a line, and its metadata. */
export interface Page extends PageMeta {
  text: string;
}

type Doc = ReturnType<typeof parseHTML>['document'];
type El = ReturnType<Doc['querySelector']> & object;

/**
 * Page furniture marked as such by its class or id: adverts, consent banners, sign-up boxes, share bars, related
 * and most-read lists, comments. Readability drops most of it, but keeps what sits inside the story's own container
 * (an advert between two paragraphs), so it is removed first.
 */
const FURNITURE =
  /(^|[\s_-])(ads?|advert\w*|sponsor\w*|promo\w*|banner|cookies?|consent|gdpr|newsletter|sign-?up|subscri\w*|share|sharing|social|related|more-stories|most-read|popular|recommended|comments?|paywall|breadcrumbs?)($|[\s_-])/i;
const BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'PRE', 'DIV', 'SECTION', 'ARTICLE', 'UL', 'OL', 'TABLE', 'TR', 'TD', 'TH', 'FIGURE', 'DL', 'DT', 'DD', 'HEADER', 'FOOTER', 'MAIN', 'ASIDE', 'NAV']);
/** Never article text: captions and media describe pictures; the others are interface. */
const SKIPPED = new Set(['FIGCAPTION', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'BUTTON', 'FORM', 'INPUT', 'SELECT', 'TEXTAREA', 'NAV', 'ASIDE', 'FOOTER', 'IFRAME', 'SVG']);

/**
 * The article of an HTML page (Mozilla's Readability over a linkedom DOM) and what the page states about it:
 * headline (JSON-LD `headline`, `og:title`, the page's one `<h1>`, else the title Readability reads), publisher (`og:site_name`, JSON-LD
 * `publisher.name`, else the site's host), canonical URL (`<link rel=canonical>`, `og:url`, else `pageUrl`) and
 * published date (`article:published_time`, JSON-LD `datePublished`, else the first `<time datetime>`).
 */
export function readHtmlPage(html: string, pageUrl: string | null): Page {
  const { document } = parseHTML(html);
  const ld = articleJsonLd(document);
  const meta = (property: string) => document.querySelector(`meta[property="${property}"], meta[name="${property}"]`)?.getAttribute('content')?.trim() || null;
  const url = absolute(document.querySelector('link[rel~="canonical"]')?.getAttribute('href'), pageUrl) ?? absolute(meta('og:url'), pageUrl) ?? absolute(pageUrl, null);
  const host = url ? new URL(url).hostname.replace(/^www\./, '') : null;
  const publisher = meta('og:site_name') ?? text(ld?.publisher && (ld.publisher as Record<string, unknown>).name) ?? host;
  const date =
    isoDate(meta('article:published_time')) ?? isoDate(text(ld?.datePublished)) ?? isoDate(document.querySelector('time[datetime]')?.getAttribute('datetime'));

  const h1s = document.querySelectorAll('h1');
  const h1 = h1s.length === 1 ? text(h1s[0].textContent) : null;
  removeFurniture(document);
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
  const title = text(ld?.headline) ?? meta('og:title') ?? h1 ?? text(article?.title);
  const body = article?.content ? blockLines(parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body as El) : [];
  // The headline opens the text, as in the other seeds, so the file reads whole on its own.
  const lines = title && body[0] !== title ? [title, ...body] : body;
  return { text: lines.join('\n'), title, publisher, url, date };
}

/** The page and the story's own containers: never furniture, whatever their class says (`<body class="has-ads">`). */
const CONTAINERS = new Set(['HTML', 'HEAD', 'BODY', 'MAIN', 'ARTICLE']);

/**
 * Removes the elements FURNITURE marks, but not a container, nor an element holding most (more than half) of the
 * page's paragraph text: that is a wrapper of the story whose class happens to share a word with furniture
 * ("article-body ad-free", id="share-target"). On the test pages (test/fixtures/pages) the story's paragraphs are
 * 64-78% of that text and the largest piece of furniture 16% (a comment section), measured: a majority is not a fine
 * line between them.
 */
function removeFurniture(document: Doc): void {
  const prose = (el: El) => [...el.querySelectorAll('p')].reduce((n, p) => n + (p.textContent ?? '').trim().length, 0);
  const total = prose(document.documentElement as El);
  for (const el of [...document.querySelectorAll('[class], [id]')] as El[]) {
    if (!el.parentNode || CONTAINERS.has(el.tagName) || !FURNITURE.test(`${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`)) continue;
    if (prose(el) * 2 > total) continue;
    el.remove();
  }
}

/** One line per block of text, in order: list items as bullets ("• "), white space folded. */
export function blockLines(root: El): string[] {
  const lines: string[] = [];
  const walk = (el: El) => {
    if (SKIPPED.has(el.tagName)) return;
    const children = [...el.children] as El[];
    if (children.some((c) => BLOCKS.has(c.tagName))) {
      // Text standing directly between blocks (a div holding text and paragraphs) is a block of its own.
      let loose = '';
      for (const node of [...el.childNodes]) {
        if (node.nodeType === 1 && BLOCKS.has((node as El).tagName)) {
          push(loose);
          loose = '';
          walk(node as El);
        } else if (!(node.nodeType === 1 && SKIPPED.has((node as El).tagName))) loose += node.textContent ?? '';
      }
      push(loose);
    } else push(el.textContent ?? '', el.tagName === 'LI');
  };
  const push = (raw: string, bullet = false) => {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (line) lines.push(bullet ? `• ${line}` : line);
  };
  walk(root);
  return lines;
}

/** The page's JSON-LD object describing an article (also inside an array or an `@graph`), if any. */
function articleJsonLd(document: Doc): Record<string, unknown> | null {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue; // a broken block says nothing
    }
    const queue = [data];
    while (queue.length) {
      const item = queue.shift();
      if (Array.isArray(item)) queue.push(...item);
      else if (item && typeof item === 'object') {
        const o = item as Record<string, unknown>;
        const types = ([] as unknown[]).concat(o['@type']).map(String);
        if (types.some((t) => /Article$|BlogPosting|Report/.test(t))) return o;
        if (o['@graph']) queue.push(o['@graph']);
      }
    }
  }
  return null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.replace(/\s+/g, ' ').trim() : null);

/** The calendar date a timestamp states, in its own time zone ("2026-03-03T01:00:00+04:00" is 3 March). */
function isoDate(v: string | null | undefined): string | null {
  const m = /^\s*(\d{4}-\d{2}-\d{2})(?:$|[T\s])/.exec(v ?? '');
  return m ? validDate(m[1]) : null;
}

/** An http(s) URL resolved against the page's, without its fragment; null for anything else. */
function absolute(href: string | null | undefined, base: string | null): string | null {
  if (!href?.trim()) return null;
  try {
    const u = base ? new URL(href.trim(), base) : new URL(href.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    // Campaign tags name how a reader arrived, not the page: the same article with other tags is the same URL.
    for (const key of [...u.searchParams.keys()]) if (/^utm_/i.test(key)) u.searchParams.delete(key);
    return u.toString();
  } catch {
    return null;
  }
}
