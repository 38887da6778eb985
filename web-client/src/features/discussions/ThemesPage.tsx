import { useEffect, useState } from 'react';
import { parseThemes, THEME_FAMILIES, type ThemeSummary } from '../../protocol/discussion';
import { api } from '../../transport/api';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { problemMessage } from '../../ui/forms';

export default function ThemesPage() {
  const t = useT();
  const language = useLanguage();
  const [themes, setThemes] = useState<ThemeSummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    api
      .get('/api/themes')
      .then((body) => setThemes(parseThemes(body)))
      .catch((error) => setProblem(problemMessage(error, t)));
  }, [t]);

  const families = [...THEME_FAMILIES, ...new Set((themes ?? []).map((th) => th.family).filter((f) => !(THEME_FAMILIES as readonly string[]).includes(f)))];

  return (
    <Page title={t('themes.title')}>
      <p>{t('themes.intro')}</p>
      {problem ? <p role="alert" className="problem">{problem}</p> : null}
      {themes === null && !problem ? <p role="status">{t('common.loading')}</p> : null}
      {themes !== null && themes.length === 0 ? <p>{t('themes.empty')}</p> : null}
      {themes !== null
        ? families.map((family) => {
            const inFamily = themes.filter((th) => th.family === family);
            if (inFamily.length === 0) return null;
            const known = (THEME_FAMILIES as readonly string[]).includes(family);
            return (
              <section key={family} aria-labelledby={`family-${family}`}>
                <h2 id={`family-${family}`}>{known ? t(`themes.family.${family}`) : family}</h2>
                <ul className="theme-list">
                  {inFamily.map((theme) => (
                    <li key={theme.slug}>
                      <Link to={`/themes/${encodeURIComponent(theme.slug)}`}>
                        {language === 'en' ? theme.labelEn : theme.labelFr}{' '}
                        <span className="count">({t('themes.threadCount', { count: theme.threadCount })})</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })
        : null}
    </Page>
  );
}
