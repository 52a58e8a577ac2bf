import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { InlineKeyboardMarkup, InlineQueryResultArticle, Message, Update, User, Chat, MessageEntity } from 'grammy/types';
import { parseTelegramHtml, type Link } from './html.js';

/**
 * A strict local stand-in for the Telegram Bot API, on loopback over real HTTP: long polling that honours
 * offset/limit/timeout, Telegram's validation and error shapes, webhook delivery, a test-side client and
 * fault injection. It keeps everything in memory.
 */

type Params = Record<string, unknown>;
type ApiResult = { ok: true; result: unknown } | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

export interface SentMessage {
  message_id: number;
  chat_id: number;
  method: 'sendMessage' | 'sendPhoto';
  /** The text (or caption) exactly as the bot sent it, with HTML tags. */
  html: string;
  /** What the user sees after parsing. */
  text: string;
  /** Its text links (`<a href>`), as Telegram would make them. */
  links: Link[];
  parse_mode?: string;
  reply_markup?: InlineKeyboardMarkup;
  reply_to_message_id?: number;
  link_preview_disabled: boolean;
  photo?: Buffer;
  edits: number;
  /** When the mock received it (ms since the epoch). */
  at: number;
}

export interface InlineAnswer {
  /** Each result with the text its message shows once parsed. */
  results: (InlineQueryResultArticle & { text: string })[];
  button?: { text: string; start_parameter?: string };
  cache_time?: number;
  is_personal?: boolean;
}

export type Fault = { kind: 'rate-limit'; retryAfter: number } | { kind: 'server-error' } | { kind: 'drop' };

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document',
  'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);

/** The links of a message already checked by parse(). */
function linksOf(html: string, parseMode: unknown): Link[] {
  const r = parseMode === 'HTML' ? parseTelegramHtml(html) : null;
  return r?.ok ? r.links : [];
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    description: string,
  ) {
    super(description);
  }
}
const bad = (description: string) => new ApiError(400, `Bad Request: ${description}`);
const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

