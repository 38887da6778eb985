import { describe, expect, it } from 'vitest';
import type { Post, ThemePage, Thread, ThreadPage } from '../protocol/discussion';
import { applyThemeEvent, applyThreadEvent, pinnedFirst } from './discussionPages';

const thread = (over: Partial<Thread> = {}): Thread => ({
  id: 't1',
  theme: 'vie-du-reseau',
  kind: 'question',
  title: 'Un fonds pour les tiers-lieux',
  authorId: 'u1',
  authorName: 'Awa',
  createdAt: '2026-12-01T09:00:00Z',
  lastPostAt: '2026-12-01T09:00:00Z',
  postCount: 1,
  solved: false,
  solvedPostId: null,
  pinned: false,
  locked: false,
  unread: 0,
  followLevel: 'default',
  ...over,
});

const post = (over: Partial<Post> = {}): Post => ({
  id: 'p1',
  threadId: 't1',
  authorId: 'u1',
  authorName: 'Awa',
  body: 'Des pistes ?',
  html: '<p>Des pistes ?</p>',
  replyTo: null,
  createdAt: '2026-12-01T09:00:00Z',
  editedAt: null,
  deleted: false,
  reactions: { '👍': ['u2'] },
  mentions: [],
  authorDeactivated: false,
  hidden: false,
  moderated: false,
  ...over,
});

const threadPage = (): ThreadPage => ({ stream: 'theme:vie-du-reseau', seq: 4, thread: thread(), posts: [post()] });

describe('applyThreadEvent', () => {
  it('adds a new post of the thread once, counting it', () => {
    const reply = post({ id: 'p2', body: 'Voici', createdAt: '2026-12-01T10:00:00Z' });
    const once = applyThreadEvent(threadPage(), { type: 'discussion.post_created', post: reply });
    expect(once.posts.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(once.thread.postCount).toBe(2);
    expect(once.thread.lastPostAt).toBe('2026-12-01T10:00:00Z');
    expect(applyThreadEvent(once, { type: 'discussion.post_created', post: reply })).toBe(once);
  });

  it('leaves the page as it was for another thread’s events', () => {
    const page = threadPage();
    expect(applyThreadEvent(page, { type: 'discussion.post_created', post: post({ id: 'x', threadId: 't2' }) })).toBe(page);
    expect(applyThreadEvent(page, { type: 'discussion.post_edited', post: post({ threadId: 't2', body: 'autre' }) })).toBe(page);
    expect(applyThreadEvent(page, { type: 'discussion.reaction_changed', postId: 'x', threadId: 't2', reactions: {} })).toBe(page);
    expect(applyThreadEvent(page, { type: 'other', eventType: 'survey.answered', raw: {} })).toBe(page);
  });

  it('takes an edit’s text but keeps the reactions it already shows', () => {
    const edited = applyThreadEvent(threadPage(), {
      type: 'discussion.post_edited',
      post: post({ body: 'Des pistes, svp ?', editedAt: '2026-12-01T09:05:00Z', reactions: {} }),
    });
    expect(edited.posts[0].body).toBe('Des pistes, svp ?');
    expect(edited.posts[0].reactions).toEqual({ '👍': ['u2'] });
  });

  it('empties a deleted post and reopens the question it answered', () => {
    const page = { ...threadPage(), thread: thread({ solved: true, solvedPostId: 'p1' }) };
    const after = applyThreadEvent(page, { type: 'discussion.post_deleted', post: post() });
    expect(after.posts[0]).toMatchObject({ deleted: true, body: '', html: '', reactions: {} });
    expect(after.thread).toMatchObject({ solved: false, solvedPostId: null });
  });

  it('hides a post’s text when moderation hides it', () => {
    const after = applyThreadEvent(threadPage(), { type: 'discussion.post_hidden', post: post() });
    expect(after.posts[0]).toMatchObject({ hidden: true, body: '', html: '', mentions: [] });
  });

  it('follows the thread’s state and its move to another theme', () => {
    const updated = applyThreadEvent(threadPage(), {
      type: 'discussion.thread_updated',
      thread: thread({ solved: true, solvedPostId: 'p1', locked: true, title: 'Nouveau titre' }),
    });
    expect(updated.thread).toMatchObject({ solved: true, solvedPostId: 'p1', locked: true, title: 'Nouveau titre' });
    const moved = applyThreadEvent(updated, { type: 'discussion.thread_moved', thread: thread({ theme: 'fonds-europeens' }), from: 'vie-du-reseau' });
    expect(moved.thread.theme).toBe('fonds-europeens');
  });
});

describe('applyThemeEvent', () => {
  const themePage = (threads: Thread[]): ThemePage => ({ stream: 'theme:vie-du-reseau', seq: 9, threads });

  it('puts a new thread first after the pinned ones, unread unless it is mine, once', () => {
    const page = themePage([thread({ id: 'pin', pinned: true }), thread({ id: 'old' })]);
    const event = { type: 'discussion.thread_created' as const, thread: thread({ id: 'new', authorId: 'u2' }), post: null };
    const after = applyThemeEvent(page, event, 'u1');
    expect(after.threads.map((t) => [t.id, t.unread])).toEqual([['pin', 0], ['new', 1], ['old', 0]]);
    expect(applyThemeEvent(after, event, 'u1')).toBe(after);
    expect(applyThemeEvent(page, event, 'u2').threads.find((t) => t.id === 'new')?.unread).toBe(0);
  });

  it('counts a reply on its thread', () => {
    const after = applyThemeEvent(themePage([thread()]), { type: 'discussion.post_created', post: post({ id: 'p2', authorId: 'u2', createdAt: '2026-12-02T08:00:00Z' }) }, 'u1');
    expect(after.threads[0]).toMatchObject({ postCount: 2, lastPostAt: '2026-12-02T08:00:00Z', unread: 1 });
  });

  it('removes a thread moved away and takes in one moved here', () => {
    const page = themePage([thread({ id: 'a' }), thread({ id: 'b' })]);
    const away = applyThemeEvent(page, { type: 'discussion.thread_moved', thread: thread({ id: 'a', theme: 'fonds-europeens' }), from: 'vie-du-reseau' });
    expect(away.threads.map((t) => t.id)).toEqual(['b']);
    const here = applyThemeEvent(away, { type: 'discussion.thread_moved', thread: thread({ id: 'c' }), from: 'fonds-europeens' });
    expect(here.threads.map((t) => t.id)).toEqual(['c', 'b']);
  });

  it('re-sorts when a thread is pinned', () => {
    const page = themePage([thread({ id: 'a' }), thread({ id: 'b' })]);
    const after = applyThemeEvent(page, { type: 'discussion.thread_updated', thread: thread({ id: 'b', pinned: true }) });
    expect(after.threads.map((t) => t.id)).toEqual(['b', 'a']);
    expect(pinnedFirst(after.threads)).toEqual(after.threads);
  });
});
