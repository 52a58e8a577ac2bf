import type { InlineQueryResultArticle } from 'grammy/types';

export interface InlineAnswer {
  /** Each result with the text its message shows once parsed. */
  results: (InlineQueryResultArticle & { text: string })[];
  button?: { text: string; start_parameter?: string };
  cache_time?: number;
  is_personal?: boolean;
}

/** Callback and inline queries: open from the user's tap or typing until the bot answers them, and its answers. */
export class Queries {
  readonly openCallbacks = new Set<string>();
  readonly openInline = new Set<string>();
  readonly callbackAnswers = new Map<string, { text?: string; show_alert?: boolean }>();
  /** By query id: the results as a user would see them offered. */
  readonly inlineAnswers = new Map<string, InlineAnswer>();
}
