import type { InlineKeyboardMarkup, InlineQueryResultArticle, Message, Update, User, Chat } from 'grammy/types';
import { BotApiError, badRequest as bad } from './errors.js';
import { parseTelegramHtml, type Link } from './html.js';
import type { Messages, SentMessage } from './messages.js';
import type { Params } from './payload.js';
import type { InlineAnswer, Queries } from './queries.js';
import type { UpdateQueue } from './updates.js';

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document',
  'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);
const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** The links of a message already checked by parse(). */
function linksOf(html: string, parseMode: unknown): Link[] {
  const r = parseMode === 'HTML' ? parseTelegramHtml(html) : null;
  return r?.ok ? r.links : [];
}

/**
 * The Bot API methods the bot calls, each refusing what Telegram refuses with Telegram's error code and description
 * (a BotApiError); any other method is a 404.
 */
export class BotApiMethods {
  commands: { command: string; description: string }[] = [];
  /** Chats whose user blocked the bot: sending there is Telegram's 403. */
  readonly blocked = new Set<number>();
  /** Group admins, as "chatId:userId". */
  readonly admins = new Set<string>();

  constructor(
    private readonly bot: User,
    private readonly messages: Messages,
    private readonly queries: Queries,
    private readonly updates: UpdateQueue,
  ) {}

  call(method: string, p: Params): unknown {
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
      case 'getChatMember':
        return this.getChatMember(p);
      case 'deleteWebhook':
        this.updates.webhook = null;
        if (p.drop_pending_updates) this.updates.dropPending();
        return true;
      case 'setWebhook':
        if (typeof p.url !== 'string' || !/^https?:\/\//.test(p.url)) throw bad('bad webhook: An HTTPS URL must be provided for webhook');
        this.updates.webhook = { url: p.url, secret: typeof p.secret_token === 'string' ? p.secret_token : undefined };
        return true;
      case 'getWebhookInfo':
        return { url: this.updates.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.updates.unconfirmed };
      default:
        throw new BotApiError(404, 'Not Found');
    }
  }

  private getUpdates(p: Params): Promise<Update[]> {
    if (this.updates.webhook) {
      throw new BotApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = Number(p.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100)));
    const timeout = Math.max(0, Number(p.timeout ?? 0));
    return this.updates.poll(offset, limit, timeout);
  }

  private chat(chatId: unknown): Chat {
    const chat = this.messages.chats.get(Number(chatId));
    if (!chat) throw bad('chat not found');
    if (this.blocked.has(chat.id)) throw new BotApiError(403, 'Forbidden: bot was blocked by the user');
    return chat;
  }

  /** A member of a chat: "administrator" for a group's admins (and a private chat's own user), "member" otherwise. */
  private getChatMember(p: Params): { status: string; user: User } {
    const chat = this.chat(p.chat_id);
    const userId = Number(p.user_id);
    if (!Number.isSafeInteger(userId)) throw bad('invalid user_id specified');
    const admin = chat.type === 'private' ? chat.id === userId : this.admins.has(`${chat.id}:${userId}`);
    return { status: admin ? 'administrator' : 'member', user: { id: userId, is_bot: false, first_name: `User ${userId}` } };
  }

  private parse(text: unknown, parseMode: unknown, limit: number, field: 'message text' | 'caption'): string {
    if (typeof text !== 'string' || !text.length) {
      if (field === 'caption') return '';
      throw bad('message text is empty');
    }
    let plain = text;
    if (parseMode === 'HTML') {
      const r = parseTelegramHtml(text);
      if (!r.ok) throw new BotApiError(400, r.description);
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
    if (replyTo !== undefined && !this.messages.byId(chat.id, replyTo)) throw bad('message to be replied not found');
    const sent: SentMessage = {
      message_id: this.messages.newId(),
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
    this.messages.sent.push(sent);
    return this.messages.asMessage(sent);
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
    const m = this.messages.sent.find((s) => s.chat_id === Number(p.chat_id) && s.message_id === Number(p.message_id));
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
    return this.messages.asMessage(m);
  }

  private editMessageReplyMarkup(p: Params): Message {
    const m = this.editable(p);
    const markup = this.markup(p.reply_markup);
    if (JSON.stringify(m.reply_markup) === JSON.stringify(markup)) {
      throw bad(NOT_MODIFIED);
    }
    Object.assign(m, { reply_markup: markup, edits: m.edits + 1 });
    return this.messages.asMessage(m);
  }

  private answerCallbackQuery(p: Params): true {
    const id = String(p.callback_query_id);
    if (!this.queries.openCallbacks.delete(id)) throw bad('query is too old and response timeout expired or query ID is invalid');
    if (typeof p.text === 'string' && p.text.length > 200) throw bad('MESSAGE_TOO_LONG');
    this.queries.callbackAnswers.set(id, { text: p.text as string | undefined, show_alert: p.show_alert as boolean | undefined });
    return true;
  }

  /** Checked as Telegram checks it: a live query id, at most 50 results with unique ids, each message parseable. */
  private answerInlineQuery(p: Params): true {
    const id = String(p.inline_query_id);
    if (!this.queries.openInline.has(id)) throw bad('query is too old and response timeout expired or query ID is invalid');
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
    this.queries.openInline.delete(id);
    this.queries.inlineAnswers.set(id, { results, button, cache_time: p.cache_time as number | undefined, is_personal: p.is_personal as boolean | undefined });
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
