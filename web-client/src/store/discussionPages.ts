/**
 * The discussion pages kept up to date from their theme's stream: pure reducers, one event at a
 * time, duplicates and other threads' events leaving the page as it was. No UI framework here.
 */
import type { DiscussionEvent, ThemePage, Thread, ThreadPage } from '../protocol/discussion';
import { countThreadUnread } from './unread';

/** Pinned threads first, the rest in the order they had. */
export function pinnedFirst(threads: Thread[]): Thread[] {
  return [...threads.filter((th) => th.pinned), ...threads.filter((th) => !th.pinned)];
}

export function applyThemeEvent(page: ThemePage, event: DiscussionEvent, me: string | null = null): ThemePage {
  const slug = page.stream.replace(/^theme:/, '');
  const counted = { ...page, threads: countThreadUnread(page.threads, event, { me }) };
  switch (event.type) {
    case 'discussion.thread_created': {
      if (page.threads.some((th) => th.id === event.thread.id)) return page;
      const fresh = { ...event.thread, unread: event.thread.authorId === me ? 0 : 1 };
      return { ...page, threads: pinnedFirst([fresh, ...page.threads]) };
    }
    case 'discussion.post_created': {
      const post = event.post;
      return {
        ...counted,
        threads: counted.threads.map((th) =>
          th.id === post.threadId ? { ...th, postCount: th.postCount + 1, lastPostAt: post.createdAt } : th,
        ),
      };
    }
    case 'discussion.thread_updated': {
      const u = event.thread;
      return {
        ...page,
        threads: pinnedFirst(
          page.threads.map((th) =>
            th.id === u.id ? { ...th, solved: u.solved, solvedPostId: u.solvedPostId, pinned: u.pinned, locked: u.locked, title: u.title } : th,
          ),
        ),
      };
    }
    case 'discussion.post_deleted': {
      // The server reopens a question whose answer is deleted, without a thread_updated.
      const id = event.post.id;
      return { ...page, threads: page.threads.map((th) => (th.solvedPostId === id ? { ...th, solved: false, solvedPostId: null } : th)) };
    }
    case 'discussion.thread_moved': {
      const moved = event.thread;
      if (moved.theme !== slug) return { ...page, threads: page.threads.filter((th) => th.id !== moved.id) };
      if (page.threads.some((th) => th.id === moved.id)) return page;
      return { ...page, threads: pinnedFirst([moved, ...page.threads]) };
    }
    default:
      return page;
  }
}

export function applyThreadEvent(page: ThreadPage, event: DiscussionEvent): ThreadPage {
  const id = page.thread.id;
  switch (event.type) {
    case 'discussion.post_created':
      if (event.post.threadId !== id || page.posts.some((p) => p.id === event.post.id)) return page;
      return {
        ...page,
        posts: [...page.posts, event.post],
        thread: { ...page.thread, postCount: page.thread.postCount + 1, lastPostAt: event.post.createdAt },
      };
    case 'discussion.post_edited':
      if (event.post.threadId !== id) return page;
      return { ...page, posts: page.posts.map((p) => (p.id === event.post.id ? { ...p, ...event.post, reactions: p.reactions } : p)) };
    case 'discussion.reaction_changed':
      if (!page.posts.some((p) => p.id === event.postId)) return page;
      return { ...page, posts: page.posts.map((p) => (p.id === event.postId ? { ...p, reactions: event.reactions } : p)) };
    case 'discussion.post_deleted':
      if (event.post.threadId !== id) return page;
      return {
        ...page,
        posts: page.posts.map((p) => (p.id === event.post.id ? { ...p, deleted: true, body: '', html: '', mentions: [], reactions: {} } : p)),
        // The server reopens a question whose answer is deleted, without a thread_updated.
        thread: page.thread.solvedPostId === event.post.id ? { ...page.thread, solved: false, solvedPostId: null } : page.thread,
      };
    case 'discussion.post_hidden':
      if (event.post.threadId !== id) return page;
      return { ...page, posts: page.posts.map((p) => (p.id === event.post.id ? { ...p, hidden: true, body: '', html: '', mentions: [] } : p)) };
    case 'discussion.thread_updated': {
      const u = event.thread;
      if (u.id !== id) return page;
      return { ...page, thread: { ...page.thread, solved: u.solved, solvedPostId: u.solvedPostId, pinned: u.pinned, locked: u.locked, title: u.title } };
    }
    case 'discussion.thread_moved':
      if (event.thread.id !== id) return page;
      return { ...page, thread: { ...page.thread, theme: event.thread.theme } };
    default:
      return page;
  }
}
