import { describe, expect, it } from 'vitest';
import { parseDiscussionEvent, parsePost, parseThemes, parseThread } from './discussion';

const thread = { id: 't', theme: 'vie', kind: 'question', title: 'Q', authorId: 'a', authorName: 'A', createdAt: '2026-01-01T00:00:00Z' };
const post = { id: 'p', threadId: 't', authorId: 'a', authorName: 'A', createdAt: '2026-01-01T00:00:00Z' };

describe('discussion wire types', () => {
  it('reads unread, followLevel and solvedPostId, with defaults', () => {
    expect(parseThread({ ...thread, unread: 3, followLevel: 'muted', solved: true, solvedPostId: 'p' })).toMatchObject({
      unread: 3, followLevel: 'muted', solved: true, solvedPostId: 'p',
    });
    expect(parseThread(thread)).toMatchObject({ unread: 0, followLevel: 'default', solvedPostId: null });
    expect(parseThemes([{ slug: 's', labelFr: 'S', family: 'network', unread: 2, followLevel: 'following' }])[0]).toMatchObject({ unread: 2, followLevel: 'following' });
    expect(parseThread({ ...thread, followLevel: 'weird' }).followLevel).toBe('default');
  });

  it('reads mentions on posts', () => {
    expect(parsePost({ ...post, mentions: [{ id: 'b', displayName: 'Bruno' }] }).mentions).toEqual([{ id: 'b', displayName: 'Bruno' }]);
    expect(parsePost(post).mentions).toEqual([]);
  });

  it('reads the new events', () => {
    expect(parseDiscussionEvent({ type: 'discussion.post_deleted', post: { ...post, deleted: true } })).toMatchObject({ type: 'discussion.post_deleted', post: { deleted: true } });
    expect(parseDiscussionEvent({ type: 'discussion.thread_updated', thread: { ...thread, locked: true } })).toMatchObject({ type: 'discussion.thread_updated', thread: { locked: true } });
    expect(parseDiscussionEvent({ type: 'discussion.thread_moved', thread: { ...thread, theme: 'autre' }, from: 'vie' })).toMatchObject({
      type: 'discussion.thread_moved', from: 'vie', thread: { theme: 'autre' },
    });
  });
});
