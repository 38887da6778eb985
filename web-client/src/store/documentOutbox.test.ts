import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentOutbox } from './documentOutbox';
import { fromBase64, parseDocumentState, parseWorkspaceEvent, toBase64 } from '../protocol/workspace';

function typing(count: number) {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getText('t').insert(i, 'x');
  return { doc, updates };
}

describe('DocumentOutbox', () => {
  it('keeps one update in flight and merges what waits, so a replica converges from the frames', () => {
    const { doc, updates } = typing(50);
    let n = 0;
    const outbox = new DocumentOutbox(8192, () => `k${++n}`);
    updates.forEach((u) => outbox.add(u));
    const replica = new Y.Doc();
    const sent: string[] = [];
    for (let item = outbox.next(); item; item = outbox.next()) {
      expect(outbox.next()).toBeNull();
      sent.push(item.idempotencyKey);
      Y.applyUpdate(replica, fromBase64(item.update));
      outbox.settle();
    }
    expect(sent).toEqual(['k1']);
    expect(replica.getText('t').toString()).toBe(doc.getText('t').toString());
    expect(outbox.pending).toBe(0);
  });

  it('splits what waits at the size limit and resends the one in flight with the same key', () => {
    const { doc, updates } = typing(200);
    const outbox = new DocumentOutbox(64);
    updates.forEach((u) => outbox.add(u));
    const first = outbox.next()!;
    expect(first.bytes).toBeLessThanOrEqual(64);
    expect(outbox.resend()).toBe(first);
    const replica = new Y.Doc();
    let frames = 0;
    for (let item: ReturnType<typeof outbox.next> = first; item; item = outbox.next()) {
      Y.applyUpdate(replica, fromBase64(item.update));
      outbox.settle();
      frames++;
    }
    expect(frames).toBeGreaterThan(1);
    expect(replica.getText('t').toString()).toBe(doc.getText('t').toString());
  });
});

describe('workspace protocol', () => {
  it('parses a document state and its events, and base64 round-trips', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    const state = parseDocumentState({
      document: { id: 'd', workspaceId: 'w', title: 'Kit', stream: 'workspace-doc:d', createdAt: 'x', updateCount: 2, loadedBytes: 9 },
      seq: 2, snapshot: null, updates: [{ seq: 1, update: 'AA==' }, { seq: 2, update: 'AQ==' }],
    });
    expect(state.updates.map((u) => u.seq)).toEqual([1, 2]);
    expect(parseWorkspaceEvent({ type: 'workspace.document_updated', documentId: 'd', authorId: 'a', update: 'AA==' }))
      .toEqual({ type: 'workspace.document_updated', documentId: 'd', authorId: 'a', update: 'AA==' });
    expect(parseWorkspaceEvent({ type: 'discussion.post_created' })).toBeNull();
    expect(() => parseDocumentState({ seq: 1 })).toThrow();
  });
});