export class MockBotApi {
  readonly bot: User;
  /** Every call the bot made, in order, with whether it succeeded. */
  readonly calls: { method: string; params: Params; ok: boolean }[] = [];
  readonly sent: SentMessage[] = [];
  readonly callbackAnswers = new Map<string, { text?: string; show_alert?: boolean }>();
  /** Answers to inline queries, by query id: the results as a user would see them offered. */
  readonly inlineAnswers = new Map<string, InlineAnswer>();
  commands: { command: string; description: string }[] = [];
  webhook: { url: string; secret?: string } | null = null;

  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private updates: Update[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private readonly chats = new Map<number, Chat>();
  private readonly userMessages = new Map<string, Message>();
  private readonly pendingCallbacks = new Set<string>();
  private readonly pendingInline = new Set<string>();
  private faults: { fault: Fault; method?: string }[] = [];
  private pollers: { resolve: () => void }[] = [];
  private deliveries: Promise<void> = Promise.resolve();

  constructor(
    readonly token = '123456789:MOCK-token-for-local-tests-only_xx',
    username = 'trip_test_bot',
  ) {
    this.bot = { id: Number(token.split(':')[0]), is_bot: true, first_name: 'Trip Bot', username };
  }

  /** The API root to give grammY (`client.apiRoot`). */
  get apiRoot(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('mock Bot API is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const p of this.pollers.splice(0)) p.resolve();
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Makes the next `count` calls (of `method`, or any) fail in the given way. */
  inject(fault: Fault, count = 1, method?: string): void {
    for (let i = 0; i < count; i++) this.faults.push({ fault, method });
  }

  // ---- the test-side client -------------------------------------------------------------------------

  /** A user writes a text message; commands and @mentions get the entities Telegram would add. */
  userSays(
    text: string,
    opts: { chatId?: number; userId?: number; chatType?: 'private' | 'group' | 'supergroup'; replyTo?: number; edit?: number } = {},
  ): Message {
    const userId = opts.userId ?? 1001;
    const chatType = opts.chatType ?? 'private';
    const chatId = opts.chatId ?? (chatType === 'private' ? userId : -100_000 - userId);
    const chat: Chat =
      chatType === 'private'
        ? { id: chatId, type: 'private', first_name: `User ${userId}` }
        : { id: chatId, type: chatType, title: 'Test group' };
    this.chats.set(chatId, chat);
    const from: User = { id: userId, is_bot: false, first_name: `User ${userId}`, language_code: 'en' };
    const message: Message = {
      message_id: opts.edit ?? this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      text,
      ...(entitiesOf(text).length ? { entities: entitiesOf(text) } : {}),
      ...(opts.edit ? { edit_date: Math.floor(Date.now() / 1000) } : {}),
    } as Message;
    if (opts.replyTo !== undefined) {
      const original = this.messageById(chatId, opts.replyTo);
      if (original) Object.assign(message, { reply_to_message: original });
    }
    this.userMessages.set(`${chatId}:${message.message_id}`, message);
    this.push((opts.edit ? { edited_message: message } : { message }) as Omit<Update, 'update_id'>);
    return message;
  }

  /** A user sends something that is not text (a sticker, photo, voice…): `content` is merged into the message. */
  userSends(content: Record<string, unknown>, opts: { userId?: number } = {}): Message {
    const userId = opts.userId ?? 1001;
    const chat: Chat = { id: userId, type: 'private', first_name: `User ${userId}` };
    this.chats.set(userId, chat);
    const message = {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { id: userId, is_bot: false, first_name: `User ${userId}` },
      ...content,
    } as Message;
    this.push({ message } as Omit<Update, 'update_id'>);
    return message;
  }

  /** A user taps an inline button under one of the bot's messages; returns the callback query id. */
  userTaps(chatId: number, messageId: number, data: string, userId = 1001): string {
    const id = `cb${this.nextUpdateId}`;
    const message = this.messageById(chatId, messageId) ?? ({ message_id: messageId, date: 0, chat: this.chats.get(chatId) } as Message);
    this.pendingCallbacks.add(id);
    this.push({
      callback_query: {
        id,
        from: { id: userId, is_bot: false, first_name: `User ${userId}` },
        chat_instance: String(chatId),
        message,
        data,
      },
    } as Omit<Update, 'update_id'>);
    return id;
  }

  /** A user types "@bot query" in any chat; returns the inline query id. */
  userTypesInline(query: string, userId = 1001): string {
    const id = `iq${this.nextUpdateId}`;
    this.pendingInline.add(id);
    this.push({
      inline_query: { id, from: { id: userId, is_bot: false, first_name: `User ${userId}` }, query, offset: '', chat_type: 'supergroup' },
    } as Omit<Update, 'update_id'>);
    return id;
  }

  /** Waits for the bot's answer to an inline query. */
  inlineAnswer(id: string, timeoutMs = 10_000): Promise<InlineAnswer> {
    return this.until(() => this.inlineAnswers.get(id), timeoutMs, `an answer to inline query ${id}`);
  }

  /** Messages the bot sent to a chat, oldest first. */
  messagesTo(chatId: number): SentMessage[] {
    return this.sent.filter((m) => m.chat_id === chatId);
  }

  /** Waits until `check` holds (polled), or fails after `timeoutMs`. */
  async until<T>(check: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const t0 = Date.now();
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() - t0 > timeoutMs) throw new Error(`mock Bot API: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Waits for the bot to have sent `count` messages to a chat and returns them. */
  repliesTo(chatId: number, count = 1, timeoutMs = 10_000): Promise<SentMessage[]> {
    return this.until(() => this.messagesTo(chatId).length >= count && this.messagesTo(chatId), timeoutMs, `${count} message(s) to chat ${chatId}`);
  }

  /** Forgets the calls and messages recorded so far: a long load run then reads the bot's memory, not the mock's. */
  clearHistory(): void {
    this.calls.length = 0;
    this.sent.length = 0;
    this.userMessages.clear();
  }

  /** The id of the latest update a user made (a message, a tap, an inline query): the demo waits for the bot to handle it. */
  get lastUpdateId(): number {
    return this.nextUpdateId - 1;
  }

  /** Updates delivered but not yet confirmed by a later getUpdates offset. */
  get unconfirmed(): number {
    return this.updates.length;
  }

  // ---- the HTTP side -------------------------------------------------------------------------------

  private push(update: Omit<Update, 'update_id'>): void {
    const full = { update_id: this.nextUpdateId++, ...update } as Update;
    if (this.webhook) {
      this.deliveries = this.deliveries.then(() => this.deliver(full));
      return;
    }
    this.updates.push(full);
    for (const p of this.pollers.splice(0)) p.resolve();
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

  private messageById(chatId: number, messageId: number): Message | undefined {
    const sent = this.sent.find((m) => m.chat_id === chatId && m.message_id === messageId);
    if (sent) return this.asMessage(sent);
    return this.userMessages.get(`${chatId}:${messageId}`);
  }

  private asMessage(m: SentMessage): Message {
    return {
      message_id: m.message_id,
      date: Math.floor(Date.now() / 1000),
      chat: this.chats.get(m.chat_id)!,
      from: this.bot,
      ...(m.method === 'sendPhoto' ? { photo: [], caption: m.text } : { text: m.text }),
      ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
      ...(m.reply_to_message_id ? { reply_to_message: this.userMessages.get(`${m.chat_id}:${m.reply_to_message_id}`) } : {}),
    } as Message;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? '').split('?')[0]);
    const send = (status: number, body: ApiResult) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!match) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match;
    const faultAt = this.faults.findIndex((f) => !f.method || f.method === method);
    if (faultAt >= 0) {
      const [{ fault }] = this.faults.splice(faultAt, 1);
      this.calls.push({ method, params: {}, ok: false });
      if (fault.kind === 'drop') return void req.socket.destroy();
      if (fault.kind === 'server-error') return send(500, { ok: false, error_code: 500, description: 'Internal Server Error' });
      return send(429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${fault.retryAfter}`,
        parameters: { retry_after: fault.retryAfter },
      });
    }
    if (token !== this.token) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    let params: Params;
    try {
      params = await readParams(req);
    } catch {
      return send(400, { ok: false, error_code: 400, description: 'Bad Request: invalid request body' });
    }
    try {
      const result = await this.call(method, params);
      this.calls.push({ method, params, ok: true });
      send(200, { ok: true, result });
    } catch (e) {
      this.calls.push({ method, params, ok: false });
      if (!(e instanceof ApiError)) throw e;
      send(e.code, { ok: false, error_code: e.code, description: e.message });
    }
  }

