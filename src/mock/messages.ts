import type { Chat, InlineKeyboardMarkup, Message, User } from 'grammy/types';
import type { Link } from './html.js';

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

/** The chats the mock knows and the messages in them, the users' and the bot's, numbered in one sequence. */
export class Messages {
  readonly chats = new Map<number, Chat>();
  /** The bot's messages, oldest first. */
  readonly sent: SentMessage[] = [];
  private readonly fromUsers = new Map<string, Message>();
  private nextId = 1;

  constructor(private readonly bot: User) {}

  newId(): number {
    return this.nextId++;
  }

  addFromUser(message: Message): void {
    this.fromUsers.set(`${message.chat.id}:${message.message_id}`, message);
  }

  /** A message of either side, as the Bot API shows it (to quote in a reply, or under a button tapped). */
  byId(chatId: number, messageId: number): Message | undefined {
    const sent = this.sent.find((m) => m.chat_id === chatId && m.message_id === messageId);
    if (sent) return this.asMessage(sent);
    return this.fromUsers.get(`${chatId}:${messageId}`);
  }

  /** Messages the bot sent to a chat, oldest first. */
  to(chatId: number): SentMessage[] {
    return this.sent.filter((m) => m.chat_id === chatId);
  }

  asMessage(m: SentMessage): Message {
    return {
      message_id: m.message_id,
      date: Math.floor(Date.now() / 1000),
      chat: this.chats.get(m.chat_id)!,
      from: this.bot,
      ...(m.method === 'sendPhoto' ? { photo: [], caption: m.text } : { text: m.text }),
      ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
      ...(m.reply_to_message_id ? { reply_to_message: this.fromUsers.get(`${m.chat_id}:${m.reply_to_message_id}`) } : {}),
    } as Message;
  }

  /** Forgets the messages (not the chats, nor the numbering, so ids stay unique). */
  clear(): void {
    this.sent.length = 0;
    this.fromUsers.clear();
  }
}
