import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoundedMemoryStorage } from '../src/telegram/session.js';
import type { ChatMemory } from '../src/telegram/context.js';

const topic = (question: string): ChatMemory => ({ topic: { question } });

describe('the conversation memory (BoundedMemoryStorage)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stays bounded under a flood of chats, dropping the least recently active', () => {
    const memory = new BoundedMemoryStorage<ChatMemory>(60_000, 1_000);
    for (let i = 0; i < 50_000; i++) memory.write(String(i), topic(`question ${i}`));
    expect(memory.size).toBe(1_000);
    expect(memory.read('0')).toBeUndefined();
    expect(memory.read('49000')).toEqual(topic('question 49000'));
    expect(memory.read('49999')).toEqual(topic('question 49999'));
  });

  it('forgets the least recently active first: a conversation written again outlives newer untouched ones', () => {
    const memory = new BoundedMemoryStorage<ChatMemory>(60_000, 3);
    for (const key of ['old', 'b', 'c']) memory.write(key, topic(key));
    memory.write('old', topic('old, asked on'));
    memory.write('d', topic('d'));
    expect(memory.read('old')).toEqual(topic('old, asked on'));
    expect(memory.read('b')).toBeUndefined();
    expect([memory.read('c'), memory.read('d')]).toEqual([topic('c'), topic('d')]);
  });

  it('drops what has outlived its time to live at the next write, and keeps what has not', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const memory = new BoundedMemoryStorage<ChatMemory>(50, 1_000);
    for (let i = 0; i < 100; i++) memory.write(String(i), {});
    vi.advanceTimersByTime(50);
    memory.write('at the limit', {});
    expect(memory.size).toBe(101);
    expect(memory.read('0')).toEqual({});
    vi.advanceTimersByTime(1);
    memory.write('last', {});
    expect(memory.size).toBe(2);
    vi.advanceTimersByTime(51);
    memory.write('later', {});
    expect(memory.size).toBe(1);
  });
});
