import { describe, expect, it } from 'vitest';
import { applyNotificationEvent, NotificationStore, type NotificationState } from './notifications';
import type { StreamWatcher } from '../transport/live';
import type { DiscussionEvent } from '../protocol/discussion';

const notice = (id: string, readAt: string | null = null) => ({
  id,
  kind: 'discussion.mentioned',
  link: '/threads/t1',
  data: { title: 'Un fil', author: 'Ada' },
  urgent: false,
  createdAt: '2026-11-23T08:00:00Z',
  readAt,
});

const created = (id: string): DiscussionEvent => ({
  type: 'other',
  eventType: 'notification.created',
  raw: { type: 'notification.created', notification: notice(id) },
});

describe('applyNotificationEvent', () => {
  const empty: NotificationState = { loaded: true, unread: 0, items: [], more: false };

  it('adds a new notification on top and counts it once', () => {
    const one = applyNotificationEvent(empty, { type: 'notification.created', notification: notice('a') });
    const again = applyNotificationEvent(one, { type: 'notification.created', notification: notice('a') });
    expect(again.unread).toBe(1);
    expect(again.items.map((n) => n.id)).toEqual(['a']);
  });

  it('marks the named ones read and takes the server count', () => {
    let state = applyNotificationEvent(empty, { type: 'notification.created', notification: notice('a') });
    state = applyNotificationEvent(state, { type: 'notification.created', notification: notice('b') });
    state = applyNotificationEvent(state, { type: 'notification.read', ids: ['a'], unread: 1 });
    expect(state.unread).toBe(1);
    expect(state.items.find((n) => n.id === 'a')?.readAt).not.toBeNull();
    expect(state.items.find((n) => n.id === 'b')?.readAt).toBeNull();
  });
});

describe('NotificationStore', () => {
  function setup(pages: unknown[]) {
    const watchers: { stream: string; watcher: StreamWatcher }[] = [];
    const posts: string[] = [];
    const api = {
      get: async () => pages.shift(),
      post: async (path: string) => {
        posts.push(path);
        return { unread: 0 };
      },
    };
    const live = {
      watch(stream: string, watcher: StreamWatcher) {
        watchers.push({ stream, watcher });
        return () => undefined;
      },
    };
    return { store: new NotificationStore(api, live), watchers, posts };
  }
  const flush = () => new Promise((r) => setTimeout(r, 0));

  it('loads, watches the person stream, applies events in order and reloads after a gap', async () => {
    const { store, watchers } = setup([
      { stream: 'person:u1', seq: 4, unread: 1, items: [notice('a')], more: false },
      { stream: 'person:u1', seq: 7, unread: 3, items: [notice('c'), notice('b'), notice('a')], more: false },
    ]);
    store.start();
    await flush();
    expect(watchers.map((w) => w.stream)).toEqual(['person:u1']);
    expect(store.getState().unread).toBe(1);

    const w = watchers[0]!.watcher;
    w.onEvent(5, created('b'));
    expect(store.getState().unread).toBe(2);
    w.onEvent(5, created('b'));
    expect(store.getState().unread).toBe(2);

    w.onEvent(7, created('c'));
    await flush();
    expect(store.getState().items.map((n) => n.id)).toEqual(['c', 'b', 'a']);
    expect(store.getState().unread).toBe(3);
  });

  it('marks all read through the API and forgets everything when signed out', async () => {
    const { store, posts } = setup([{ stream: 'person:u1', seq: 1, unread: 1, items: [notice('a')], more: false }]);
    store.start();
    await flush();
    await store.markAllRead();
    expect(posts).toEqual(['/api/notifications/read-all']);
    expect(store.getState().unread).toBe(0);
    expect(store.getState().items[0]!.readAt).not.toBeNull();
    store.end();
    expect(store.getState().loaded).toBe(false);
  });
});
