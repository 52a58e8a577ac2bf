import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { BotApiError } from './errors.js';
import { faultError, type Faults } from './faults.js';
import { readParams, type Params } from './payload.js';

type ApiResult = { ok: true; result: unknown } | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/** A method call: its result, or a BotApiError thrown (or rejected) for Telegram's refusal. */
type Dispatch = (method: string, params: Params) => unknown;

/** apiRoot read before start() or after stop(): there is no port to give. */
class MockNotListeningError extends Error {
  override readonly name = 'MockNotListeningError';
}

/**
 * The Bot API's HTTP side on loopback: `/bot<token>/<method>` routed to `dispatch`, answered in Telegram's JSON
 * shape; an injected fault answers first, then a wrong token is a 401. Every call is recorded, with whether it
 * succeeded.
 */
export class Transport {
  readonly calls: { method: string; params: Params; ok: boolean }[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly token: string,
    private readonly faults: Faults,
    private readonly dispatch: Dispatch,
  ) {}

  get apiRoot(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new MockNotListeningError('mock Bot API is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async listen(port: number): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
  }

  /** Stops at once: open connections (a long poll in hand) are cut, as when Telegram goes away. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? '').split('?')[0]);
    const send = (status: number, body: ApiResult) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const refuse = (e: BotApiError) =>
      send(e.code, { ok: false, error_code: e.code, description: e.message, ...(e.retryAfter !== undefined ? { parameters: { retry_after: e.retryAfter } } : {}) });
    if (!match) return refuse(new BotApiError(404, 'Not Found'));
    const [, token, method] = match;
    const fault = this.faults.take(method);
    if (fault) {
      this.calls.push({ method, params: {}, ok: false });
      const error = faultError(fault);
      return error ? refuse(error) : void req.socket.destroy();
    }
    if (token !== this.token) return refuse(new BotApiError(401, 'Unauthorized'));
    let params: Params;
    try {
      params = await readParams(req);
    } catch {
      return refuse(new BotApiError(400, 'Bad Request: invalid request body'));
    }
    try {
      const result = await this.dispatch(method, params);
      this.calls.push({ method, params, ok: true });
      send(200, { ok: true, result });
    } catch (e) {
      this.calls.push({ method, params, ok: false });
      if (!(e instanceof BotApiError)) throw e;
      refuse(e);
    }
  }
}
