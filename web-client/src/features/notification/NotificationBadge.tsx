import { useSyncExternalStore } from 'react';
import { notifications } from '../../store/app';
import { Link, usePathname } from '../../ui/router';
import { useT } from '../../ui/i18n';

/** The shell's link to the notification centre, with the live unread count. */
export function NotificationBadge() {
  const t = useT();
  const pathname = usePathname();
  const { unread } = useSyncExternalStore(notifications.subscribe, notifications.getState);
  return (
    <Link to="/notifications" className="notification-link" aria-current={pathname === '/notifications' ? 'page' : undefined}>
      {t('nav.notifications')}
      {unread > 0 ? (
        <>
          {' '}
          <span className="badge unread" aria-hidden="true" data-testid="notification-count">
            {unread}
          </span>
          <span className="visually-hidden">{t('notifications.unreadCount', { count: unread })}</span>
        </>
      ) : null}
    </Link>
  );
}

/** Says the new count politely to screen readers when it grows while one is elsewhere. */
export function NotificationAnnouncer() {
  const t = useT();
  const { unread, loaded } = useSyncExternalStore(notifications.subscribe, notifications.getState);
  return (
    <p role="status" aria-live="polite" className="visually-hidden">
      {loaded && unread > 0 ? t('notifications.unreadCount', { count: unread }) : ''}
    </p>
  );
}
