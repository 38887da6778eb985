/** Discussion types of docs/api.md (HTTP reads) and docs/protocol.md (frames), with runtime parsers. */
import { asArray, asObject, oneOf, optNum, optStr, str, type Json } from './validate';
import type { ServerFrame } from './frames';

export const REACTIONS = ['👍', '❤️', '🎉', '🙏', '💡', '👀'] as const;
export type Reaction = (typeof REACTIONS)[number];

export const THREAD_KINDS = ['discussion', 'question'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

export const THEME_FAMILIES = ['lever', 'topic', 'network', 'custom'] as const;

export const FOLLOW_LEVELS = ['following', 'default', 'muted'] as const;
/** A theme may also be followed as a mailing list: every new post e-mailed at once, answerable by e-mail. */
export const THEME_FOLLOW_LEVELS = ['mailing_list', 'following', 'default', 'muted'] as const;
export type FollowLevel = (typeof THEME_FOLLOW_LEVELS)[number];

export const TITLE_MIN = 3;
export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;

export interface ThemeSummary {
  slug: string;
  labelFr: string;
  labelEn: string;
  family: string;
  threadCount: number;
  lastPostAt: string | null;
  unread: number;
  followLevel: FollowLevel;
}

export interface Person {
  id: string;
  displayName: string;
}

export interface Thread {
  id: string;
  theme: string;
  kind: ThreadKind;
  title: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  lastPostAt: string | null;
  postCount: number;
  solved: boolean;
  solvedPostId: string | null;
  pinned: boolean;
  locked: boolean;
  unread: number;
  followLevel: FollowLevel;
}

export type Reactions = Record<string, string[]>;

export interface Post {
  id: string;
  threadId: string;
  authorId: string;
  authorName: string;
  body: string;
  html: string;
  replyTo: string | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  reactions: Reactions;
  mentions: Person[];
  /** The author's account was deactivated: "compte désactivé" beside the name. */
  authorDeactivated: boolean;
  /** Hidden by moderation: a tombstone, its text is not served. */
  hidden: boolean;
  /** Edited by moderation. */
  moderated: boolean;
}

export interface ThemePage {
  stream: string;
  seq: number;
  threads: Thread[];
}

export interface ThreadPage {
  stream: string;
  seq: number;
  thread: Thread;
  posts: Post[];
}

export interface Revision {
  revision: number;
  body: string;
  replacedAt: string;
}

const bool = (o: Json, key: string) => o[key] === true;

function followLevel(o: Json): FollowLevel {
  const v = o.followLevel;
  return typeof v === 'string' && (THEME_FOLLOW_LEVELS as readonly string[]).includes(v) ? (v as FollowLevel) : 'default';
}

export function parsePerson(value: unknown, what = 'person'): Person {
  const o = asObject(value, what);
  return { id: str(o, 'id', what), displayName: str(o, 'displayName', what) };
}

export const parsePeople = (value: unknown) => asArray(value ?? [], 'people', parsePerson);

export function parseThemeSummary(value: unknown, what = 'theme'): ThemeSummary {
  const o = asObject(value, what);
  return {
    slug: str(o, 'slug', what),
    labelFr: str(o, 'labelFr', what),
    labelEn: optStr(o, 'labelEn', what) ?? str(o, 'labelFr', what),
    family: str(o, 'family', what),
    threadCount: optNum(o, 'threadCount') ?? 0,
    lastPostAt: optStr(o, 'lastPostAt', what),
    unread: optNum(o, 'unread') ?? 0,
    followLevel: followLevel(o),
  };
}

export const parseThemes = (value: unknown) => asArray(value ?? [], 'themes', parseThemeSummary);

export function parseThread(value: unknown, what = 'thread'): Thread {
  const o = asObject(value, what);
  return {
    id: str(o, 'id', what),
    theme: str(o, 'theme', what),
    kind: oneOf(o, 'kind', THREAD_KINDS, what),
    title: str(o, 'title', what),
    authorId: str(o, 'authorId', what),
    authorName: str(o, 'authorName', what),
    createdAt: str(o, 'createdAt', what),
    lastPostAt: optStr(o, 'lastPostAt', what) ?? optStr(o, 'createdAt', what),
    postCount: optNum(o, 'postCount') ?? 1,
    solved: bool(o, 'solved'),
    solvedPostId: optStr(o, 'solvedPostId', what),
    pinned: bool(o, 'pinned'),
    locked: bool(o, 'locked'),
    unread: optNum(o, 'unread') ?? 0,
    followLevel: followLevel(o),
  };
}

export function parseReactions(value: unknown, what = 'reactions'): Reactions {
  if (value === undefined || value === null) return {};
  const o = asObject(value, what);
  const out: Reactions = {};
  for (const [emoji, ids] of Object.entries(o)) {
    out[emoji] = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  }
  return out;
}

export function parsePost(value: unknown, what = 'post'): Post {
  const o = asObject(value, what);
  return {
    id: str(o, 'id', what),
    threadId: str(o, 'threadId', what),
    authorId: str(o, 'authorId', what),
    authorName: str(o, 'authorName', what),
    body: optStr(o, 'body', what) ?? '',
    html: optStr(o, 'html', what) ?? '',
    replyTo: optStr(o, 'replyTo', what),
    createdAt: str(o, 'createdAt', what),
    editedAt: optStr(o, 'editedAt', what),
    deleted: bool(o, 'deleted'),
    reactions: parseReactions(o.reactions, `${what}.reactions`),
    mentions: asArray(o.mentions ?? [], `${what}.mentions`, parsePerson),
    authorDeactivated: o.authorDeactivated === true,
    hidden: bool(o, 'hidden'),
    moderated: bool(o, 'moderated'),
  };
}

export function parseThemePage(value: unknown): ThemePage {
  const o = asObject(value, 'themePage');
  return {
    stream: str(o, 'stream', 'themePage'),
    seq: optNum(o, 'seq') ?? 0,
    // The server leaves out empty lists.
    threads: asArray(o.threads ?? [], 'themePage.threads', parseThread),
  };
}

export function parseThreadPage(value: unknown): ThreadPage {
  const o = asObject(value, 'threadPage');
  return {
    stream: str(o, 'stream', 'threadPage'),
    seq: optNum(o, 'seq') ?? 0,
    thread: parseThread(o.thread, 'threadPage.thread'),
    posts: asArray(o.posts ?? [], 'threadPage.posts', parsePost),
  };
}

export const parseHistory = (value: unknown): Revision[] =>
  asArray(value ?? [], 'history', (v, what) => {
    const o = asObject(v, what);
    return { revision: optNum(o, 'revision') ?? 0, body: optStr(o, 'body', what) ?? '', replacedAt: str(o, 'replacedAt', what) };
  });

// ---- live events and frames -------------------------------------------------------------

export type DiscussionEvent =
  | { type: 'discussion.thread_created'; thread: Thread; post: Post | null }
  | { type: 'discussion.post_created'; post: Post }
  | { type: 'discussion.post_edited'; post: Post }
  | { type: 'discussion.reaction_changed'; postId: string; threadId: string | null; reactions: Reactions }
  | { type: 'discussion.post_deleted'; post: Post }
  | { type: 'discussion.post_hidden'; post: Post }
  | { type: 'discussion.thread_updated'; thread: Thread }
  | { type: 'discussion.thread_moved'; thread: Thread; from: string }
  | { type: 'other'; eventType: string; raw: Record<string, unknown> };

export function parseDiscussionEvent(value: unknown): DiscussionEvent {
  const o = asObject(value, 'event');
  const type = str(o, 'type', 'event');
  switch (type) {
    case 'discussion.thread_created':
      return { type, thread: parseThread(o.thread), post: o.post ? parsePost(o.post) : null };
    case 'discussion.post_created':
    case 'discussion.post_edited':
    case 'discussion.post_deleted':
    case 'discussion.post_hidden':
      return { type, post: parsePost(o.post) };
    case 'discussion.thread_updated':
      return { type, thread: parseThread(o.thread) };
    case 'discussion.thread_moved':
      return { type, thread: parseThread(o.thread), from: str(o, 'from', 'event') };
    case 'discussion.reaction_changed':
      return {
        type,
        postId: str(o, 'postId', 'event'),
        threadId: optStr(o, 'threadId', 'event'),
        reactions: parseReactions(o.reactions),
      };
    default:
      // Another feature's event: kept whole for the screens that understand it.
      return { type: 'other', eventType: type, raw: o };
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string | null;
}

export type LiveFrame =
  | { type: 'event'; stream: string; seq: number; event: DiscussionEvent }
  | { type: 'ack'; requestId: string | null; seq: number | null; result: Json }
  | { type: 'error'; requestId: string | null; problem: ProblemBody }
  | { type: 'resync'; stream: string; seq: number }
  | { type: 'typing'; stream: string; threadId: string | null; userId: string | null; displayName: string }
  | { type: 'unsubscribed'; stream: string };

/** The live frames of docs/protocol.md out of a socket frame; null for other frames or bad shapes. */
export function parseLiveFrame(frame: ServerFrame): LiveFrame | null {
  if (frame.type !== 'other') return null;
  const o = frame.body;
  try {
    switch (frame.frameType) {
      case 'event': {
        const seq = optNum(o, 'seq');
        if (seq === null) return null;
        return { type: 'event', stream: str(o, 'stream', 'event'), seq, event: parseDiscussionEvent(o.event) };
      }
      case 'ack':
        return {
          type: 'ack',
          requestId: optStr(o, 'requestId', 'ack'),
          seq: optNum(o, 'seq'),
          result: o.result && typeof o.result === 'object' ? (o.result as Json) : {},
        };
      case 'error': {
        const p = o.problem && typeof o.problem === 'object' ? (o.problem as Json) : {};
        return {
          type: 'error',
          requestId: optStr(o, 'requestId', 'error'),
          problem: {
            type: typeof p.type === 'string' ? p.type : 'about:blank',
            title: typeof p.title === 'string' ? p.title : 'Error',
            status: typeof p.status === 'number' ? p.status : 0,
            detail: typeof p.detail === 'string' ? p.detail : null,
          },
        };
      }
      case 'resync':
        return { type: 'resync', stream: str(o, 'stream', 'resync'), seq: optNum(o, 'seq') ?? 0 };
      case 'typing':
        return {
          type: 'typing',
          stream: str(o, 'stream', 'typing'),
          threadId: optStr(o, 'threadId', 'typing'),
          userId: optStr(o, 'userId', 'typing'),
          displayName: optStr(o, 'displayName', 'typing') ?? '',
        };
      case 'unsubscribed':
        return { type: 'unsubscribed', stream: str(o, 'stream', 'unsubscribed') };
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/** Commands of docs/protocol.md, without the requestId the transport adds per attempt. */
/** Commands sent over the socket through the offline queue (discussions, and help messages). */
export type DiscussionCommand =
  | { type: 'help.post_message'; idempotencyKey: string; helpRequestId: string; body: string }
  | {
      type: 'discussion.create_thread';
      idempotencyKey: string;
      theme: string;
      kind: ThreadKind;
      title: string;
      body: string;
      mentions?: string[];
    }
  | { type: 'discussion.reply'; idempotencyKey: string; threadId: string; body: string; replyTo?: string; mentions?: string[] }
  | { type: 'discussion.edit_post'; idempotencyKey: string; postId: string; body: string; mentions?: string[] }
  | { type: 'discussion.react'; idempotencyKey: string; postId: string; emoji: string; active: boolean }
  | { type: 'discussion.mark_solved'; idempotencyKey: string; threadId: string; postId: string | null }
  | { type: 'discussion.delete_post'; idempotencyKey: string; postId: string }
  | {
      type: 'discussion.moderate_thread';
      idempotencyKey: string;
      threadId: string;
      pinned?: boolean;
      locked?: boolean;
      theme?: string;
    };

export const themeStream = (slug: string) => `theme:${slug}`;
