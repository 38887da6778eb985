/** Comments on a document's passages (docs/api.md "Comments on a document", docs/protocol.md), validated at runtime. */
import { asArray, asObject, optStr, str, type Json } from './validate';

export interface CommentPerson {
  id: string;
  displayName: string;
  role: string;
}

/** Two base64 `Y.encodeRelativePosition` results: where the passage starts and ends. */
export interface CommentAnchor {
  start: string;
  end: string;
}

export interface CommentView {
  id: string;
  documentId: string;
  parentId: string | null;
  author: CommentPerson;
  body: string;
  quote: string | null;
  anchor: CommentAnchor | null;
  createdAt: string;
  resolvedBy: CommentPerson | null;
  resolvedAt: string | null;
  /** Hidden by moderation: its text is not served. */
  hidden: boolean;
  /** Edited by moderation. */
  moderated: boolean;
}

export interface CommentList {
  documentId: string;
  stream: string;
  seq: number;
  comments: CommentView[];
}

export type CommentEventType = 'workspace.comment_added' | 'workspace.comment_resolved' | 'workspace.comment_reopened' | 'workspace.comment_moderated';

export interface CommentEvent {
  type: CommentEventType;
  documentId: string;
  comment: CommentView;
}

function person(value: unknown, what: string): CommentPerson {
  const o = asObject(value, what);
  return { id: str(o, 'id', what), displayName: str(o, 'displayName', what), role: str(o, 'role', what) };
}

export function parseCommentView(value: unknown): CommentView {
  const o = asObject(value, 'comment');
  const anchor = o.anchor === null || o.anchor === undefined ? null : asObject(o.anchor, 'comment.anchor');
  return {
    id: str(o, 'id', 'comment'),
    documentId: str(o, 'documentId', 'comment'),
    parentId: optStr(o, 'parentId', 'comment'),
    author: person(o.author, 'comment.author'),
    body: str(o, 'body', 'comment'),
    quote: optStr(o, 'quote', 'comment'),
    anchor: anchor ? { start: str(anchor, 'start', 'anchor'), end: str(anchor, 'end', 'anchor') } : null,
    createdAt: str(o, 'createdAt', 'comment'),
    resolvedBy: o.resolvedBy === null || o.resolvedBy === undefined ? null : person(o.resolvedBy, 'comment.resolvedBy'),
    resolvedAt: optStr(o, 'resolvedAt', 'comment'),
    hidden: o.hidden === true,
    moderated: o.moderated === true,
  };
}

export function parseCommentList(value: unknown): CommentList {
  const o = asObject(value, 'comments');
  const seq = o.seq;
  if (typeof seq !== 'number') throw new Error('comments.seq: expected a number');
  return {
    documentId: str(o, 'documentId', 'comments'),
    stream: str(o, 'stream', 'comments'),
    seq,
    comments: asArray(o.comments, 'comments.comments', (v) => parseCommentView(v)),
  };
}

const TYPES: readonly string[] = ['workspace.comment_added', 'workspace.comment_resolved', 'workspace.comment_reopened', 'workspace.comment_moderated'];

/** A comment event from the `raw` of an `other` event on the workspace's stream, or null if it is not one. */
export function parseCommentEvent(raw: Json): CommentEvent | null {
  const type = raw.type;
  if (typeof type !== 'string' || !TYPES.includes(type)) return null;
  return { type: type as CommentEventType, documentId: str(raw, 'documentId', 'event'), comment: parseCommentView(raw.comment) };
}

/** The list after an event: the comment replaces its older copy (by id) or joins the end. */
export function applyCommentEvent(list: CommentList, event: CommentEvent): CommentList {
  if (event.documentId !== list.documentId) return list;
  const at = list.comments.findIndex((c) => c.id === event.comment.id);
  if (at < 0) return { ...list, comments: [...list.comments, event.comment] };
  const comments = list.comments.slice();
  comments[at] = event.comment;
  return { ...list, comments };
}
