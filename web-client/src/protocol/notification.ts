/** The notification centre's shapes (docs/api.md "Notifications") and its stream's events. */
import type { DiscussionEvent } from './discussion';
import { asArray, asObject, optNum, optStr, ProtocolError, str, type Json } from './validate';

export interface Notification {
  id: string;
  kind: string;
  link: string;
  data: Record<string, string>;
  urgent: boolean;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  stream: string;
  seq: number;
  unread: number;
  items: Notification[];
  more: boolean;
}

export type NotificationEvent =
  | { type: 'notification.created'; notification: Notification }
  | { type: 'notification.read'; ids: string[]; unread: number };

function stringData(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Json)) {
    if (typeof v === 'string' || typeof v === 'number') out[key] = String(v);
  }
  return out;
}

export function parseNotification(value: unknown, what = 'notification'): Notification {
  const o = asObject(value, what);
  return {
    id: str(o, 'id', what),
    kind: str(o, 'kind', what),
    link: str(o, 'link', what),
    data: stringData(o.data),
    urgent: o.urgent === true,
    createdAt: str(o, 'createdAt', what),
    readAt: optStr(o, 'readAt', what),
  };
}

export function parseNotificationPage(value: unknown): NotificationPage {
  const o = asObject(value, 'notificationPage');
  return {
    stream: str(o, 'stream', 'notificationPage'),
    seq: optNum(o, 'seq') ?? 0,
    unread: optNum(o, 'unread') ?? 0,
    items: asArray(o.items ?? [], 'notificationPage.items', parseNotification),
    more: o.more === true,
  };
}

export function parseUnread(value: unknown): number {
  return optNum(asObject(value, 'unreadCount'), 'unread') ?? 0;
}

/** A `person:<id>` event out of what the live client hands over; null for anything else. */
export function notificationEvent(event: DiscussionEvent): NotificationEvent | null {
  if (event.type !== 'other') return null;
  const o = event.raw;
  switch (event.eventType) {
    case 'notification.created':
      return { type: 'notification.created', notification: parseNotification(o.notification, 'event.notification') };
    case 'notification.read':
      return {
        type: 'notification.read',
        ids: asArray(o.ids ?? [], 'event.ids', (v, what) => {
          if (typeof v !== 'string') throw new ProtocolError(`${what}: expected a string`);
          return v;
        }),
        unread: optNum(o, 'unread') ?? 0,
      };
    default:
      return null;
  }
}

/** Only links inside the app are followed (a notice never sends anyone elsewhere). */
export function safeLink(link: string): string {
  return link.startsWith('/') && !link.startsWith('//') ? link : '/notifications';
}

export const DIGESTS = ['daily', 'weekly', 'none'] as const;
export type Digest = (typeof DIGESTS)[number];

/** GET/PUT /api/notifications/preferences; hours are in the person's own time zone. */
export interface EmailPreferences {
  digest: Digest;
  digestHour: number;
  digestWeekday: number;
  urgentImmediately: boolean;
  quietFrom: number | null;
  quietTo: number | null;
}

export function parseEmailPreferences(value: unknown): EmailPreferences {
  const o = asObject(value, 'emailPreferences');
  const digest = typeof o.digest === 'string' && (DIGESTS as readonly string[]).includes(o.digest) ? (o.digest as Digest) : 'daily';
  return {
    digest,
    digestHour: optNum(o, 'digestHour') ?? 8,
    digestWeekday: optNum(o, 'digestWeekday') ?? 1,
    urgentImmediately: o.urgentImmediately !== false,
    quietFrom: optNum(o, 'quietFrom'),
    quietTo: optNum(o, 'quietTo'),
  };
}
