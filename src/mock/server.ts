import type { Message, User } from 'grammy/types';
import { Faults, type Fault } from './faults.js';
import { Messages, type SentMessage } from './messages.js';
import { BotApiMethods } from './methods.js';
import { Queries, type InlineAnswer } from './queries.js';
import { Transport } from './transport.js';
import { UpdateQueue } from './updates.js';
import { SimulatedUser } from './user.js';
import { inlineAnswer, repliesTo, until } from './wait.js';

/**
 * A strict local stand-in for the Telegram Bot API, on loopback over real HTTP: long polling that honours
 * offset/limit/timeout, Telegram's validation and error shapes, webhook delivery, a test-side client and
 * fault injection. It keeps everything in memory. This is the one object tests, the bench and the demo hold; each
 * concern lives in a module of its own (transport, methods, updates, user, wait, faults, payload).
 */
export class MockBotApi {
  readonly bot: User;
  private readonly messages: Messages;
  private readonly queries = new Queries();
  private readonly updates = new UpdateQueue();
  private readonly faults = new Faults();
  private readonly methods: BotApiMethods;
  private readonly transport: Transport;
  private readonly user: SimulatedUser;

  constructor(
    readonly token = '123456789:MOCK-token-for-local-tests-only_xx',
    username = 'trip_test_bot',
  ) {
    this.bot = { id: Number(token.split(':')[0]), is_bot: true, first_name: 'Trip Bot', username };
    this.messages = new Messages(this.bot);
    this.methods = new BotApiMethods(this.bot, this.messages, this.queries, this.updates);
    this.transport = new Transport(token, this.faults, (method, params) => this.methods.call(method, params));
    this.user = new SimulatedUser(this.messages, this.queries, this.updates);
  }

  /** The API root to give grammY (`client.apiRoot`). */
  get apiRoot(): string {
    return this.transport.apiRoot;
  }

  async start(port = 0): Promise<this> {
    await this.transport.listen(port);
    this.updates.open();
    return this;
  }

  async stop(): Promise<void> {
    this.updates.close();
    await this.transport.close();
  }

  /** Every call the bot made, in order, with whether it succeeded. */
  get calls(): Transport['calls'] {
    return this.transport.calls;
  }

  get sent(): SentMessage[] {
    return this.messages.sent;
  }

  get callbackAnswers(): Queries['callbackAnswers'] {
    return this.queries.callbackAnswers;
  }

  /** Answers to inline queries, by query id: the results as a user would see them offered. */
  get inlineAnswers(): Map<string, InlineAnswer> {
    return this.queries.inlineAnswers;
  }

  /** The bot's commands, as setMyCommands last set them. */
  get commands(): BotApiMethods['commands'] {
    return this.methods.commands;
  }

  get webhook(): UpdateQueue['webhook'] {
    return this.updates.webhook;
  }

  /** Set from outside, as another program holding the token would set it. */
  set webhook(webhook: UpdateQueue['webhook']) {
    this.updates.webhook = webhook;
  }

  /** The user of a private chat blocks the bot: from now on sending there is Telegram's 403. */
  userBlocksBot(chatId: number): void {
    this.methods.blocked.add(chatId);
  }

  /** Makes a user an admin of a group (getChatMember says "administrator"). */
  makeAdmin(chatId: number, userId: number): void {
    this.methods.admins.add(`${chatId}:${userId}`);
  }

  /** Makes the next `count` calls (of `method`, or any) fail in the given way. */
  inject(fault: Fault, count = 1, method?: string): void {
    this.faults.inject(fault, count, method);
  }

  // ---- the test-side client: the simulated user (user.ts) and waiting for the bot (wait.ts) -----------

  userSays(...args: Parameters<SimulatedUser['says']>): Message {
    return this.user.says(...args);
  }

  userSends(...args: Parameters<SimulatedUser['sends']>): Message {
    return this.user.sends(...args);
  }

  userTaps(...args: Parameters<SimulatedUser['taps']>): string {
    return this.user.taps(...args);
  }

  userTypesInline(...args: Parameters<SimulatedUser['typesInline']>): string {
    return this.user.typesInline(...args);
  }

  /** Messages the bot sent to a chat, oldest first. */
  messagesTo(chatId: number): SentMessage[] {
    return this.messages.to(chatId);
  }

  until<T>(check: () => T | undefined | false, timeoutMs?: number, what?: string): Promise<T> {
    return until(check, timeoutMs, what);
  }

  repliesTo(chatId: number, count?: number, timeoutMs?: number): Promise<SentMessage[]> {
    return repliesTo(this.messages, chatId, count, timeoutMs);
  }

  inlineAnswer(id: string, timeoutMs?: number): Promise<InlineAnswer> {
    return inlineAnswer(this.queries, id, timeoutMs);
  }

  /** Forgets the calls and messages recorded so far: a long load run then reads the bot's memory, not the mock's. */
  clearHistory(): void {
    this.transport.calls.length = 0;
    this.messages.clear();
  }

  /** The id of the latest update a user made (a message, a tap, an inline query): the demo waits for the bot to handle it. */
  get lastUpdateId(): number {
    return this.updates.nextUpdateId - 1;
  }

  /** Updates delivered but not yet confirmed by a later getUpdates offset. */
  get unconfirmed(): number {
    return this.updates.unconfirmed;
  }
}
