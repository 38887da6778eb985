/** Workspace wire types (docs/protocol.md#workspaces, docs/api.md#workspaces), validated at runtime. */
import { asArray, asObject, optNum, str, type Json } from './validate';

export interface DocumentSummary {
  id: string;
  workspaceId: string;
  title: string;
  stream: string;
  updateCount: number;
}

export interface StoredUpdate {
  seq: number;
  update: string;
}

/** What opening a document answers: the latest snapshot, the updates after it, the sequence to subscribe after. */
export interface DocumentState {
  document: DocumentSummary;
  seq: number;
  snapshot: { uptoSeq: number; state: string } | null;
  updates: StoredUpdate[];
}

/** A named point of a document's history (docs/api.md#workspaces). */
export interface Version {
  id: string;
  documentId: string;
  name: string;
  uptoSeq: number;
  createdBy: string;
  createdByName: string;
  createdAt: string;
}

export type WorkspaceEvent =
  | { type: 'workspace.document_updated'; documentId: string; authorId: string; update: string }
  | { type: 'workspace.version_created'; documentId: string; version: Version }
  | { type: 'workspace.document_created'; document: DocumentSummary }
  | { type: 'workspace.member_added'; member: { id: string; displayName: string; role: string } }
  | { type: 'workspace.member_removed'; userId: string };

function num(o: Json, key: string, what: string): number {
  const v = optNum(o, key);
  if (v === null) throw new Error(`${what}.${key}: expected a number`);
  return v;
}

export function parseDocumentSummary(value: unknown): DocumentSummary {
  const o = asObject(value, 'document');
  return {
    id: str(o, 'id', 'document'),
    workspaceId: str(o, 'workspaceId', 'document'),
    title: str(o, 'title', 'document'),
    stream: str(o, 'stream', 'document'),
    updateCount: num(o, 'updateCount', 'document'),
  };
}

export function parseDocumentState(value: unknown): DocumentState {
  const o = asObject(value, 'state');
  const snapshot = o.snapshot === null || o.snapshot === undefined ? null : asObject(o.snapshot, 'state.snapshot');
  return {
    document: parseDocumentSummary(o.document),
    seq: num(o, 'seq', 'state'),
    snapshot: snapshot ? { uptoSeq: num(snapshot, 'uptoSeq', 'snapshot'), state: str(snapshot, 'state', 'snapshot') } : null,
    updates: asArray(o.updates, 'state.updates', (v, what) => {
      const u = asObject(v, what);
      return { seq: num(u, 'seq', what), update: str(u, 'update', what) };
    }),
  };
}

export function parseVersion(value: unknown, what = 'version'): Version {
  const o = asObject(value, what);
  return {
    id: str(o, 'id', what),
    documentId: str(o, 'documentId', what),
    name: str(o, 'name', what),
    uptoSeq: num(o, 'uptoSeq', what),
    createdBy: str(o, 'createdBy', what),
    createdByName: str(o, 'createdByName', what),
    createdAt: str(o, 'createdAt', what),
  };
}

export function parseVersionList(value: unknown): { seq: number; versions: Version[] } {
  const o = asObject(value, 'versions');
  return { seq: num(o, 'seq', 'versions'), versions: asArray(o.versions, 'versions', (v, what) => parseVersion(v, what)) };
}

/** A workspace event from the `raw` of an `other` event (protocol/discussion.ts), or null if not ours. */
export function parseWorkspaceEvent(raw: Json): WorkspaceEvent | null {
  const type = str(raw, 'type', 'event');
  switch (type) {
    case 'workspace.document_updated':
      return {
        type,
        documentId: str(raw, 'documentId', 'event'),
        authorId: str(raw, 'authorId', 'event'),
        update: str(raw, 'update', 'event'),
      };
    case 'workspace.document_created':
      return { type, document: parseDocumentSummary(raw.document) };
    case 'workspace.version_created':
      return { type, documentId: str(raw, 'documentId', 'event'), version: parseVersion(raw.version) };
    case 'workspace.member_added': {
      const m = asObject(raw.member, 'member');
      return { type, member: { id: str(m, 'id', 'member'), displayName: str(m, 'displayName', 'member'), role: str(m, 'role', 'member') } };
    }
    case 'workspace.member_removed':
      return { type, userId: str(raw, 'userId', 'event') };
    default:
      return null;
  }
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
