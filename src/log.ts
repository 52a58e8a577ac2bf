import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * A pino logger on stderr (or `stream`) that scrubs secrets from every line it writes, whatever put them there:
 * an error message, a URL, a serialised request. Secrets shorter than 8 characters are not worth matching.
 */
export function createLogger(opts: { level?: string; secrets?: (string | undefined)[]; stream?: NodeJS.WritableStream } = {}): Logger {
  const secrets = (opts.secrets ?? [])
    .filter((s): s is string => !!s && s.length >= 8)
    .flatMap((s) => [s, encodeURIComponent(s)]);
  const out = opts.stream ?? process.stderr;
  const destination = {
    write(line: string) {
      let clean = line;
      for (const s of secrets) clean = clean.split(s).join('[redacted]');
      out.write(clean);
    },
  };
  return pino({ level: opts.level ?? 'info', base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
