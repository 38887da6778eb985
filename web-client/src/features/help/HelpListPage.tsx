import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { Page } from '../../ui/Page';
import { useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { problemMessage } from '../../ui/forms';
import { api } from '../../transport/api';
import { session } from '../../store/app';
import { parseHelpBoard, parseMyHelp, type HelpBoard, type HelpRequest, type MyHelp } from '../../protocol/help';
import type { DiscussionEvent } from '../../protocol/discussion';
import { useLiveStream } from '../../store/useLiveStream';

interface Loaded {
  stream: string;
  seq: number;
}

/** Reads the person's notification stream position, so new offers show up live. */
async function loadStream(): Promise<Loaded> {
  const page = (await api.get('/api/notifications?limit=1')) as { stream?: unknown; seq?: unknown };
  return { stream: String(page.stream), seq: Number(page.seq ?? 0) };
}

export function RequestList({ requests }: { requests: HelpRequest[] }) {
  const t = useT();
  if (!requests.length) return <p>{t('help.none')}</p>;
  return (
    <ul className="help-list">
      {requests.map((r) => (
        <li key={r.id}>
          <Link to={`/help/${r.id}`}>{r.title}</Link>{' '}
          <span className="meta">
            {r.status === 'open'
              ? t('help.status.open')
              : t(`help.status.${r.status}`, { helper: r.helper?.displayName ?? '' })}
            {r.late ? ` · ${t('help.late')}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

export default function HelpListPage() {
  const t = useT();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const animates = user?.role === 'administrator' || user?.role === 'facilitator';
  const [mine, setMine] = useState<MyHelp | null>(null);
  const [board, setBoard] = useState<HelpBoard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');

  const refresh = useCallback(() => {
    api.get('/api/help').then((v) => setMine(parseMyHelp(v)), setError);
    if (animates) api.get('/api/help/board').then((v) => setBoard(parseHelpBoard(v)), setError);
  }, [animates]);

  useEffect(refresh, [refresh]);

  useLiveStream<Loaded>({
    load: loadStream,
    apply: (page) => page,
    onLiveEvent: (event: DiscussionEvent) => {
      if (event.type !== 'other' || event.eventType !== 'notification.created') return;
      const notification = event.raw.notification as { kind?: unknown; data?: { title?: unknown } } | undefined;
      if (typeof notification?.kind !== 'string' || !notification.kind.startsWith('help.')) return;
      if (notification.kind === 'help.offered') setAnnouncement(t('help.newOffer', { title: String(notification.data?.title ?? '') }));
      refresh();
    },
  });

  return (
    <Page title={t('help.title')}>
      {user?.role !== 'guest' ? (
        <p>
          <Link to="/help/new" className="button">
            {t('help.ask')}
          </Link>
        </p>
      ) : null}
      <div role="status" aria-live="polite" className="announcement">
        {announcement}
      </div>
      {error ? <p role="alert">{problemMessage(error, t)}</p> : null}
      {mine ? (
        <>
          <section aria-labelledby="help-offered">
            <h2 id="help-offered">{t('help.offered')}</h2>
            <RequestList requests={mine.offered} />
          </section>
          <section aria-labelledby="help-asked">
            <h2 id="help-asked">{t('help.asked')}</h2>
            <RequestList requests={mine.asked} />
          </section>
          <section aria-labelledby="help-helping">
            <h2 id="help-helping">{t('help.helping')}</h2>
            <RequestList requests={mine.helping} />
          </section>
        </>
      ) : (
        <p role="status">{t('common.loading')}</p>
      )}
      {board ? (
        <section aria-labelledby="help-board">
          <h2 id="help-board">{t('help.board')}</h2>
          {(['late', 'open', 'accepted', 'solved'] as const).map((column) => (
            <div key={column}>
              <h3>
                {t(`help.board.${column}`)} ({board[column].length})
              </h3>
              <RequestList requests={board[column]} />
            </div>
          ))}
        </section>
      ) : null}
    </Page>
  );
}
