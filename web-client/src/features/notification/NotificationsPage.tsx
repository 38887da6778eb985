import { useState, useSyncExternalStore } from 'react';
import { notifications, session } from '../../store/app';
import { safeLink, type Notification } from '../../protocol/notification';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { formatDateTime } from '../../ui/format';
import { problemMessage } from '../../ui/forms';
import { messageKey } from './message';
import { EmailSettings } from './EmailSettings';

export default function NotificationsPage() {
  const t = useT();
  const state = useSyncExternalStore(notifications.subscribe, notifications.getState);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  function run(action: () => Promise<void>, done: string) {
    setProblem(null);
    action()
      .then(() => setStatus(done))
      .catch((e) => setProblem(problemMessage(e, t)));
  }

  return (
    <Page title={t('notifications.title')}>
      <p>{t('notifications.intro')}</p>
      <p role="status">
        {status}
      </p>
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
      {!state.loaded ? <p role="status">{t('common.loading')}</p> : null}
      {state.loaded && state.items.length === 0 ? <p>{t('notifications.empty')}</p> : null}
      {state.loaded && state.unread > 0 ? (
        <button type="button" onClick={() => run(() => notifications.markAllRead(), t('notifications.allMarked'))}>
          {t('notifications.markAllRead')}
        </button>
      ) : null}
      {state.items.length > 0 ? (
        <ul className="notification-list" aria-label={t('notifications.listLabel')}>
          {state.items.map((n) => (
            <li key={n.id} className={n.readAt ? 'notification read' : 'notification unread'}>
              <Item notification={n} onRead={() => run(() => notifications.markRead(n.id), t('notifications.marked'))} />
            </li>
          ))}
        </ul>
      ) : null}
      {state.more ? (
        <button type="button" className="link-button" onClick={() => run(() => notifications.loadMore(), '')}>
          {t('notifications.more')}
        </button>
      ) : null}
      <EmailSettings />
    </Page>
  );
}

function Item({ notification, onRead }: { notification: Notification; onRead: () => void }) {
  const t = useT();
  const language = useLanguage();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const message = t(messageKey(notification), notification.data);
  return (
    <>
      <Link to={safeLink(notification.link)} onClick={() => (notification.readAt ? undefined : onRead())}>
        {notification.readAt ? null : <span className="visually-hidden">{t('notifications.unreadMark')} </span>}
        {message}
      </Link>{' '}
      <span className="count">
        {formatDateTime(notification.createdAt, language, user?.timeZone)}
        {notification.urgent ? ` · ${t('notifications.urgent')}` : ''}
      </span>{' '}
      {notification.readAt ? null : (
        <button type="button" className="link-button" onClick={onRead}>
          {t('notifications.markRead')}
          <span className="visually-hidden"> : {message}</span>
        </button>
      )}
    </>
  );
}
