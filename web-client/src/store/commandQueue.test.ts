import { describe, expect, it } from 'vitest';
import { CommandQueue, QUEUE_STORAGE_KEY, type StorageLike } from './commandQueue';
import type { DiscussionCommand } from '../protocol/discussion';

class MemoryStorage implements StorageLike {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

const reply = (key: string, body = 'Bonjour'): DiscussionCommand => ({ type: 'discussion.reply', idempotencyKey: key, threadId: 't1', body });

describe('CommandQueue', () => {
  it('persists what is enqueued, and a new queue on the same storage finds it (a reload)', () => {
    const storage = new MemoryStorage();
    const queue = new CommandQueue(storage);
    queue.enqueue(reply('k1'));
    queue.enqueue(reply('k1')); // the same intent twice stays one command
    queue.enqueue(reply('k2', 'Deuxième'));
    expect(queue.list().map((q) => q.command.idempotencyKey)).toEqual(['k1', 'k2']);
    const again = new CommandQueue(storage);
    expect(again.list().map((q) => q.command)).toEqual([reply('k1'), reply('k2', 'Deuxième')]);
  });

  it('sends each command once per connection, with the same idempotencyKey after a reconnect', () => {
    const queue = new CommandQueue(new MemoryStorage());
    queue.enqueue(reply('k1'));
    const sent: string[] = [];
    const send = (c: DiscussionCommand) => {
      sent.push(c.idempotencyKey);
      return true;
    };
    expect(queue.flush(send)).toBe(1);
    expect(queue.flush(send)).toBe(0);
    queue.enqueue(reply('k2'));
    queue.flush(send);
    expect(sent).toEqual(['k1', 'k2']);
    queue.connectionLost();
    queue.flush(send);
    expect(sent).toEqual(['k1', 'k2', 'k1', 'k2']);
  });

  it('stops at the first command the socket refuses, and keeps it', () => {
    const queue = new CommandQueue(new MemoryStorage());
    queue.enqueue(reply('k1'));
    queue.enqueue(reply('k2'));
    expect(queue.flush(() => false)).toBe(0);
    expect(queue.list()).toHaveLength(2);
    expect(queue.isInFlight('k1')).toBe(false);
  });

  it('an ack removes the command from memory and storage and settles its outcome', async () => {
    const storage = new MemoryStorage();
    const queue = new CommandQueue(storage);
    queue.enqueue(reply('k1'));
    queue.enqueue(reply('k2'));
    const outcome = queue.outcome('k1');
    queue.flush(() => true);
    queue.acknowledged('k1', { postId: 'p1' });
    await expect(outcome).resolves.toEqual({ ok: true, result: { postId: 'p1' } });
    expect(queue.list().map((q) => q.command.idempotencyKey)).toEqual(['k2']);
    expect(JSON.parse(storage.getItem(QUEUE_STORAGE_KEY)!)).toHaveLength(1);
    queue.refused('k2', 'Invalid request', '/problems/validation');
    expect(queue.list()).toEqual([]);
    expect(storage.getItem(QUEUE_STORAGE_KEY)).toBeNull();
  });

  it('ignores unreadable storage', () => {
    const storage = new MemoryStorage();
    storage.setItem(QUEUE_STORAGE_KEY, '{not json');
    expect(new CommandQueue(storage).list()).toEqual([]);
  });
});
