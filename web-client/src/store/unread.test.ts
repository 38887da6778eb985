import { describe, expect, it } from 'vitest';
import type { DiscussionEvent, Post, Thread } from '../protocol/discussion';
import { countThemeUnread, countThreadUnread, shownUnread, unreadDelta } from './unread';

const thread = (id: string, extra: Partial<Thread> = {}): Thread => ({
  id, theme: 'vie', kind: 'discussion', title: 'T', authorId: 'x', authorName: 'X', createdAt: '2026-01-01T00:00:00Z',
  lastPostAt: null, postCount: 1, solved: false, solvedPostId: null, pinned: false, locked: false, unread: 0, followLevel: 'default', ...extra,
});
const post = (threadId: string, authorId: string): Post => ({
  id: `p-${threadId}-${authorId}`, threadId, authorId, authorName: 'A', body: 'b', html: '<p>b</p>', replyTo: null,
  createdAt: '2026-01-01T00:00:00Z', editedAt: null, deleted: false, reactions: {}, mentions: [], authorDeactivated: false, hidden: false, moderated: false,
});
const created = (threadId: string, authorId: string): DiscussionEvent => ({ type: 'discussion.post_created', post: post(threadId, authorId) });

describe('unread counting', () => {
  it('a post by someone else in a thread not open adds 1', () => {
    expect(unreadDelta(created('t1', 'other'), { me: 'me' })).toEqual({ threadId: 't1', add: 1 });
    expect(unreadDelta(created('t1', 'me'), { me: 'me' })).toEqual({ threadId: 't1', add: 0 });
    expect(unreadDelta(created('t1', 'other'), { me: 'me', openThreadId: 't1' })).toEqual({ threadId: 't1', add: 0 });
    expect(unreadDelta({ type: 'discussion.thread_created', thread: thread('t2'), post: null }, { me: 'me' })).toEqual({ threadId: 't2', add: 1 });
    expect(unreadDelta({ type: 'discussion.post_deleted', post: post('t1', 'other') }, { me: 'me' })).toBeNull();
  });

  it('counts per thread, not for muted threads', () => {
    const threads = [thread('t1', { unread: 2 }), thread('t2'), thread('t3', { followLevel: 'muted' })];
    const after = [created('t1', 'o'), created('t2', 'o'), created('t3', 'o'), created('t2', 'me')].reduce(
      (list, e) => countThreadUnread(list, e, { me: 'me' }),
      threads,
    );
    expect(after.map((th) => th.unread)).toEqual([3, 1, 0]);
  });

  it('counts per theme, not when muted', () => {
    expect(countThemeUnread(4, 'default', created('t1', 'o'), { me: 'me' })).toBe(5);
    expect(countThemeUnread(4, 'following', created('t1', 'me'), { me: 'me' })).toBe(4);
    expect(countThemeUnread(0, 'muted', created('t1', 'o'), { me: 'me' })).toBe(0);
    expect(shownUnread(3, 'muted')).toBe(0);
    expect(shownUnread(3, 'following')).toBe(3);
  });
});