  private call(method: string, p: Params): unknown {
    switch (method) {
      case 'getMe':
        return { ...this.bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true };
      case 'getUpdates':
        return this.getUpdates(p);
      case 'sendMessage':
        return this.sendMessage(p);
      case 'sendPhoto':
        return this.sendPhoto(p);
      case 'editMessageText':
        return this.editMessageText(p);
      case 'editMessageReplyMarkup':
        return this.editMessageReplyMarkup(p);
      case 'answerCallbackQuery':
        return this.answerCallbackQuery(p);
      case 'answerInlineQuery':
        return this.answerInlineQuery(p);
      case 'sendChatAction':
        this.chat(p.chat_id);
        if (!CHAT_ACTIONS.has(String(p.action))) throw bad('wrong parameter action in request');
        return true;
      case 'setMyCommands':
        return this.setMyCommands(p);
      case 'deleteWebhook':
        this.webhook = null;
        if (p.drop_pending_updates) this.updates = [];
        return true;
      case 'setWebhook':
        if (typeof p.url !== 'string' || !/^https?:\/\//.test(p.url)) throw bad('bad webhook: An HTTPS URL must be provided for webhook');
        this.webhook = { url: p.url, secret: typeof p.secret_token === 'string' ? p.secret_token : undefined };
        return true;
      case 'getWebhookInfo':
        return { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.updates.length };
      default:
        throw new ApiError(404, 'Not Found');
    }
  }

  private async getUpdates(p: Params): Promise<Update[]> {
    if (this.webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = Number(p.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100)));
    const timeout = Math.max(0, Number(p.timeout ?? 0));
    // An offset confirms every update before it: Telegram forgets them.
    this.updates = this.updates.filter((u) => u.update_id >= offset);
    if (!this.updates.length && timeout > 0 && this.server) {
      await new Promise<void>((resolve) => {
        const poller = { resolve };
        this.pollers.push(poller);
        setTimeout(() => {
          this.pollers = this.pollers.filter((x) => x !== poller);
          resolve();
        }, timeout * 1000).unref();
      });
    }
    return this.updates.slice(0, limit);
  }

