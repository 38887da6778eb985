import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { DIGESTS, parseEmailPreferences, type Digest, type EmailPreferences } from '../../protocol/notification';
import { api } from '../../transport/api';
import { session } from '../../store/app';
import { useLanguage, useT } from '../../ui/i18n';
import { problemMessage } from '../../ui/forms';
import { Link } from '../../ui/router';
import { MailingLists } from './MailingLists';

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

function hourLabel(hour: number, language: string): string {
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(Date.UTC(2026, 0, 5, hour));
}

function weekdayLabel(isoDay: number, language: string): string {
  // 2026-01-05 is a Monday.
  return new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 0, 4 + isoDay));
}

function HourSelect({ id, label, value, onChange }: { id: string; label: string; value: number; onChange: (h: number) => void }) {
  const language = useLanguage();
  return (
    <p className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {HOURS.map((h) => (
          <option key={h} value={h}>
            {hourLabel(h, language)}
          </option>
        ))}
      </select>
    </p>
  );
}

/** The e-mail part of the notification centre: digest, its hour and day, urgent e-mails, quiet hours. */
export function EmailSettings() {
  const t = useT();
  const language = useLanguage();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const [prefs, setPrefs] = useState<EmailPreferences | null>(null);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .get('/api/notifications/preferences')
      .then((body) => live && setPrefs(parseEmailPreferences(body)))
      .catch((e) => live && setProblem(problemMessage(e, t)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function change(patch: Partial<EmailPreferences>) {
    setStatus('');
    setPrefs((p) => (p ? { ...p, ...patch } : p));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!prefs) return;
    setBusy(true);
    setProblem(null);
    try {
      setPrefs(parseEmailPreferences(await api.request('PUT', '/api/notifications/preferences', prefs)));
      setStatus(t('emailSettings.saved'));
    } catch (e) {
      setProblem(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  const quiet = prefs?.quietFrom !== null && prefs?.quietFrom !== undefined;
  return (
    <section id="email" aria-labelledby="email-heading">
      <h2 id="email-heading">{t('emailSettings.title')}</h2>
      <p>
        {t('emailSettings.zone', { zone: user?.timeZone ?? '' })} <Link to="/profile">{t('emailSettings.changeZone')}</Link>
      </p>
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
      {prefs ? (
        <form onSubmit={save}>
          <fieldset>
            <legend>{t('emailSettings.digest')}</legend>
            {DIGESTS.map((d: Digest) => (
              <p key={d} className="choice">
                <input type="radio" id={`digest-${d}`} name="digest" value={d} checked={prefs.digest === d} onChange={() => change({ digest: d })} />
                <label htmlFor={`digest-${d}`}>{t(`emailSettings.digest.${d}`)}</label>
              </p>
            ))}
          </fieldset>
          {prefs.digest !== 'none' ? (
            <HourSelect id="digest-hour" label={t('emailSettings.hour')} value={prefs.digestHour} onChange={(h) => change({ digestHour: h })} />
          ) : null}
          {prefs.digest === 'weekly' ? (
            <p className="field">
              <label htmlFor="digest-weekday">{t('emailSettings.weekday')}</label>
              <select id="digest-weekday" value={prefs.digestWeekday} onChange={(e) => change({ digestWeekday: Number(e.target.value) })}>
                {WEEKDAYS.map((d) => (
                  <option key={d} value={d}>
                    {weekdayLabel(d, language)}
                  </option>
                ))}
              </select>
            </p>
          ) : null}
          <p className="choice">
            <input
              type="checkbox"
              id="urgent-immediately"
              checked={prefs.urgentImmediately}
              onChange={(e) => change({ urgentImmediately: e.target.checked })}
            />
            <label htmlFor="urgent-immediately">{t('emailSettings.urgent')}</label>
          </p>
          <p className="choice">
            <input
              type="checkbox"
              id="quiet-hours"
              checked={quiet}
              onChange={(e) => change(e.target.checked ? { quietFrom: 21, quietTo: 8 } : { quietFrom: null, quietTo: null })}
            />
            <label htmlFor="quiet-hours">{t('emailSettings.quiet')}</label>
          </p>
          {quiet ? (
            <>
              <HourSelect id="quiet-from" label={t('emailSettings.quietFrom')} value={prefs.quietFrom ?? 21} onChange={(h) => change({ quietFrom: h })} />
              <HourSelect id="quiet-to" label={t('emailSettings.quietTo')} value={prefs.quietTo ?? 8} onChange={(h) => change({ quietTo: h })} />
            </>
          ) : null}
          <p>
            <button type="submit" disabled={busy}>
              {t('emailSettings.save')}
            </button>
          </p>
          <p role="status">{status}</p>
        </form>
      ) : null}
      <MailingLists />
    </section>
  );
}
