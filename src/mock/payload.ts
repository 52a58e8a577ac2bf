import type { IncomingMessage } from 'node:http';

/** A method's parameters, from the query string and the body together, as the Bot API takes them. */
export type Params = Record<string, unknown>;

/** A request body the mock cannot read: Telegram answers it with a 400. */
class MalformedBodyError extends Error {
  override readonly name = 'MalformedBodyError';
}

/**
 * Reads a call's parameters in any of the encodings the Bot API accepts: JSON, URL-encoded or multipart. Throws on a
 * body it cannot read (a SyntaxError for broken JSON, MalformedBodyError for broken multipart).
 */
export async function readParams(req: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
  if (!body.length) return query;
  if (type.includes('application/json')) return { ...query, ...(JSON.parse(body.toString('utf8')) as Params) };
  if (type.includes('application/x-www-form-urlencoded')) {
    return { ...query, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  }
  const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2];
  if (type.includes('multipart/form-data') && boundary) return { ...query, ...parseMultipart(body, boundary) };
  return query;
}

/**
 * multipart/form-data as the Bot API accepts it: grammY writes headers without spaces and unquoted file names,
 * which stricter parsers refuse. A field `attach://name` refers to the file part called `name`.
 */
function parseMultipart(body: Buffer, boundary: string): Params {
  const fields: Params = {};
  const files = new Map<string, Buffer>();
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw new MalformedBodyError('unterminated multipart body');
    const part = body.subarray(start + 2, next - 2); // without the CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (!name) throw new MalformedBodyError('multipart part without a name');
    if (/filename=/i.test(head)) files.set(name, Buffer.from(content));
    else {
      const v = content.toString('utf8');
      fields[name] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    }
    at = next;
  }
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string' && v.startsWith('attach://')) fields[k] = files.get(v.slice('attach://'.length));
  }
  for (const [k, v] of files) if (!(k in fields)) fields[k] = v;
  return fields;
}
