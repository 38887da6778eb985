import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { parseThemes, type ThemeSummary } from '../../protocol/discussion';
import { api } from '../../transport/api';
import { session } from '../../store/app';
import { Page } from '../../ui/Page';
import { Link, navigate } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { problemMessage, SelectField, TextField } from '../../ui/forms';
import { parseWorkspace, parseWorkspaces, type Workspace } from './model';

/** My workspaces, and (for anyone but guests) a form to create one. */
export default function WorkspacesPage() {
  const t = useT();
  const language = useLanguage();
  const user = useSyncExternalStore(session.subscribe, session.getState).user;
  const [workspaces, setWorkspaces] = useState<Workspace[] | null>(null);
  const [themes, setThemes] = useState<ThemeSummary[]>([]);
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState('');
  const [theme, setTheme] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get('/api/workspaces').then((b) => setWorkspaces(parseWorkspaces(b))).catch((e) => setError(problemMessage(e, t)));
    api.get('/api/themes').then((b) => setThemes(parseThemes(b))).catch(() => setThemes([]));
  }, [t]);

  function create(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    api
      .post('/api/workspaces', { name, purpose, ...(theme ? { theme } : {}) })
      .then((b) => navigate(`/workspaces/${parseWorkspace(b).id}`))
      .catch((err) => setError(problemMessage(err, t)))
      .finally(() => setBusy(false));
  }

  return (
    <Page title={t('workspace.list.title')}>
      {workspaces === null ? (
        <p role="status">{t('common.loading')}</p>
      ) : workspaces.length === 0 ? (
        <p>{t('workspace.list.empty')}</p>
      ) : (
        <ul className="workspace-list">
          {workspaces.map((w) => (
            <li key={w.id}>
              <Link to={`/workspaces/${w.id}`}>{w.name}</Link>
              <p>{w.purpose}</p>
            </li>
          ))}
        </ul>
      )}
      {user && user.role !== 'guest' ? (
        <section aria-labelledby="new-workspace">
          <h2 id="new-workspace">{t('workspace.create.title')}</h2>
          <form onSubmit={create}>
            <TextField id="workspace-name" label={t('workspace.create.name')} value={name} onChange={setName} />
            <TextField id="workspace-purpose" label={t('workspace.create.purpose')} value={purpose} onChange={setPurpose} multiline />
            <SelectField id="workspace-theme" label={t('workspace.create.theme')} optional value={theme} onChange={setTheme}>
              <option value="">{t('workspace.create.noTheme')}</option>
              {themes.map((th) => (
                <option key={th.slug} value={th.slug}>
                  {language === 'en' ? th.labelEn : th.labelFr}
                </option>
              ))}
            </SelectField>
            {error ? <p role="alert">{error}</p> : null}
            <button type="submit" disabled={busy}>
              {t('workspace.create.submit')}
            </button>
          </form>
        </section>
      ) : error ? (
        <p role="alert">{error}</p>
      ) : null}
    </Page>
  );
}
