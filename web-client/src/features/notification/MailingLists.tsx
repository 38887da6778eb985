import { useEffect, useState } from 'react';
import { parseThemes, type ThemeSummary } from '../../protocol/discussion';
import { api } from '../../transport/api';
import { useLanguage, useT } from '../../ui/i18n';
import { problemMessage } from '../../ui/forms';

/**
 * Mailing-list mode per theme: each checked theme sends every new post by e-mail at once
 * (answerable by e-mail). Saved at each change with PUT /api/themes/{slug}/follow, the same
 * route as the theme page's "Suivi" choice; unchecking keeps the theme followed in the app.
 */
export function MailingLists() {
  const t = useT();
  const language = useLanguage();
  const [themes, setThemes] = useState<ThemeSummary[] | null>(null);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .get('/api/themes')
      .then((body) => live && setThemes(parseThemes(body)))
      .catch((e) => live && setProblem(problemMessage(e, t)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function toggle(theme: ThemeSummary, on: boolean) {
    const before = theme.followLevel;
    const level = on ? 'mailing_list' : 'following';
    const set = (l: ThemeSummary['followLevel']) =>
      setThemes((list) => (list ? list.map((th) => (th.slug === theme.slug ? { ...th, followLevel: l } : th)) : list));
    set(level);
    setStatus('');
    setProblem(null);
    api
      .request('PUT', `/api/themes/${encodeURIComponent(theme.slug)}/follow`, { level })
      .then(() => setStatus(t(on ? 'mailingLists.on' : 'mailingLists.off', { theme: language === 'en' ? theme.labelEn : theme.labelFr })))
      .catch((e) => {
        set(before);
        setProblem(problemMessage(e, t));
      });
  }

  return (
    <section aria-labelledby="mailing-lists-heading">
      <h3 id="mailing-lists-heading">{t('mailingLists.title')}</h3>
      <p>{t('mailingLists.help')}</p>
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
      {themes ? (
        <fieldset>
          <legend>{t('mailingLists.legend')}</legend>
          {themes.map((theme) => (
            <p key={theme.slug} className="choice">
              <input
                type="checkbox"
                id={`mailing-list-${theme.slug}`}
                checked={theme.followLevel === 'mailing_list'}
                onChange={(e) => toggle(theme, e.target.checked)}
              />
              <label htmlFor={`mailing-list-${theme.slug}`}>{language === 'en' ? theme.labelEn : theme.labelFr}</label>
            </p>
          ))}
        </fieldset>
      ) : (
        <p role="status">{t('common.loading')}</p>
      )}
      <p role="status">{status}</p>
    </section>
  );
}
