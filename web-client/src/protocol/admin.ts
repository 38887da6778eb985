/** The administrators' people list and audit log (docs/api.md). */
import { asArray, asObject, optNum, optStr, ProtocolError, str } from './validate';
import type { Role } from './api';

export type AccountStatus = 'active' | 'deactivated';

export interface PersonForAdministrator {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  territoryCode: string | null;
  lastSeenAt: string | null;
  createdAt: string;
  status: AccountStatus;
}

const ROLES: Role[] = ['administrator', 'facilitator', 'member', 'guest'];

export function parsePeople(value: unknown): PersonForAdministrator[] {
  return asArray(value, 'people', (v, what) => {
    const o = asObject(v, what);
    const role = str(o, 'role', what) as Role;
    if (!ROLES.includes(role)) throw new ProtocolError(`${what}.role: unknown role`);
    const status = str(o, 'status', what);
    if (status !== 'active' && status !== 'deactivated') throw new ProtocolError(`${what}.status: unknown status`);
    return {
      id: str(o, 'id', what),
      email: str(o, 'email', what),
      displayName: str(o, 'displayName', what),
      role,
      territoryCode: optStr(o, 'territoryCode', what),
      lastSeenAt: optStr(o, 'lastSeenAt', what),
      createdAt: str(o, 'createdAt', what),
      status,
    };
  });
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  targetKind: string;
  targetId: string;
  targetName: string | null;
  before: string | null;
  after: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  next: number | null;
}

export function parseAuditPage(value: unknown): AuditPage {
  const o = asObject(value, 'audit');
  const entries = asArray(o.entries, 'audit.entries', (v, what) => {
    const e = asObject(v, what);
    const id = optNum(e, 'id');
    if (id === null) throw new ProtocolError(`${what}.id: expected a number`);
    return {
      id,
      at: str(e, 'at', what),
      actorId: optStr(e, 'actorId', what),
      actorName: str(e, 'actorName', what),
      action: str(e, 'action', what),
      targetKind: str(e, 'targetKind', what),
      targetId: str(e, 'targetId', what),
      targetName: optStr(e, 'targetName', what),
      before: optStr(e, 'before', what),
      after: optStr(e, 'after', what),
    };
  });
  return { entries, next: optNum(o, 'next') };
}

/** "{"role":"member"}" → "role : member", for a one-line summary of a change. */
export function describeValues(json: string | null): string {
  if (!json) return '';
  try {
    const value: unknown = JSON.parse(json);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${k} : ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(', ');
    }
    return String(value);
  } catch {
    return json;
  }
}
