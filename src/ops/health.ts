/** What the last call to Telegram came to: null when Telegram answered ok, else its error code or 'network'. */
export type CallOutcome = number | 'network' | null;

/**
 * The bot's health: up when the index is loaded and the last call to Telegram went through. Telegram refusing one
 * request (a 400 for a bad message, a 403 from a user who blocked the bot, a 429 that is waited out) says
 * nothing about the bot; no answer, a 5xx, a revoked token (401) or another instance taking the updates (409) do.
 */
export class Health {
  private index: { articles: number; passages: number } | null = null;
  private telegram: { ok: boolean; method: string; at: string; error?: string } | null = null;
  private store: { ok: boolean; since: string; error?: string } | null = null;
  private engine: { alive: number; total: number } | null = null;
  private readonly started = Date.now();

  indexLoaded(size: { articles: number; passages: number }): void {
    this.index = size;
  }

  telegramCall(method: string, outcome: CallOutcome): void {
    const down = outcome === 'network' || (typeof outcome === 'number' && (outcome === 401 || outcome === 409 || outcome >= 500));
    this.telegram = { ok: !down, method, at: new Date().toISOString(), ...(down ? { error: String(outcome) } : {}) };
  }

  /**
   * Redis, where conversations are kept (null: it answers). Its absence costs follow-ups, not answers, so it makes
   * the bot degraded, not unavailable: a replica restarted for it would be no better.
   */
  storeOutcome(error: string | null): void {
    this.store = { ok: error === null, since: new Date().toISOString(), ...(error === null ? {} : { error }) };
  }

  /** The engine threads (src/workers/): none answering is down; fewer than all (one being started again) degraded. */
  engineThreads(running: { alive: number; total: number }): void {
    this.engine = running;
  }

  /** The /healthz answer: whether all is well, and a small JSON body saying what is not. */
  report(): { ok: boolean; body: Record<string, unknown> } {
    const problems = [
      ...(this.index ? [] : ['the index is not loaded yet']),
      ...(this.engine?.alive === 0 ? ['no engine thread is running'] : []),
      ...(!this.telegram ? ['no call to Telegram has gone through yet'] : this.telegram.ok ? [] : [`the last call to Telegram failed (${this.telegram.method}: ${this.telegram.error})`]),
    ];
    const ok = problems.length === 0;
    const degraded = [
      ...(this.store && !this.store.ok ? [`Redis is unreachable (${this.store.error}): follow-ups and buttons are forgotten`] : []),
      ...(this.engine && this.engine.alive > 0 && this.engine.alive < this.engine.total ? [`${this.engine.total - this.engine.alive} of ${this.engine.total} engine threads stopped (being started again)`] : []),
    ];
    return {
      ok,
      body: {
        status: !ok ? 'unavailable' : degraded.length ? 'degraded' : 'ok',
        problems: [...problems, ...degraded],
        index: this.index,
        telegram: this.telegram,
        ...(this.store ? { redis: this.store } : {}),
        ...(this.engine ? { engineThreads: this.engine } : {}),
        uptimeSeconds: Math.round((Date.now() - this.started) / 1000),
      },
    };
  }
}
