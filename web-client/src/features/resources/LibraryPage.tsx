import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { Page } from '../../ui/Page';
import { useLanguage, useT } from '../../ui/i18n';
import { Link, navigate, useSearch } from '../../ui/router';
import { EmptyState } from '../../ui/components';
import { problemMessage } from '../../ui/forms';
import { api } from '../../transport/api';
import { session } from '../../store/app';
import { competenceName, territoryName, useReference } from '../directory/common';
import { DOORS, FORMATS, MATURITIES, filtersFrom, parseLibrary, parseSummaries, queryOf, type Filters, type ResourceSummary } from './model';
import { ResourceItem, useLeverName, useLevers } from './common';
import './resources.css';

const MINUTES = ['5', '15', '30', '60'];

/** The library: filters live in the URL, so a filtered list can be shared and comes back on "back". */
export default function LibraryPage() {
  const t = useT();
  const language = useLanguage();
  const search = useSearch();
  const user = useSyncExternalStore(session.subscribe, session.getState).user;
  const reviewer = user?.role === 'administrator' || user?.role === 'facilitator';
  const filters = filtersFrom(search);
  const [draft, setDraft] = useState<Filters>(filters);
  const [result, setResult] = useState<{ resources: ResourceSummary[]; total: number } | null>(null);
  const [queue, setQueue] = useState<ResourceSummary[]>([]);
  const [mine, setMine] = useState<ResourceSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const levers = useLevers();
  const leverName = useLeverName(levers);
  const { competences, territories } = useReference();

  useEffect(() => setDraft(filtersFrom(search)), [search]);
  useEffect(() => {
    let live = true;
    setError(null);
    api.get(`/api/resources${queryOf(filtersFrom(search))}`).then(
      (v) => live && setResult(parseLibrary(v)),
      (e) => live && setError(problemMessage(e, t)),
    );
    return () => {
      live = false;
    };
  }, [search, t]);
  useEffect(() => {
    api.get('/api/resources/mine').then((v) => setMine(parseSummaries(v).filter((r) => r.status !== 'published')), () => undefined);
    if (reviewer) api.get('/api/resources/review').then((v) => setQueue(parseSummaries(v)), () => undefined);
  }, [reviewer]);

  function apply(event: FormEvent) {
    event.preventDefault();
    navigate(`/resources${queryOf(draft)}`);
  }

  const set = (key: keyof Filters) => (value: string) => setDraft({ ...draft, [key]: value });
  const select = (key: keyof Filters, options: { value: string; label: string }[]) => (
    <div className="field">
      <label htmlFor={`filter-${key}`}>{t(`resources.filter.${key}`)}</label>
      <select id={`filter-${key}`} value={draft[key] ?? ''} onChange={(e) => set(key)(e.target.value)}>
        <option value="">{t('resources.filter.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <Page title={t('resources.title')}>
      <p>{t('resources.intro')}</p>
      <p className="resource-actions">
        <Link to="/resources/survol" className="ds-button ds-button-secondary">
          {t('resources.overviewLink')}
        </Link>
        {user?.role !== 'guest' ? (
          <Link to="/resources/new" className="ds-button ds-button-secondary">
            {t('resources.proposeLink')}
          </Link>
        ) : null}
        {reviewer ? (
          <Link to="/resources/report" className="ds-button ds-button-quiet">
            {t('resources.reportLink')}
          </Link>
        ) : null}
      </p>
      {reviewer ? (
        <section aria-labelledby="review-queue">
          <h2 id="review-queue">{t('resources.reviewQueue')}</h2>
          {queue.length ? (
            <ul className="resource-list">
              {queue.map((r) => (
                <ResourceItem key={r.id} resource={r} leverName={leverName} />
              ))}
            </ul>
          ) : (
            <p>{t('resources.reviewEmpty')}</p>
          )}
        </section>
      ) : null}
      {mine.length ? (
        <section aria-labelledby="my-proposals">
          <h2 id="my-proposals">{t('resources.mine')}</h2>
          <ul className="resource-list">
            {mine.map((r) => (
              <ResourceItem key={r.id} resource={r} leverName={leverName} />
            ))}
          </ul>
        </section>
      ) : null}
      <form className="resource-filters" onSubmit={apply} aria-labelledby="filters-heading" role="search">
        <h2 id="filters-heading">{t('resources.filters')}</h2>
        <div className="field">
          <label htmlFor="filter-q">{t('resources.filter.q')}</label>
          <input id="filter-q" type="search" value={draft.q ?? ''} onChange={(e) => set('q')(e.target.value)} />
        </div>
        <div className="resource-filter-grid">
          {select('door', DOORS.map((d) => ({ value: d, label: t(`resources.door.${d}`) })))}
          {select('lever', levers.map((l) => ({ value: l.slug, label: language === 'en' ? l.labelEn : l.labelFr })))}
          {select('format', FORMATS.map((f) => ({ value: f, label: t(`resources.format.${f}`) })))}
          {select('maturity', MATURITIES.map((m) => ({ value: m, label: t(`resources.maturity.${m}`) })))}
          {select('maxMinutes', MINUTES.map((m) => ({ value: m, label: t('resources.minutesAtMost', { count: Number(m) }) })))}
          {select('territory', territories.map((x) => ({ value: x.code, label: territoryName(x, language) })))}
          {select('competence', competences.map((c) => ({ value: c.slug, label: competenceName(c, language) })))}
        </div>
        <p className="resource-actions">
          <button type="submit">{t('resources.filter.apply')}</button>
          {Object.keys(filters).length ? (
            <Link to="/resources" className="ds-button ds-button-quiet">
              {t('resources.filter.clear')}
            </Link>
          ) : null}
        </p>
      </form>
      <section aria-labelledby="library-results">
        <h2 id="library-results" aria-live="polite">
          {result ? t('resources.count', { count: result.total }) : t('common.loading')}
        </h2>
        {error ? <p role="alert">{error}</p> : null}
        {result && result.resources.length === 0 ? <EmptyState title={t('resources.empty')} /> : null}
        {result && result.resources.length ? (
          <ul className="resource-list">
            {result.resources.map((r) => (
              <ResourceItem key={r.id} resource={r} leverName={leverName} />
            ))}
          </ul>
        ) : null}
      </section>
    </Page>
  );
}
