import { catalogs } from '../../i18n/catalogs';
import { getLanguage } from '../../i18n';
import type { Notification } from '../../protocol/notification';

/** The key of a notice's message: its kind's own, or a plain one for a kind this client does not know yet. */
export function messageKey(notification: Notification): string {
  const key = `notification.kind.${notification.kind}`;
  return key in catalogs[getLanguage()] ? key : 'notification.kind.unknown';
}
