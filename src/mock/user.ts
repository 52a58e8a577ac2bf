import type { Chat, Message, MessageEntity, User } from 'grammy/types';
import type { Messages } from './messages.js';
import type { Queries } from './queries.js';
import type { NewUpdate, UpdateQueue } from './updates.js';

/** The entities Telegram attaches to a text: a leading /command and @mentions. */
function entitiesOf(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const m of text.matchAll(/(?<![\w/])@[A-Za-z0-9_]{5,32}/g)) entities.push({ type: 'mention', offset: m.index, length: m[0].length });
  return entities;
}

const person = (userId: number): User => ({ id: userId, is_bot: false, first_name: `User ${userId}` });

/** The people on Telegram's side, as tests and the demo play them: each act becomes the update Telegram would send. */
export class SimulatedUser {
  constructor(
    private readonly messages: Messages,
    private readonly queries: Queries,
    private readonly updates: UpdateQueue,
  ) {}

  /** A user writes a text message; commands and @mentions get the entities Telegram would add. */
  says(
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
    this.messages.chats.set(chatId, chat);
    const entities = entitiesOf(text);
    const message: Message = {
      message_id: opts.edit ?? this.messages.newId(),
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { ...person(userId), language_code: 'en' },
      text,
      ...(entities.length ? { entities } : {}),
      ...(opts.edit ? { edit_date: Math.floor(Date.now() / 1000) } : {}),
    } as Message;
    if (opts.replyTo !== undefined) {
      const original = this.messages.byId(chatId, opts.replyTo);
      if (original) Object.assign(message, { reply_to_message: original });
    }
    this.messages.addFromUser(message);
    this.updates.push((opts.edit ? { edited_message: message } : { message }) as NewUpdate);
    return message;
  }

  /** A user sends something that is not text (a sticker, photo, voice…): `content` is merged into the message. */
  sends(content: Record<string, unknown>, opts: { userId?: number } = {}): Message {
    const userId = opts.userId ?? 1001;
    const chat: Chat = { id: userId, type: 'private', first_name: `User ${userId}` };
    this.messages.chats.set(userId, chat);
    const message = {
      message_id: this.messages.newId(),
      date: Math.floor(Date.now() / 1000),
      chat,
      from: person(userId),
      ...content,
    } as Message;
    this.updates.push({ message } as NewUpdate);
    return message;
  }

  /** A user taps an inline button under one of the bot's messages; returns the callback query id. */
  taps(chatId: number, messageId: number, data: string, userId = 1001): string {
    const id = `cb${this.updates.nextUpdateId}`;
    const message = this.messages.byId(chatId, messageId) ?? ({ message_id: messageId, date: 0, chat: this.messages.chats.get(chatId) } as Message);
    this.queries.openCallbacks.add(id);
    this.updates.push({ callback_query: { id, from: person(userId), chat_instance: String(chatId), message, data } } as NewUpdate);
    return id;
  }

  /** A user types "@bot query" in any chat; returns the inline query id. */
  typesInline(query: string, userId = 1001): string {
    const id = `iq${this.updates.nextUpdateId}`;
    this.queries.openInline.add(id);
    this.updates.push({ inline_query: { id, from: person(userId), query, offset: '', chat_type: 'supergroup' } } as NewUpdate);
    return id;
  }
}
