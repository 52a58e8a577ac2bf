import { BotApiError } from './errors.js';

export type Fault = { kind: 'rate-limit'; retryAfter: number } | { kind: 'server-error' } | { kind: 'drop' };

/** Faults injected for the calls to come: each is used up by the first call it matches, in the order injected. */
export class Faults {
  private pending: { fault: Fault; method?: string }[] = [];

  /** Makes the next `count` calls (of `method`, or any) fail in the given way. */
  inject(fault: Fault, count = 1, method?: string): void {
    for (let i = 0; i < count; i++) this.pending.push({ fault, method });
  }

  /** The fault a call to `method` meets now, if any. */
  take(method: string): Fault | undefined {
    const at = this.pending.findIndex((f) => !f.method || f.method === method);
    return at < 0 ? undefined : this.pending.splice(at, 1)[0].fault;
  }
}

/** The error a fault answers with, as Telegram words it; a dropped connection answers nothing, so it has none. */
export function faultError(fault: Fault): BotApiError | null {
  if (fault.kind === 'drop') return null;
  if (fault.kind === 'server-error') return new BotApiError(500, 'Internal Server Error');
  return new BotApiError(429, `Too Many Requests: retry after ${fault.retryAfter}`, fault.retryAfter);
}
