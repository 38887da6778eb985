/** Types of docs/api.md, each with a runtime parser. */
import { asArray, asObject, oneOf, optNum, optStr, str, type Json } from './validate';

export const ROLES = ['administrator', 'facilitator', 'member', 'guest'] as const;
export type Role = (typeof ROLES)[number];

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Roles each role may invite (docs/api.md, Roles). */
export function invitableRoles(role: Role): Role[] {
  if (role === 'administrator') return ['administrator', 'facilitator', 'member', 'guest'];
  if (role === 'facilitator') return ['facilitator', 'member', 'guest'];
  return [];
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  territoryCode: string | null;
  timeZone: string;
  language: Language;
}

export function parseUser(value: unknown, what = 'user'): User {
  const o = asObject(value, what);
  const language = o.language;
  return {
    id: str(o, 'id', what),
    email: str(o, 'email', what),
    displayName: str(o, 'displayName', what),
    role: oneOf(o, 'role', ROLES, what),
    territoryCode: optStr(o, 'territoryCode', what),
    timeZone: optStr(o, 'timeZone', what) ?? 'Europe/Paris',
    language: isLanguage(language) ? language : 'fr',
  };
}

/** Sign-in and profile answers are "the user object"; accept it bare or wrapped in `user`. */
export function parseUserAnswer(value: unknown): User {
  const o = asObject(value, 'answer');
  return parseUser('user' in o ? o.user : o);
}

export interface SessionView {
  authenticated: boolean;
  csrfToken: string | null;
  user: User | null;
}

export function parseSession(value: unknown): SessionView {
  const o = asObject(value, 'session');
  const authenticated = o.authenticated === true;
  return {
    authenticated,
    csrfToken: optStr(o, 'csrfToken', 'session'),
    user: authenticated && o.user != null ? parseUser(o.user, 'session.user') : null,
  };
}

export interface InvitationPreview {
  email: string | null;
  role: Role;
  invitedBy: string | null;
  expiresAt: string | null;
}

export function parseInvitationPreview(value: unknown): InvitationPreview {
  const o = asObject(value, 'invitation');
  return {
    email: optStr(o, 'email', 'invitation'),
    role: oneOf(o, 'role', ROLES, 'invitation'),
    invitedBy: optStr(o, 'invitedBy', 'invitation'),
    expiresAt: optStr(o, 'expiresAt', 'invitation'),
  };
}

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface InvitationView {
  id: string;
  /** null for the first administrator's invitation, whose address is typed when accepting. */
  email: string | null;
  role: Role;
  status: InvitationStatus;
  invitedBy: string | null;
  createdAt: string | null;
  expiresAt: string | null;
}

export function parseInvitationView(value: unknown, what = 'invitation'): InvitationView {
  const o = asObject(value, what);
  return {
    id: str(o, 'id', what),
    email: optStr(o, 'email', what),
    role: oneOf(o, 'role', ROLES, what),
    status: oneOf(o, 'status', INVITATION_STATUSES, what),
    invitedBy: optStr(o, 'invitedBy', what),
    createdAt: optStr(o, 'createdAt', what),
    expiresAt: optStr(o, 'expiresAt', what),
  };
}

export const parseInvitationList = (value: unknown) => asArray(value, 'invitations', parseInvitationView);

export interface Territory {
  code: string;
  name: string;
  /** The English name; an older server sends none and `name` stands in. */
  nameEn: string;
  kind: string;
  timeZone: string;
}

export const parseTerritories = (value: unknown): Territory[] =>
  asArray(value, 'territories', (v, what) => {
    const o = asObject(v, what);
    return {
      code: str(o, 'code', what),
      name: str(o, 'name', what),
      nameEn: optStr(o, 'nameEn', what) ?? str(o, 'name', what),
      kind: str(o, 'kind', what),
      timeZone: str(o, 'timeZone', what),
    };
  });

export const MAIL_STATUSES = ['kept', 'pending', 'sending', 'sent', 'failed', 'uncertain'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  textBody: string;
  status: MailStatus;
  createdAt: string | null;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
}

export const parseOutbox = (value: unknown): OutboxMail[] =>
  asArray(value, 'outbox', (v, what) => {
    const o = asObject(v, what);
    return {
      id: str(o, 'id', what),
      to: str(o, 'to', what),
      subject: str(o, 'subject', what),
      textBody: optStr(o, 'textBody', what) ?? '',
      status: oneOf(o, 'status', MAIL_STATUSES, what),
      createdAt: optStr(o, 'createdAt', what),
      sentAt: optStr(o, 'sentAt', what),
      attempts: optNum(o, 'attempts') ?? 0,
      lastError: optStr(o, 'lastError', what),
    };
  });

export interface Violation {
  field: string;
  message: string;
}

/** An application/problem+json body (RFC 9457) with Maillage's extensions. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string | null;
  violations: Violation[];
  reason: string | null;
  retryAfterSeconds: number | null;
  errorId: string | null;
}

/** Lenient on purpose: a problem body must never make error handling itself fail. */
export function parseProblem(value: unknown, status: number, fallbackTitle: string): Problem {
  const o: Json = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
  const text = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : null);
  const violations = Array.isArray(o.violations)
    ? o.violations.flatMap((v): Violation[] => {
        if (typeof v !== 'object' || v === null) return [];
        const r = v as Json;
        return [{ field: typeof r.field === 'string' ? r.field : '', message: typeof r.message === 'string' ? r.message : '' }];
      })
    : [];
  return {
    type: text('type') ?? 'about:blank',
    title: text('title') ?? fallbackTitle,
    status: optNum(o, 'status') ?? status,
    detail: text('detail'),
    violations,
    reason: text('reason'),
    retryAfterSeconds: optNum(o, 'retryAfterSeconds'),
    errorId: text('errorId'),
  };
}
