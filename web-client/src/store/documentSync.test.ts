import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { COMPACT_AFTER, DocumentSync, type SyncConnection } from './documentSync';
import type { ServerFrame } from '../protocol/frames';
import type { ConnectionState } from '../transport/socket';
import type { StreamWatcher } from '../transport/live';
import { fromBase64, toBase64 } from '../protocol/workspace';

class FakeConnection implements SyncConnection {
  state: ConnectionState = 'online';
  sent: Record<string, unknown>[] = [];
  private frameListeners = new Set<(f: ServerFrame) => void>();
  private stateListeners = new Set<(s: ConnectionState) => void>();
  getState = () => this.state;
  subscribe(l: (s: ConnectionState) => void) {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  }
  onFrame(l: (f: ServerFrame) => void) {
    this.frameListeners.add(l);
    return () => this.frameListeners.delete(l);
  }
  send(frame: object) {
    if (this.state !== 'online') return false;
    this.sent.push(frame as Record<string, unknown>);
    return true;
  }
  setState(s: ConnectionState) {
    this.state = s;
    for (const l of this.stateListeners) l(s);
  }
  receive(frameType: string, body: Record<string, unknown>) {
    const frame: ServerFrame = frameType === 'hello' ? { type: 'hello', node: null, userId: 'u', heartbeatSeconds: 25 } : { type: 'other', frameType, body: { type: frameType, ...body } };
    for (const l of this.frameListeners) l(frame);
  }
  updates() {
    return this.sent.filter((f) => f.type === 'workspace.update');
  }
}

function setup(
  serverUpdates: Uint8Array[] = [],
  doc = new Y.Doc(),
  postUpdate: (id: string, body: object) => Promise<unknown> = async () => ({}),
  postSnapshot: (id: string, body: object) => Promise<unknown> = async () => ({}),
) {
  const connection = new FakeConnection();
  const watchers: StreamWatcher[] = [];
  const sync = new DocumentSync(doc, new Awareness(doc), 'd1', {
    connection,
    watch: (_stream, w) => {
      watchers.push(w);
      return () => undefined;
    },
    postUpdate,
    postSnapshot,
    loadState: async () => ({
      document: { id: 'd1', workspaceId: 'w1', title: 'T', stream: 'workspace-doc:d1', updateCount: serverUpdates.length },
      seq: serverUpdates.length,
      snapshot: null,
      updates: serverUpdates.map((u, i) => ({ seq: i + 1, update: toBase64(u) })),
    }),
  });
  return { connection, watchers, sync, doc };
}

function updateOf(edit: (text: Y.Text) => void): Uint8Array {
  const d = new Y.Doc();
  let out: Uint8Array = new Uint8Array();
  d.on('update', (u: Uint8Array) => (out = u));
  edit(d.getText('t'));
  return out;
}

