import { useEffect, useState, useSyncExternalStore } from 'react';
import { connection, live, session } from '../../store/app';
import type { DiscussionCommand } from '../../protocol/discussion';
import { useLanguage, useT } from '../../ui/i18n';
import { formatDateTime } from '../../ui/format';

/** Always in the page (so screen readers notice when it fills); says what happens to messages offline. */
export function OfflineBanner() {
  const t = useT();
  const state = useSyncExternalStore(connection.subscribe, connection.getState);
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    if (state === 'online') {
      setOffline(false);
      return;
    }
    // The first connection and quick reconnections take a moment: say "offline" only when the
    // browser knows it is, or when the socket stays down.
    const timer = setTimeout(() => setOffline(true), navigator.onLine === false ? 0 : 2000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <div role="status" className={offline ? 'offline-banner' : 'offline-banner-empty'}>
      {offline ? t('discussions.offline') : null}
    </div>
  );
}

/** A date-time in the reader's zone, in a <time> element. */
export function When({ iso }: { iso: string | null }) {
  const language = useLanguage();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  if (!iso) return <>—</>;
  return <time dateTime={iso}>{formatDateTime(iso, language, user?.timeZone)}</time>;
}

export function useCurrentUserId(): string | null {
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  return user?.id ?? null;
}

/** Queues a command as the signed-in person's; it goes out now if the socket is open. */
export function sendCommand(command: DiscussionCommand): void {
  live.command(command, session.getState().user?.id ?? null);
}
