import { useEffect, useState, useSyncExternalStore } from 'react';
import { parseOutbox, type OutboxMail } from '../../protocol/api';
import { api } from '../../transport/api';
import { session } from '../../store/app';
import { Page } from '../../ui/Page';
import { useLanguage, useT } from '../../ui/i18n';
import { formatDateTime } from '../../ui/format';
import { problemMessage } from '../../ui/forms';
import { linkify } from './linkify';

export default function OutboxPage() {
  const t = useT();
  const [mails, setMails] = useState<OutboxMail[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .get('/api/admin/outbox')
      .then((body) => live && setMails(parseOutbox(body)))
      .catch((error) => live && setProblem(problemMessage(error, t)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Page title={t('outbox.title')}>
      <p>{t('outbox.intro')}</p>
      {problem ? <p role="alert" className="problem">{problem}</p> : null}
      {mails === null && !problem ? <p role="status">{t('common.loading')}</p> : null}
      {mails !== null && mails.length === 0 ? <p>{t('outbox.empty')}</p> : null}
      {mails !== null && mails.length > 0 ? (
        <ul className="mail-list" aria-label={t('outbox.count', { count: mails.length })}>
          {mails.map((mail) => (
            <li key={mail.id}>
              <Mail mail={mail} onChange={(changed) => setMails((list) => list && list.map((m) => (m.id === changed.id ? changed : m)))} />
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

function Mail({ mail, onChange }: { mail: OutboxMail; onChange: (mail: OutboxMail) => void }) {
  const t = useT();
  const [problem, setProblem] = useState<string | null>(null);
  async function resend() {
    setProblem(null);
    try {
      const [changed] = parseOutbox([await api.post(`/api/admin/outbox/${encodeURIComponent(mail.id)}/resend`, {})]);
      if (changed) onChange(changed);
    } catch (error) {
      setProblem(problemMessage(error, t));
    }
  }
  const language = useLanguage();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  return (
    <details className="mail">
      <summary>
        <span className="mail-subject">{mail.subject}</span>
        <span className="mail-meta">
          {t('outbox.to', { to: mail.to })} · {formatDateTime(mail.sentAt ?? mail.createdAt, language, user?.timeZone)} ·{' '}
          {t(`mailStatus.${mail.status}`)}
        </span>
      </summary>
      {mail.lastError ? <p>{t('outbox.lastError', { attempts: mail.attempts, error: mail.lastError })}</p> : null}
      {mail.status === 'failed' || mail.status === 'uncertain' ? (
        <p>
          <button type="button" onClick={resend}>
            {t('outbox.resend')}
          </button>
          {problem ? <span role="alert"> {problem}</span> : null}
        </p>
      ) : null}
      <div className="mail-body">
        {linkify(mail.textBody).map((piece, i) =>
          piece.kind === 'link' ? (
            <a key={i} href={piece.href}>
              {piece.href}
            </a>
          ) : (
            <span key={i}>{piece.text}</span>
          ),
        )}
      </div>
    </details>
  );
}
