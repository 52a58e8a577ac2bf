/** A call the mock refuses as Telegram would: the HTTP status (also `error_code`), the description, and for a 429 how long to wait. */
export class BotApiError extends Error {
  override readonly name = 'BotApiError';

  constructor(
    readonly code: number,
    description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }
}

/** Telegram's 400, whose descriptions all start "Bad Request: ". */
export const badRequest = (description: string) => new BotApiError(400, `Bad Request: ${description}`);
