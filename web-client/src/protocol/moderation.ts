/** Reports, the moderation queue and mutes (docs/api.md "Moderation", docs/protocol.md "Moderation"). */
import { asArray, asObject, oneOf, optNum, optStr, str } from './validate';

export const REPORT_REASONS = ['spam', 'abusive', 'personal_data', 'off_topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_TEXT_MAX = 1000;
export type ReportItemKind = 'post' | 'comment' | 'help_message';
export const CASE_STATUSES = ['open', 'dismissed', 'hidden', 'edited'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const MODERATION_STREAM = 'moderation';

export interface ReportedItem {
  kind: string;
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  where: string;
  title: string;
  context: string;
  contextLabelFr: string;
  contextLabelEn: string;
  link: string;
  hidden: boolean;
  moderated: boolean;
  deleted: boolean;
}

export interface ReportLine {
  reporterId: string;
  reporterName: string;
  reason: ReportReason;
  text: string | null;
  createdAt: string;
}

export interface ModerationCase {
  id: string;
  status: CaseStatus;
  openedAt: string;
  resolvedAt: string | null;
  resolvedByName: string | null;
  item: ReportedItem;
  reportCount: number;
  reports: ReportLine[];
}

export interface QueuePage {
  stream: string;
  seq: number;
  cases: ModerationCase[];
}

export interface MutedPerson {
  id: string;
  displayName: string;
}

const bool = (o: Record<string, unknown>, key: string) => o[key] === true;

export function parseCase(value: unknown, what = 'case'): ModerationCase {
  const o = asObject(value, what);
  const i = asObject(o.item, `${what}.item`);
  return {
    id: str(o, 'id', what),
    status: oneOf(o, 'status', CASE_STATUSES, what),
    openedAt: str(o, 'openedAt', what),
    resolvedAt: optStr(o, 'resolvedAt', what),
    resolvedByName: optStr(o, 'resolvedByName', what),
    item: {
      kind: str(i, 'kind', `${what}.item`),
      id: str(i, 'id', `${what}.item`),
      authorId: str(i, 'authorId', `${what}.item`),
      authorName: str(i, 'authorName', `${what}.item`),
      text: optStr(i, 'text', `${what}.item`) ?? '',
      where: str(i, 'where', `${what}.item`),
      title: optStr(i, 'title', `${what}.item`) ?? '',
      context: optStr(i, 'context', `${what}.item`) ?? '',
      contextLabelFr: optStr(i, 'contextLabelFr', `${what}.item`) ?? '',
      contextLabelEn: optStr(i, 'contextLabelEn', `${what}.item`) ?? '',
      link: str(i, 'link', `${what}.item`),
      hidden: bool(i, 'hidden'),
      moderated: bool(i, 'moderated'),
      deleted: bool(i, 'deleted'),
    },
    reportCount: optNum(o, 'reportCount') ?? 0,
    reports: asArray(o.reports ?? [], `${what}.reports`, (v, w) => {
      const r = asObject(v, w);
      return {
        reporterId: str(r, 'reporterId', w),
        reporterName: str(r, 'reporterName', w),
        reason: oneOf(r, 'reason', REPORT_REASONS, w),
        text: optStr(r, 'text', w),
        createdAt: str(r, 'createdAt', w),
      };
    }),
  };
}

export function parseQueuePage(value: unknown): QueuePage {
  const o = asObject(value, 'queue');
  return { stream: str(o, 'stream', 'queue'), seq: optNum(o, 'seq') ?? 0, cases: asArray(o.cases ?? [], 'queue.cases', parseCase) };
}

export function parseMutes(value: unknown): MutedPerson[] {
  return asArray(value ?? [], 'mutes', (v, w) => {
    const o = asObject(v, w);
    return { id: str(o, 'id', w), displayName: str(o, 'displayName', w) };
  });
}

/** The open queue after a `moderation.case_changed`: an open case is added or replaced, a resolved one leaves. */
export function applyCaseChanged(cases: ModerationCase[], changed: ModerationCase): ModerationCase[] {
  const others = cases.filter((c) => c.id !== changed.id);
  if (changed.status !== 'open') return others;
  const at = cases.findIndex((c) => c.id === changed.id);
  if (at < 0) return [...others, changed];
  const copy = [...cases];
  copy[at] = changed;
  return copy;
}

/** A report's text is needed for "other", and never longer than the limit. */
export function reportProblem(reason: ReportReason | null, text: string): 'reason' | 'textRequired' | 'textTooLong' | null {
  if (!reason) return 'reason';
  if (reason === 'other' && !text.trim()) return 'textRequired';
  if (text.trim().length > REPORT_TEXT_MAX) return 'textTooLong';
  return null;
}
