/**
 * Unread counts kept live from stream events (docs/api.md: each `discussion.post_created` for a
 * thread not open adds 1). The server's counts are the starting point; no UI framework here.
 */
import type { DiscussionEvent, FollowLevel } from '../protocol/discussion';

export interface UnreadContext {
  /** The signed-in person: their own posts are read. */
  me: string | null;
  /** The thread open on screen (its posts are read as they arrive), if any. */
  openThreadId?: string | null;
}

/** How many unread posts the event adds to the thread it belongs to (0 or 1), and which thread. */
export function unreadDelta(event: DiscussionEvent, context: UnreadContext): { threadId: string; add: number } | null {
  let threadId: string;
  let authorId: string;
  if (event.type === 'discussion.post_created') {
    threadId = event.post.threadId;
    authorId = event.post.authorId;
  } else if (event.type === 'discussion.thread_created') {
    threadId = event.thread.id;
    authorId = event.thread.authorId;
  } else {
    return null;
  }
  const add = authorId === context.me || threadId === context.openThreadId ? 0 : 1;
  return { threadId, add };
}

/** A muted theme or thread shows no unread. */
export function shownUnread(unread: number, level: FollowLevel): number {
  return level === 'muted' ? 0 : Math.max(0, unread);
}

interface Counted {
  id: string;
  unread: number;
  followLevel: FollowLevel;
}

/** Threads of a theme page after a live event. */
export function countThreadUnread<T extends Counted>(threads: T[], event: DiscussionEvent, context: UnreadContext): T[] {
  const delta = unreadDelta(event, context);
  if (!delta || delta.add === 0) return threads;
  return threads.map((th) => (th.id === delta.threadId && th.followLevel !== 'muted' ? { ...th, unread: th.unread + delta.add } : th));
}

/** A theme's count (themes list) after a live event of its stream. */
export function countThemeUnread(unread: number, level: FollowLevel, event: DiscussionEvent, context: UnreadContext): number {
  if (level === 'muted') return unread;
  const delta = unreadDelta(event, context);
  return delta ? unread + delta.add : unread;
}
