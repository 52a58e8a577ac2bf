import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ipaddr from 'ipaddr.js';
import { Refused } from '../errors.js';

export interface FetchOptions {
  /** Give up on the whole fetch, redirects included, after this long. */
  timeoutMs: number;
  /** Refuse a page larger than this (decompressed). */
  maxBytes: number;
  /** Follow at most this many redirects. */
  maxRedirects: number;
  /**
   * Let URLs reach loopback and private addresses: all of them (ALLOW_PRIVATE_URLS), or only these (the tests'
   * local server, so that a redirect from it to another private address is still refused).
   */
  allowPrivate: boolean | ReadonlySet<string>;
}

/**
 * 15 s: a news page that has not arrived by then will not. 5 MiB: Readability over linkedom takes ~0.2 s on a
 * 5 MB page on this machine (measured), so a page at the limit still adds in about a second; article pages are a
 * small fraction of it. 5 redirects: what browsers' fetch allows is 20, but http -> https -> www -> canonical is 3.
 */
export const FETCH_DEFAULTS: Omit<FetchOptions, 'allowPrivate'> = { timeoutMs: 15_000, maxBytes: 5 * 2 ** 20, maxRedirects: 5 };


export interface FetchedPage {
  /** Where the page was found, after redirects. */
  url: string;
  html: string;
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GETs an http(s) page for its article: redirects followed (a loop or too many is refused), only HTML accepted,
 * the size and time bounded, and no connection made to a loopback, private, link-local or otherwise non-public
 * address unless `allowPrivate`: the address is checked as resolved, at connect time, so a name that resolves to
 * one is refused too.
 */
export async function fetchPage(address: string, opts: FetchOptions): Promise<FetchedPage> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const seen = new Set<string>();
  let url = parseHttpUrl(address);
  for (;;) {
    seen.add(url.href);
    const res = await get(url, opts, signal);
    const location = res.headers.location;
    if (REDIRECTS.has(res.statusCode ?? 0) && location) {
      res.resume();
      const next = parseHttpUrl(location, url);
      if (seen.has(next.href)) throw new Refused(`${address} redirects in a loop (back to ${next.href})`, address);
      if (seen.size > opts.maxRedirects) throw new Refused(`${address} redirects more than ${opts.maxRedirects} times`, address);
      url = next;
      continue;
    }
    if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
      res.resume();
      throw new Refused(`${url.href} answered ${res.statusCode} ${res.statusMessage ?? ''}`.trim(), url.href);
    }
    const type = (res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!HTML_TYPES.has(type)) {
      res.resume();
      throw new Refused(`${url.href} is not a web page (its content type is ${type || 'not stated'}; only HTML articles can be added)`, url.href);
    }
    const declared = Number(res.headers['content-length']);
    if (declared > opts.maxBytes) {
      res.resume();
      throw new Refused(tooLarge(url, opts), url.href);
    }
    const bytes = await body(res, url, opts, signal);
    return { url: url.href, html: decode(bytes, res.headers['content-type'] ?? '') };
  }
}

/** An http or https URL, or a clear refusal. */
export function parseHttpUrl(address: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(address, base);
  } catch {
    throw new Refused(`${address} is not a URL`, address);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Refused(`only http and https URLs can be added, not ${url.protocol}`, address);
  return url;
}

/** "5 MiB", "195 KiB": a size limit as people read it. */
export const sizeText = (bytes: number) => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`);

const tooLarge = (url: URL, opts: FetchOptions) => `${url.href} is larger than ${sizeText(opts.maxBytes)}: not an article page`;

/** Why an address may not be reached, or null when it may: anything but ordinary public unicast, unless allowed. */
function forbidden(address: string, allowed: FetchOptions['allowPrivate']): string | null {
  if (allowed === true || (allowed !== false && allowed.has(address))) return null;
  const ip = ipaddr.process(address);
  const range = ip.range();
  return range === 'unicast' ? null : `${address} is a ${range} address`;
}

function get(url: URL, opts: FetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // A literal address is connected to without a lookup, so it is checked here.
  const why = isIP(host) ? forbidden(host, opts.allowPrivate) : null;
  if (why) return Promise.reject(new Refused(`${url.href} is not a public address (${why}); set ALLOW_PRIVATE_URLS=true to allow it`, url.href));
  const lookup: LookupFunction = (hostname, options, callback) =>
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.map((a) => forbidden(a.address, opts.allowPrivate)).find(Boolean);
      if (refused) return callback(new Refused(`${url.href} is not a public address (${hostname}: ${refused}); set ALLOW_PRIVATE_URLS=true to allow it`, url.href), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', signal, lookup, headers: { accept: 'text/html,application/xhtml+xml', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'trip-bot (article fetcher)' } }, resolve);
    req.on('error', (e) => reject(failure(e, url, opts, signal)));
    req.end();
  });
}

const DECOMPRESSORS: Record<string, () => Transform> = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress };

/**
 * The body, decompressed, refused once it passes the size limit. A pipeline, not `pipe`: when the time runs out or
 * the connection drops, every stage is stopped, so a stalled compressed body fails instead of waiting forever.
 */
async function body(res: IncomingMessage, url: URL, opts: FetchOptions, signal: AbortSignal): Promise<Buffer> {
  const decompress = DECOMPRESSORS[(res.headers['content-encoding'] ?? '').trim().toLowerCase()];
  const chunks: Buffer[] = [];
  let size = 0;
  const collect = async (source: AsyncIterable<Buffer | string>) => {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > opts.maxBytes) throw new Refused(tooLarge(url, opts), url.href);
      chunks.push(chunk);
    }
  };
  try {
    await (decompress ? pipeline(res, decompress(), collect, { signal }) : pipeline(res, collect, { signal }));
  } catch (e) {
    throw failure(e, url, opts, signal);
  }
  return Buffer.concat(chunks);
}

/** A network failure as one plain line. */
function failure(e: unknown, url: URL, opts: FetchOptions, signal: AbortSignal): Error {
  if (e instanceof Refused) return e;
  if (signal.aborted) return new Refused(`${url.href} did not answer within ${opts.timeoutMs / 1000} s`, url.href);
  const err = e as NodeJS.ErrnoException;
  return new Refused(`could not fetch ${url.href}: ${err.code ?? err.message}`, url.href);
}

function decode(bytes: Buffer, contentType: string): string {
  const charset = /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes); // an unknown charset label: UTF-8 is what most pages are
  }
}
