import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Health } from './health.js';
import { createMetrics, type Metrics } from './metrics.js';

/** One bot's observability: its metrics and its health. */
export interface Ops {
  metrics: Metrics;
  health: Health;
}

export const createOps = (): Ops => ({ metrics: createMetrics(), health: new Health() });

/**
 * Answers GET /healthz and GET /metrics; returns false for any other request, so the webhook server can hand
 * it to grammY (which answers 401 without the secret).
 */
export function opsRoutes(ops: Ops): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' || (path !== '/healthz' && path !== '/metrics')) return false;
    if (path === '/healthz') {
      const { ok, body } = ops.health.report();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    } else {
      ops.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': ops.metrics.registry.contentType }).end(text),
        (e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${e.message}`),
      );
    }
    return true;
  };
}

/** An HTTP server of its own for /healthz and /metrics (HEALTH_PORT); everything else is a 404. */
export async function serveOps(ops: Ops, port: number, host = '0.0.0.0'): Promise<Server> {
  const routes = opsRoutes(ops);
  const server = createServer((req, res) => {
    if (!routes(req, res)) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return server;
}
