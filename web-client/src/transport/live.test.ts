import { describe, expect, it } from 'vitest';
import { LiveClient, type ConnectionLike } from './live';
import { CommandQueue } from '../store/commandQueue';
import type { ConnectionState } from './socket';
import type { ServerFrame } from '../protocol/frames';
import type { DiscussionEvent } from '../protocol/discussion';

class FakeConnection implements ConnectionLike {
  state: ConnectionState = 'offline';
  sent: Record<string, unknown>[] = [];
  private stateListeners = new Set<(s: ConnectionState) => void>();
  private frameListeners = new Set<(f: ServerFrame) => void>();
  getState = () => this.state;
  subscribe = (l: (s: ConnectionState) => void) => {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  };
  onFrame(l: (f: ServerFrame) => void) {
    this.frameListeners.add(l);
    return () => this.frameListeners.delete(l);
  }
  send(frame: object) {
    if (this.state !== 'online') return false;
    this.sent.push(frame as Record<string, unknown>);
    return true;
  }
  set(state: ConnectionState) {
    this.state = state;
    for (const l of this.stateListeners) l(state);
  }
  hello(userId: string) {
    for (const l of this.frameListeners) l({ type: 'hello', node: 'n', userId, heartbeatSeconds: 25 });
  }
  receive(body: Record<string, unknown>) {
    for (const l of this.frameListeners) l({ type: 'other', frameType: String(body.type), body });
  }
}

const post = (id: string) => ({
  id, threadId: 't1', authorId: 'u1', authorName: 'Ana', body: 'x', html: '<p>x</p>', replyTo: null,
  createdAt: '2026-11-23T10:00:00Z', editedAt: null, deleted: false, reactions: {},
});

describe('LiveClient', () => {
  it('subscribes with the last applied sequence, again after a reconnect', () => {
    const conn = new FakeConnection();
    const live = new LiveClient(conn, new CommandQueue(null));
    let last = 4;
    const seen: number[] = [];
    live.watch('theme:a', { lastSeq: () => last, onEvent: (seq: number, _e: DiscussionEvent) => { seen.push(seq); last = seq; }, onResync: () => {} });
    conn.set('online');
    expect(conn.sent[0]).toMatchObject({ type: 'subscribe', streams: [{ stream: 'theme:a', after: 4 }] });
    conn.receive({ type: 'event', stream: 'theme:a', seq: 5, event: { type: 'discussion.post_created', post: post('p5') } });
    expect(seen).toEqual([5]);
    conn.set('offline');
    conn.set('online');
    expect(conn.sent.at(-1)).toMatchObject({ type: 'subscribe', streams: [{ stream: 'theme:a', after: 5 }] });
  });

  it('queues commands while offline and sends them once on reconnect; the ack empties the queue', () => {
    const conn = new FakeConnection();
    const queue = new CommandQueue(null);
    const live = new LiveClient(conn, queue);
    live.command({ type: 'discussion.reply', idempotencyKey: 'k1', threadId: 't1', body: 'Hors ligne' }, 'u1');
    live.command({ type: 'discussion.reply', idempotencyKey: 'k2', threadId: 't1', body: 'Autre personne' }, 'u2');
    expect(conn.sent).toEqual([]);
    expect(queue.list()).toHaveLength(2);
    conn.set('online');
    expect(conn.sent.filter((f) => f.type === 'discussion.reply')).toHaveLength(0); // not before hello
    conn.hello('u1');
    const sent = conn.sent.filter((f) => f.type === 'discussion.reply');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ idempotencyKey: 'k1', body: 'Hors ligne' });
    conn.receive({ type: 'ack', requestId: sent[0].requestId, seq: 9, result: { postId: 'p9' } });
    expect(queue.list().map((q) => q.command.idempotencyKey)).toEqual(['k2']);
    conn.set('offline');
    conn.set('online');
    conn.hello('u1');
    expect(conn.sent.filter((f) => f.type === 'discussion.reply')).toHaveLength(1);
  });
});
