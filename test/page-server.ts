import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { ROOT } from './helpers.js';

export const page = (name: string) => readFileSync(join(ROOT, 'test/fixtures/pages', `${name}.html`), 'utf8');

/** Realistic article pages and every kind of bad answer, from a local HTTP server on loopback. */
export async function startPageServer(): Promise<{ url: (path: string) => string; port: number; close: () => Promise<void> }> {
  const html = { 'content-type': 'text/html; charset=utf-8' };
  const routes: Record<string, (res: import('node:http').ServerResponse) => void> = {
    '/news/ratified': (res) => res.writeHead(200, html).end(page('ratified')),
    '/shipping/ferry': (res) => res.writeHead(200, html).end(page('ferry')),
    '/border-posts': (res) => res.writeHead(200, html).end(page('wrapped')),
    '/front': (res) => res.writeHead(200, html).end(page('front')),
    // the ratified article's text again, under another address and without a canonical link
    '/mirror/ratified': (res) => res.writeHead(200, html).end(page('ratified').replace(/<link rel="canonical"[^>]*>|<meta property="og:url"[^>]*>/g, '')),
    '/moved': (res) => res.writeHead(301, { location: '/shipping/ferry' }).end(),
    '/loop-a': (res) => res.writeHead(302, { location: '/loop-b' }).end(),
    '/loop-b': (res) => res.writeHead(302, { location: '/loop-a' }).end(),
    '/image': (res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
    '/feed': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}'),
    '/missing': (res) => res.writeHead(404, html).end('<h1>Not found</h1>'),
    // streamed without a length, so only counting the bytes finds it too large
    '/huge': (res) => {
      res.writeHead(200, html);
      const chunk = `<p>${'A paragraph of padding that goes on and on. '.repeat(100)}</p>\n`;
      for (let i = 0; i < 200; i++) res.write(chunk);
      res.end();
    },
    '/slow': () => undefined, // never answers
    // a compressed page that starts to arrive, then stalls: the headers and the first part, flushed, and no end
    '/stalled-gzip': (res) => {
      res.writeHead(200, { ...html, 'content-encoding': 'gzip' });
      const gzip = createGzip();
      gzip.pipe(res);
      gzip.write(page('ratified').slice(0, 2_000));
      gzip.flush();
    },
    '/redirects': (res) => res.writeHead(302, { location: '/redirects/1' }).end(),
    ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`/redirects/${i}`, (res: import('node:http').ServerResponse) => res.writeHead(302, { location: `/redirects/${i + 1}` }).end()])),
    // a public-looking page that sends the fetcher on to the cloud metadata address
    '/to-private': (res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end(),
  };
  const server: Server = createServer((req, res) => (routes[req.url ?? ''] ?? routes['/missing'])(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
