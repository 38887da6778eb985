/** Workspace screens' wire types (docs/api.md#workspaces), validated at runtime. */
import { asArray, asObject, optStr, str } from '../../protocol/validate';
import { parseDocumentSummary, type DocumentSummary } from '../../protocol/workspace';

export interface Workspace {
  id: string;
  name: string;
  purpose: string;
  theme: string | null;
  stream: string;
}

export interface Member {
  id: string;
  displayName: string;
  role: string;
}

export interface WorkspaceDetail {
  workspace: Workspace;
  stream: string;
  seq: number;
  members: Member[];
  documents: DocumentSummary[];
}

export function parseWorkspace(value: unknown, what = 'workspace'): Workspace {
  const o = asObject(value, what);
  return {
    id: str(o, 'id', what),
    name: str(o, 'name', what),
    purpose: str(o, 'purpose', what),
    theme: optStr(o, 'theme', what),
    stream: str(o, 'stream', what),
  };
}

export const parseWorkspaces = (value: unknown) => asArray(value ?? [], 'workspaces', (v, what) => parseWorkspace(v, what));

export function parseMember(value: unknown, what = 'member'): Member {
  const o = asObject(value, what);
  return { id: str(o, 'id', what), displayName: str(o, 'displayName', what), role: str(o, 'role', what) };
}

export function parseWorkspaceDetail(value: unknown): WorkspaceDetail {
  const o = asObject(value, 'workspace detail');
  const workspace = parseWorkspace(o.workspace);
  const seq = o.seq;
  if (typeof seq !== 'number') throw new Error('workspace detail.seq: expected a number');
  return {
    workspace,
    stream: workspace.stream,
    seq,
    members: asArray(o.members, 'members', (v, what) => parseMember(v, what)),
    documents: asArray(o.documents, 'documents', (v) => parseDocumentSummary(v)),
  };
}
