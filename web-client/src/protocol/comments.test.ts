import { describe, expect, it } from 'vitest';
import { applyCommentEvent, parseCommentEvent, parseCommentList } from './comments';

const ana = { id: 'u1', displayName: 'Ana', role: 'member' };
const comment = {
  id: 'c1',
  documentId: 'd1',
  parentId: null,
  author: ana,
  body: 'Quel public ?',
  quote: 'un modèle hybride',
  anchor: { start: 'AAUCAA==', end: 'AAUJAA==' },
  createdAt: '2026-11-24T09:10:00Z',
  resolvedBy: null,
  resolvedAt: null,
};

describe('comment wire types', () => {
  it('reads a list and applies added, resolved and reopened events by id', () => {
    let list = parseCommentList({ documentId: 'd1', stream: 'workspace:w1', seq: 4, comments: [] });
    const added = parseCommentEvent({ type: 'workspace.comment_added', documentId: 'd1', comment });
    list = applyCommentEvent(list, added!);
    expect(list.comments.map((c) => c.id)).toEqual(['c1']);
    expect(list.comments[0].anchor).toEqual(comment.anchor);

    const resolved = parseCommentEvent({
      type: 'workspace.comment_resolved',
      documentId: 'd1',
      comment: { ...comment, resolvedBy: ana, resolvedAt: '2026-11-24T10:00:00Z' },
    });
    list = applyCommentEvent(list, resolved!);
    expect(list.comments).toHaveLength(1);
    expect(list.comments[0].resolvedBy?.displayName).toBe('Ana');

    list = applyCommentEvent(list, parseCommentEvent({ type: 'workspace.comment_reopened', documentId: 'd1', comment })!);
    expect(list.comments[0].resolvedAt).toBeNull();
  });

  it('ignores other events and other documents, and reads a reply without a passage', () => {
    expect(parseCommentEvent({ type: 'workspace.document_created', document: {} })).toBeNull();
    const list = parseCommentList({ documentId: 'd1', stream: 'workspace:w1', seq: 0, comments: [] });
    const elsewhere = parseCommentEvent({ type: 'workspace.comment_added', documentId: 'd2', comment: { ...comment, documentId: 'd2' } });
    expect(applyCommentEvent(list, elsewhere!)).toBe(list);
    const reply = parseCommentEvent({
      type: 'workspace.comment_added',
      documentId: 'd1',
      comment: { ...comment, id: 'c2', parentId: 'c1', quote: null, anchor: null },
    });
    expect(reply?.comment.anchor).toBeNull();
    expect(reply?.comment.parentId).toBe('c1');
  });

  it('rejects a malformed comment', () => {
    expect(() => parseCommentEvent({ type: 'workspace.comment_added', documentId: 'd1', comment: { ...comment, author: null } })).toThrow();
  });
});