  private chat(chatId: unknown): Chat {
    const chat = this.chats.get(Number(chatId));
    if (!chat) throw bad('chat not found');
    return chat;
  }

  private parse(text: unknown, parseMode: unknown, limit: number, field: 'message text' | 'caption'): string {
    if (typeof text !== 'string' || !text.length) {
      if (field === 'caption') return '';
      throw bad('message text is empty');
    }
    let plain = text;
    if (parseMode === 'HTML') {
      const r = parseTelegramHtml(text);
      if (!r.ok) throw new ApiError(400, r.description);
      plain = r.text;
    } else if (parseMode !== undefined) {
      throw bad('unsupported parse_mode');
    }
    if (!plain.trim()) throw bad(field === 'caption' ? 'caption is empty' : 'message text is empty');
    if (plain.length > limit) throw bad(field === 'caption' ? 'message caption is too long' : 'message is too long');
    return plain;
  }

  private markup(raw: unknown): InlineKeyboardMarkup | undefined {
    if (raw === undefined) return undefined;
    const m = (typeof raw === 'string' ? JSON.parse(raw) : raw) as InlineKeyboardMarkup;
    if (!Array.isArray(m?.inline_keyboard)) throw bad("can't parse reply keyboard markup JSON object");
    for (const row of m.inline_keyboard) {
      for (const b of row as unknown as Record<string, unknown>[]) {
        if (typeof b.text !== 'string' || !b.text) throw bad('text buttons are unallowed in the inline keyboard');
        const data = b.callback_data;
        if (data !== undefined && (typeof data !== 'string' || !data.length || Buffer.byteLength(data) > 64)) {
          throw bad('BUTTON_DATA_INVALID');
        }
        if (data === undefined && typeof b.url !== 'string') throw bad("can't find field \"callback_data\" or \"url\"");
      }
    }
    return m;
  }

  private record(p: Params, method: SentMessage['method'], html: string, text: string, photo?: Buffer): Message {
    const chat = this.chat(p.chat_id);
    const replyTo = (p.reply_parameters as { message_id?: number } | undefined)?.message_id;
    if (replyTo !== undefined && !this.messageById(chat.id, replyTo)) throw bad('message to be replied not found');
    const sent: SentMessage = {
      message_id: this.nextMessageId++,
      chat_id: chat.id,
      method,
      html,
      text,
      links: linksOf(html, p.parse_mode),
      parse_mode: p.parse_mode as string | undefined,
      reply_markup: this.markup(p.reply_markup),
      reply_to_message_id: replyTo,
      link_preview_disabled: (p.link_preview_options as { is_disabled?: boolean } | undefined)?.is_disabled === true,
      photo,
      edits: 0,
      at: Date.now(),
    };
    this.sent.push(sent);
    return this.asMessage(sent);
  }

  private sendMessage(p: Params): Message {
    this.chat(p.chat_id);
    const text = this.parse(p.text, p.parse_mode, TEXT_LIMIT, 'message text');
    return this.record(p, 'sendMessage', String(p.text), text);
  }

