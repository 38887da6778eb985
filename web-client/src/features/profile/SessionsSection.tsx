import { useEffect, useState, useSyncExternalStore } from 'react';
import { asArray, asObject, ProtocolError, str } from '../../protocol/validate';
import { api } from '../../transport/api';
import { session } from '../../store/app';
import { useLanguage, useT } from '../../ui/i18n';
import { formatDateTime } from '../../ui/format';
import { problemMessage } from '../../ui/forms';

export interface OpenSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export function parseOpenSessions(value: unknown): OpenSession[] {
  return asArray(value, 'sessions', (v, what) => {
    const o = asObject(v, what);
    if (typeof o.current !== 'boolean') throw new ProtocolError(`${what}.current: expected a boolean`);
    return { id: str(o, 'id', what), createdAt: str(o, 'createdAt', what), lastSeenAt: str(o, 'lastSeenAt', what), current: o.current };
  });
}

/** The person's open sessions (their devices), with "sign out everywhere else". */
export function SessionsSection() {
  const t = useT();
  const language = useLanguage();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const [sessions, setSessions] = useState<OpenSession[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      setSessions(parseOpenSessions(await api.get('/api/session/all')));
    } catch (error) {
      setProblem(problemMessage(error, t));
    }
  }

  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function end(path: string, message: string) {
    setBusy(true);
    setProblem(null);
    try {
      await api.del(path);
      setStatus(message);
      await load();
    } catch (error) {
      setProblem(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  const others = sessions?.filter((s) => !s.current) ?? [];
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">{t('devices.title')}</h2>
      <p>{t('devices.intro')}</p>
      <p role="status">{status}</p>
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
      {sessions === null && !problem ? <p>{t('common.loading')}</p> : null}
      {sessions !== null ? (
        <ul className="session-list">
          {sessions.map((s) => (
            <li key={s.id}>
              <span>
                {s.current ? <strong>{t('devices.current')}</strong> : t('devices.other')} —{' '}
                {t('devices.opened', { when: formatDateTime(s.createdAt, language, user?.timeZone) })},{' '}
                {t('devices.seen', { when: formatDateTime(s.lastSeenAt, language, user?.timeZone) })}
              </span>
              {s.current ? null : (
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  aria-label={t('devices.endOneLabel', { when: formatDateTime(s.lastSeenAt, language, user?.timeZone) })}
                  onClick={() => void end(`/api/session/all/${encodeURIComponent(s.id)}`, t('devices.endedOne'))}
                >
                  {t('devices.endOne')}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {others.length > 0 ? (
        <button type="button" className="danger" disabled={busy} onClick={() => void end('/api/session/others', t('devices.endedOthers'))}>
          {t('devices.endOthers')}
        </button>
      ) : null}
    </section>
  );
}
