import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { parseAuditPage, type AuditEntry } from '../../protocol/admin';
import { describeChange } from './auditText';
import { api } from '../../transport/api';
import { session } from '../../store/app';
import { Page } from '../../ui/Page';
import { navigate, useSearch } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { formatDateTime } from '../../ui/format';
import { problemMessage } from '../../ui/forms';

export const AUDIT_ACTIONS = [
  'identity.role_changed',
  'identity.deactivated',
  'identity.reactivated',
  'identity.sessions_ended',
  'identity.invitation_sent',
  'identity.invitation_revoked',
  'identity.invitation_resent',
  'discussion.thread_moderated',
  'discussion.post_edited',
  'discussion.post_deleted',
  'help.reader_invited',
];

/** Administrators: the audit log, newest first, filtered by action; never editable. */
export default function AuditPage() {
  const t = useT();
  const language = useLanguage();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const search = useSearch();
  const action = new URLSearchParams(search).get('action') ?? '';
  const [chosen, setChosen] = useState(action);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function load(before: number | null) {
    setProblem(null);
    const params = new URLSearchParams();
    if (action) params.set('action', action);
    if (before !== null) params.set('before', String(before));
    try {
      const page = parseAuditPage(await api.get(`/api/admin/audit?${params.toString()}`));
      setEntries((list) => (before === null ? page.entries : [...(list ?? []), ...page.entries]));
      setNext(page.next);
    } catch (error) {
      setProblem(problemMessage(error, t));
    }
  }

  useEffect(() => {
    setEntries(null);
    void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action]);

  function submit(event: FormEvent) {
    event.preventDefault();
    navigate(chosen ? `/admin/audit?action=${encodeURIComponent(chosen)}` : '/admin/audit', { replace: true });
  }

  return (
    <Page title={t('audit.title')}>
      <p>{t('audit.intro')}</p>
      <form className="audit-filter" onSubmit={submit}>
        <label htmlFor="audit-action">{t('audit.action')}</label>
        <select id="audit-action" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">{t('audit.allActions')}</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`audit.action.${a}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t('audit.filter')}</button>
      </form>
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
      {entries === null && !problem ? <p role="status">{t('common.loading')}</p> : null}
      {entries !== null && entries.length === 0 ? <p>{t('audit.none')}</p> : null}
      {entries !== null && entries.length > 0 ? (
        <ol className="audit-list" aria-label={t('audit.title')}>
          {entries.map((entry) => (
            <li key={entry.id}>
              <p>
                <strong>{formatDateTime(entry.at, language, user?.timeZone)}</strong> —{' '}
                {t('audit.line', {
                  actor: entry.actorName,
                  action: AUDIT_ACTIONS.includes(entry.action) ? t(`audit.action.${entry.action}`) : entry.action,
                  target: entry.targetName ?? entry.targetId,
                })}
              </p>
              {describeChange(entry, t).length > 0 ? (
                <p className="audit-change">{describeChange(entry, t).join(' ; ')}</p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {next !== null ? (
        <button type="button" className="secondary" onClick={() => void load(next)}>
          {t('audit.more')}
        </button>
      ) : null}
    </Page>
  );
}
