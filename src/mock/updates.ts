import type { Update } from 'grammy/types';

export type NewUpdate = Omit<Update, 'update_id'>;

/**
 * Where the users' updates wait for the bot: a queue that getUpdates reads (long polling), or, once a webhook is
 * set, POSTs to it. It is closed while the mock is stopped: a poll then returns at once instead of waiting.
 */
export class UpdateQueue {
  webhook: { url: string; secret?: string } | null = null;
  private updates: Update[] = [];
  private nextId = 1;
  private pollers = new Set<() => void>();
  private deliveries: Promise<void> = Promise.resolve();
  private closed = true;

  /** The id the next update will get. */
  get nextUpdateId(): number {
    return this.nextId;
  }

  /** Updates delivered but not yet confirmed by a later getUpdates offset. */
  get unconfirmed(): number {
    return this.updates.length;
  }

  open(): void {
    this.closed = false;
  }

  /** Ends the waits of the polls in hand. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  push(update: NewUpdate): void {
    const full = { update_id: this.nextId++, ...update } as Update;
    if (this.webhook) {
      this.deliveries = this.deliveries.then(() => this.deliver(full));
      return;
    }
    this.updates.push(full);
    this.wake();
  }

  /** getUpdates: an offset confirms every update before it (Telegram forgets them); waits up to `timeoutS` for one. */
  async poll(offset: number, limit: number, timeoutS: number): Promise<Update[]> {
    this.updates = this.updates.filter((u) => u.update_id >= offset);
    if (!this.updates.length && timeoutS > 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        this.pollers.add(resolve);
        setTimeout(() => {
          this.pollers.delete(resolve);
          resolve();
        }, timeoutS * 1000).unref();
      });
    }
    return this.updates.slice(0, limit);
  }

  dropPending(): void {
    this.updates = [];
  }

  private wake(): void {
    for (const resolve of this.pollers) resolve();
    this.pollers.clear();
  }

  private async deliver(update: Update): Promise<void> {
    const hook = this.webhook!;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const res = await fetch(hook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(hook.secret ? { 'x-telegram-bot-api-secret-token': hook.secret } : {}) },
          body: JSON.stringify(update),
        });
        if (res.ok) return;
      } catch {
        // the bot's server is not up yet: Telegram retries too
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