describe('DocumentSync', () => {
  it('applies the server state, sends local edits one at a time, and the next after the ack', async () => {
    const abc = updateOf((t) => t.insert(0, 'abc'));
    const { connection, sync, doc } = setup([abc]);
    await sync.start();
    expect(doc.getText('t').toString()).toBe('abc');
    doc.getText('t').insert(3, 'd');
    doc.getText('t').insert(4, 'e');
    expect(connection.updates()).toHaveLength(1);
    expect(sync.status).toBe('pending');
    connection.receive('ack', { requestId: connection.updates()[0].requestId, seq: 2 });
    expect(connection.updates()).toHaveLength(2);
    connection.receive('ack', { requestId: connection.updates()[1].requestId, seq: 3 });
    expect(sync.status).toBe('saved');
    const server = new Y.Doc();
    Y.applyUpdate(server, abc);
    for (const f of connection.updates()) Y.applyUpdate(server, fromBase64(String(f.update)));
    expect(server.getText('t').toString()).toBe('abcde');
  });

  it('keeps edits made offline and resends the unacknowledged one with the same key after reconnecting', async () => {
    const { connection, sync, doc } = setup();
    await sync.start();
    doc.getText('t').insert(0, 'x');
    const first = connection.updates()[0];
    connection.setState('offline');
    doc.getText('t').insert(1, 'y');
    expect(sync.status).toBe('offline');
    connection.setState('online');
    connection.receive('hello', {});
    expect(connection.updates()).toHaveLength(2);
    expect(connection.updates()[1].idempotencyKey).toBe(first.idempotencyKey);
    connection.receive('ack', { requestId: connection.updates()[1].requestId, seq: 1 });
    expect(connection.updates()).toHaveLength(3);
    expect(connection.updates()[2].idempotencyKey).not.toBe(first.idempotencyKey);
  });

  it('sends what the local copy holds and the server lacks, and applies live events once', async () => {
    const local = new Y.Doc();
    local.getText('t').insert(0, 'kept offline');
    const { connection, watchers, sync, doc } = setup([], local);
    await sync.start();
    expect(connection.updates()).toHaveLength(1);
    const remote = updateOf((t) => t.insert(0, 'R'));
    const event = { type: 'other' as const, eventType: 'workspace.document_updated', raw: { type: 'workspace.document_updated', documentId: 'd1', authorId: 'b', update: toBase64(remote) } };
    watchers[0].onEvent(1, event as never);
    watchers[0].onEvent(1, event as never);
    expect(doc.getText('t').toString()).toContain('R');
    expect(doc.getText('t').toString().length).toBe('kept offline'.length + 1);
    expect(watchers[0].lastSeq()).toBe(1);
  });

  it('tells the others at once when this person leaves the document', async () => {
    const { connection, sync } = setup();
    const doc2 = new Y.Doc();
    await sync.start();
    const awarenessFrames = () => connection.sent.filter((f) => f.type === 'workspace.awareness');
    // the screen's awareness has a local state (the caret extension sets `user`)
    (sync as unknown as { awareness: Awareness }).awareness.setLocalStateField('user', { name: 'Ana' });
    const before = awarenessFrames().length;
    sync.close();
    expect(awarenessFrames().length).toBe(before + 1);
    const other = new Awareness(doc2);
    const last = awarenessFrames().at(-1)!;
    other.setLocalState(null);
    const { applyAwarenessUpdate } = await import('y-protocols/awareness');
    applyAwarenessUpdate(other, fromBase64(String(last.state)), 'remote');
    expect([...other.getStates().values()]).toHaveLength(0);
  });

  it('sends an update too large for a frame over HTTP in parts, retried with the same key until stored', async () => {
    const posted: Record<string, unknown>[] = [];
    let failures = 1;
    const post = async (_id: string, body: object) => {
      if (failures-- > 0) throw Object.assign(new Error('offline'), { status: 0 });
      posted.push(body as Record<string, unknown>);
      return {};
    };
    const { connection, sync, doc } = setup([], new Y.Doc(), post);
    await sync.start();
    const long = Array.from({ length: 100_000 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
    vi.useFakeTimers();
    try {
      doc.getText('t').insert(0, long);
      expect(connection.updates()).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(2500);
    } finally {
      vi.useRealTimers();
    }
    expect(posted.length).toBe(3);
    expect(new Set(posted.map((p) => p.idempotencyKey)).size).toBe(1);
    expect(posted.map((p) => p.part)).toEqual([1, 2, 3]);
    const joined = posted.flatMap((p) => [...fromBase64(p.update as string)]);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, new Uint8Array(joined));
    expect(copy.getText('t').toString()).toBe(long);
    expect(sync.status).toBe('saved');
    // the next small edit goes on the socket again
    doc.getText('t').insert(0, 'x');
    expect(connection.updates()).toHaveLength(1);
  });

  it('drops and shows an update the server refuses over HTTP', async () => {
    const post = async () => {
      throw Object.assign(new Error('too large'), { status: 413, type: '/problems/payload-too-large', detail: 'An update sent over HTTP is limited to 262144 bytes' });
    };
    const { sync, doc } = setup([], new Y.Doc(), post);
    await sync.start();
    doc.getText('t').insert(0, 'y'.repeat(20_000));
    await new Promise((r) => setTimeout(r, 0));
    // the problem type, said as a sentence by the page; never the server's English detail
    expect(sync.refused).toBe('/problems/payload-too-large');
    expect(sync.status).toBe('saved');
  });

  it('sends a snapshot of the server state when it opens a document with many updates, without local edits in it', async () => {
    const writer = new Y.Doc();
    const serverUpdates: Uint8Array[] = [];
    writer.on('update', (u: Uint8Array) => serverUpdates.push(u));
    for (let i = 0; i < COMPACT_AFTER; i++) writer.getText('t').insert(i, 'a');
    const local = new Y.Doc();
    local.getText('t').insert(0, 'local ');
    const snapshots: Record<string, unknown>[] = [];
    const { sync } = setup(serverUpdates, local, undefined, async (_id, body) => {
      snapshots.push(body as Record<string, unknown>);
      return {};
    });
    await sync.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0].uptoSeq).toBe(COMPACT_AFTER);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, fromBase64(snapshots[0].state as string));
    expect(copy.getText('t').toString()).toBe('a'.repeat(COMPACT_AFTER));
  });

  it('sends no snapshot for a document with few updates', async () => {
    let calls = 0;
    const { sync } = setup([updateOf((t) => t.insert(0, 'abc'))], new Y.Doc(), undefined, async () => {
      calls++;
      return {};
    });
    await sync.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(0);
  });
});
