import { randomBytes } from 'node:crypto';
import type { StorageAdapter } from 'grammy';
import type { Reading, Topic } from '../types.js';

/** The question behind an answer's buttons: what to ask again, what it followed, if anything, and how it was read. */
export interface Asked {
  question: string;
  previous?: Topic;
  reading?: Reading;
}

/**
 * Buttons under an answer carry a short id into this store (callback data holds at most 64 bytes), so a tap never
 * depends on reading earlier messages: it works under an example's answer, a follow-up's, or one whose question
 * was deleted. Kept in any grammY storage adapter, as conversations are, and per chat, so anyone in a group may
 * tap them.
 */
export class AskedStore {
  constructor(private readonly storage: StorageAdapter<Asked>) {}

  async remember(chatId: number, asked: Asked): Promise<string> {
    const id = randomBytes(6).toString('base64url');
    await this.storage.write(`${chatId}:${id}`, asked);
    return id;
  }

  /** The question, or undefined once it has expired or been pushed out. */
  async recall(chatId: number, id: string): Promise<Asked | undefined> {
    const asked = await this.storage.read(`${chatId}:${id}`);
    // Buttons made before follow-ups carried a topic remembered the previous question as text.
    const previous: unknown = asked?.previous;
    return typeof previous === 'string' ? { ...asked!, previous: { question: previous } } : asked;
  }
}