  private sendPhoto(p: Params): Message {
    this.chat(p.chat_id);
    const photo = p.photo;
    if (!(photo instanceof Buffer) && typeof photo !== 'string') throw bad('there is no photo in the request');
    if (photo instanceof Buffer && !photo.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) && photo[0] !== 0xff) {
      throw bad('IMAGE_PROCESS_FAILED');
    }
    const caption = this.parse(p.caption, p.parse_mode, CAPTION_LIMIT, 'caption');
    return this.record(p, 'sendPhoto', String(p.caption ?? ''), caption, photo instanceof Buffer ? photo : undefined);
  }

  private editable(p: Params): SentMessage {
    const m = this.sent.find((s) => s.chat_id === Number(p.chat_id) && s.message_id === Number(p.message_id));
    if (!m) throw bad('message to edit not found');
    return m;
  }

  private editMessageText(p: Params): Message {
    const m = this.editable(p);
    const text = this.parse(p.text, p.parse_mode, TEXT_LIMIT, 'message text');
    const markup = this.markup(p.reply_markup);
    if (m.html === p.text && JSON.stringify(m.reply_markup) === JSON.stringify(markup)) {
      throw bad(NOT_MODIFIED);
    }
    Object.assign(m, { html: String(p.text), text, links: linksOf(String(p.text), p.parse_mode), reply_markup: markup, edits: m.edits + 1 });
    return this.asMessage(m);
  }

  private editMessageReplyMarkup(p: Params): Message {
    const m = this.editable(p);
    const markup = this.markup(p.reply_markup);
    if (JSON.stringify(m.reply_markup) === JSON.stringify(markup)) {
      throw bad(NOT_MODIFIED);
    }
    Object.assign(m, { reply_markup: markup, edits: m.edits + 1 });
    return this.asMessage(m);
  }

  private answerCallbackQuery(p: Params): true {
    const id = String(p.callback_query_id);
    if (!this.pendingCallbacks.delete(id)) throw bad('query is too old and response timeout expired or query ID is invalid');
    if (typeof p.text === 'string' && p.text.length > 200) throw bad('MESSAGE_TOO_LONG');
    this.callbackAnswers.set(id, { text: p.text as string | undefined, show_alert: p.show_alert as boolean | undefined });
    return true;
  }

  /** Checked as Telegram checks it: a live query id, at most 50 results with unique ids, each message parseable. */
  private answerInlineQuery(p: Params): true {
    const id = String(p.inline_query_id);
    if (!this.pendingInline.has(id)) throw bad('query is too old and response timeout expired or query ID is invalid');
    const raw = typeof p.results === 'string' ? JSON.parse(p.results) : p.results;
    if (!Array.isArray(raw)) throw bad("can't parse inline query results JSON object");
    if (raw.length > 50) throw bad('RESULTS_TOO_MUCH');
    const ids = new Set<string>();
    const results = raw.map((r: Record<string, unknown>) => {
      if (r.type !== 'article') throw bad('RESULT_TYPE_INVALID');
      const rid = r.id;
      if (typeof rid !== 'string' || !rid || Buffer.byteLength(rid) > 64) throw bad('RESULT_ID_INVALID');
      if (ids.has(rid)) throw bad('RESULT_ID_DUPLICATE');
      ids.add(rid);
      if (typeof r.title !== 'string' || !r.title.trim()) throw bad('RESULT_TITLE_EMPTY');
      const content = r.input_message_content as { message_text?: unknown; parse_mode?: unknown } | undefined;
      if (!content) throw bad("can't parse InputMessageContent: field \"message_text\" must be of type String");
      const text = this.parse(content.message_text, content.parse_mode, TEXT_LIMIT, 'message text');
      this.markup(r.reply_markup);
      return { ...(r as unknown as InlineQueryResultArticle), text };
    });
    const button = p.button === undefined ? undefined : ((typeof p.button === 'string' ? JSON.parse(p.button) : p.button) as InlineAnswer['button']);
    if (button && (!button.text || !/^[A-Za-z0-9_-]{1,64}$/.test(button.start_parameter ?? ''))) throw bad('BUTTON_DATA_INVALID');
    this.pendingInline.delete(id);
    this.inlineAnswers.set(id, { results, button, cache_time: p.cache_time as number | undefined, is_personal: p.is_personal as boolean | undefined });
    return true;
  }

  private setMyCommands(p: Params): true {
    const commands = (typeof p.commands === 'string' ? JSON.parse(p.commands) : p.commands) as { command: string; description: string }[];
    if (!Array.isArray(commands) || commands.length > 100) throw bad('commands must be an array of at most 100 commands');
    for (const c of commands) {
      if (!/^[a-z0-9_]{1,32}$/.test(c.command ?? '')) throw bad('BOT_COMMAND_INVALID');
      if (!c.description || c.description.length > 256) throw bad('command description is empty or too long');
    }
    this.commands = commands;
    return true;
  }
}

/** The entities Telegram attaches to a text: a leading /command and @mentions. */
function entitiesOf(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const m of text.matchAll(/(?<![\w/])@[A-Za-z0-9_]{5,32}/g)) entities.push({ type: 'mention', offset: m.index, length: m[0].length });
  return entities;
}

async function readParams(req: IncomingMessage): Promise<Params> {
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
export function parseMultipart(body: Buffer, boundary: string): Params {
  const fields: Params = {};
  const files = new Map<string, Buffer>();
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw new Error('unterminated multipart body');
    const part = body.subarray(start + 2, next - 2); // without the CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (!name) throw new Error('multipart part without a name');
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
