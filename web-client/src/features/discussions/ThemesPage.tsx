import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { parseThemes, THEME_FAMILIES, themeStream, type ThemeSummary } from '../../protocol/discussion';
import { api } from '../../transport/api';
import { live } from '../../store/app';
import { countThemeUnread, shownUnread } from '../../store/unread';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { ErrorSummary, problemMessage, TextField, type FieldErrors } from '../../ui/forms';
import { useCurrentUserId } from './common';
import { useIsAdministrator } from './controls';
import { OnlineNow } from './OnlineNow';
import { ThemeGuests } from './ThemeGuests';

const SLUG = /^[a-z0-9-]{3,60}$/;

export default function ThemesPage() {
  const t = useT();
  const language = useLanguage();
  const me = useCurrentUserId();
  const isAdmin = useIsAdministrator();
  const [themes, setThemes] = useState<ThemeSummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(() => {
    api
      .get('/api/themes')
      .then((body) => setThemes(parseThemes(body)))
      .catch((error) => setProblem(problemMessage(error, t)));
  }, [t]);
  useEffect(load, [load]);

  // Each theme's stream, from now on: a post by someone else adds one unread to its theme.
  const slugs = (themes ?? []).map((th) => th.slug).join(' ');
  useEffect(() => {
    if (!slugs) return;
    const stops = slugs.split(' ').map((slug) => {
      let last: number | null = null;
      return live.watch(themeStream(slug), {
        lastSeq: () => last,
        onEvent: (seq, event) => {
          if (last !== null && seq <= last) return;
          last = seq;
          setThemes((list) =>
            list ? list.map((th) => (th.slug === slug ? { ...th, unread: countThemeUnread(th.unread, th.followLevel, event, { me }) } : th)) : list,
          );
        },
        onResync: () => {
          last = null;
          load();
        },
      });
    });
    return () => stops.forEach((stop) => stop());
  }, [slugs, me, load]);

  const families = [...THEME_FAMILIES, ...new Set((themes ?? []).map((th) => th.family).filter((f) => !(THEME_FAMILIES as readonly string[]).includes(f)))];

  return (
    <Page title={t('themes.title')}>
      <p>{t('themes.intro')}</p>
      <OnlineNow />
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
                  {inFamily.map((theme) => {
                    const unread = shownUnread(theme.unread, theme.followLevel);
                    const label = language === 'en' ? theme.labelEn : theme.labelFr;
                    return (
                      <li key={theme.slug}>
                        <Link to={`/themes/${encodeURIComponent(theme.slug)}`}>
                          {label} <span className="count">({t('themes.threadCount', { count: theme.threadCount })})</span>
                          {unread > 0 ? (
                            <>
                              {' '}
                              <span className="badge unread">{t('unread.count', { count: unread })}</span>
                            </>
                          ) : null}
                        </Link>
                        {theme.followLevel === 'muted' ? <span className="count"> · {t('follow.muted')}</span> : null}
                        {isAdmin ? <ThemeAdmin theme={theme} label={label} onChanged={load} /> : null}
                      </li>
                    );
                  })}
                </ul>
              </section>
            );
          })
        : null}
      {isAdmin ? <NewThemeForm onCreated={load} /> : null}
    </Page>
  );
}

function NewThemeForm({ onCreated }: { onCreated: () => void }) {
  const t = useT();
  const [slug, setSlug] = useState('');
  const [labelFr, setLabelFr] = useState('');
  const [labelEn, setLabelEn] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const labels = { slug: t('themeAdmin.slug'), labelFr: t('themeAdmin.labelFr'), labelEn: t('themeAdmin.labelEn') };

  function submit(event: FormEvent) {
    event.preventDefault();
    setGeneral(null);
    setDone('');
    const found: FieldErrors = {};
    if (!SLUG.test(slug)) found.slug = t('themeAdmin.slugRule');
    if (!labelFr.trim()) found.labelFr = t('validation.required');
    if (!labelEn.trim()) found.labelEn = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    api
      .post('/api/themes', { slug, labelFr: labelFr.trim(), labelEn: labelEn.trim() })
      .then(() => {
        setDone(t('themeAdmin.created', { label: labelFr.trim() }));
        setSlug('');
        setLabelFr('');
        setLabelEn('');
        onCreated();
      })
      .catch((error) => setGeneral(problemMessage(error, t)));
  }

  return (
    <section aria-labelledby="new-theme-heading">
      <h2 id="new-theme-heading">{t('themeAdmin.newHeading')}</h2>
      <ErrorSummary fields={errors} labels={labels} general={general} />
      <p role="status">{done}</p>
      <form noValidate onSubmit={submit} className="form">
        <TextField id="slug" label={labels.slug} value={slug} onChange={setSlug} error={errors.slug} hint={t('themeAdmin.slugRule')} />
        <TextField id="labelFr" label={labels.labelFr} value={labelFr} onChange={setLabelFr} error={errors.labelFr} />
        <TextField id="labelEn" label={labels.labelEn} value={labelEn} onChange={setLabelEn} error={errors.labelEn} />
        <button type="submit">{t('themeAdmin.create')}</button>
      </form>
    </section>
  );
}

function ThemeAdmin({ theme, label, onChanged }: { theme: ThemeSummary; label: string; onChanged: () => void }) {
  const t = useT();
  const [labelFr, setLabelFr] = useState(theme.labelFr);
  const [labelEn, setLabelEn] = useState(theme.labelEn);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const prefix = `theme-${theme.slug}`;

  function patch(body: Record<string, unknown>, message: string) {
    setProblem(null);
    setDone('');
    api
      .patch(`/api/themes/${encodeURIComponent(theme.slug)}`, body)
      .then(() => {
        setDone(message);
        onChanged();
      })
      .catch((error) => setProblem(problemMessage(error, t)));
  }

  function rename(event: FormEvent) {
    event.preventDefault();
    if (!labelFr.trim() || !labelEn.trim()) return setProblem(t('validation.required'));
    patch({ labelFr: labelFr.trim(), labelEn: labelEn.trim() }, t('themeAdmin.renamed'));
  }

  return (
    <details className="theme-admin">
      <summary>{t('themeAdmin.manage', { label })}</summary>
      <form noValidate onSubmit={rename} className="form">
        <TextField id={`${prefix}-fr`} label={t('themeAdmin.labelFr')} value={labelFr} onChange={setLabelFr} />
        <TextField id={`${prefix}-en`} label={t('themeAdmin.labelEn')} value={labelEn} onChange={setLabelEn} />
        <div className="button-row">
          <button type="submit">{t('themeAdmin.rename')}</button>
          <button type="button" className="secondary" onClick={() => patch({ archived: true }, t('themeAdmin.archived'))}>
            {t('themeAdmin.archive')}
          </button>
        </div>
      </form>
      {problem ? <p role="alert" className="problem">{problem}</p> : null}
      <p role="status">{done}</p>
      <ThemeGuests slug={theme.slug} label={label} />
    </details>
  );
}
