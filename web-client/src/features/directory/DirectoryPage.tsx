import { DeactivatedBadge } from '../../ui/components';
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { Page } from '../../ui/Page';
import { useT } from '../../ui/i18n';
import { Link, navigate, useSearch } from '../../ui/router';
import { problemMessage, SelectField } from '../../ui/forms';
import { api } from '../../transport/api';
import {
  filtersFromSearch,
  parseDirectoryPage,
  searchFromFilters,
  wideningSteps,
  type DirectoryFilters,
  type DirectoryPage as Results,
} from '../../protocol/directory';
import { Avatar, useCompetenceLabel, useReference, useTerritoryName } from './common';
import './directory.css';

// The map is only loaded when someone opens it (STYLE.md: keep the first load small).
const TerritoryMap = lazy(() => import('./TerritoryMap'));

function go(filters: DirectoryFilters) {
  const search = searchFromFilters(filters);
  navigate(`/directory${search ? `?${search}` : ''}`);
}

export default function DirectoryPage() {
  const t = useT();
  const search = useSearch();
  const filters = filtersFromSearch(search);
  const { competences, territories } = useReference();
  const label = useCompetenceLabel(competences);
  const placeName = useTerritoryName(territories);
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [draft, setDraft] = useState<DirectoryFilters>(filters);
  const [showMap, setShowMap] = useState(false);

  useEffect(() => {
    setDraft(filtersFromSearch(search));
    let live = true;
    const query = searchFromFilters(filtersFromSearch(search));
    api
      .get(`/api/directory/people${query ? `?${query}` : ''}`)
      .then((value) => {
        if (!live) return;
        setResults(parseDirectoryPage(value));
        setError(null);
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [search]);

  function submit(event: FormEvent) {
    event.preventDefault();
    go({ ...draft, page: undefined });
  }

  const pages = results ? Math.max(1, Math.ceil(results.total / results.pageSize)) : 1;
  const filterLabel = (key: keyof DirectoryFilters): string => {
    switch (key) {
      case 'q':
        return `${t('directory.search')} : ${filters.q}`;
      case 'competence':
        return label(filters.competence ?? '');
      case 'metier':
        return label(filters.metier ?? '');
      case 'territory':
        return placeName(filters.territory, filters.territory);
      case 'mode':
        return t(`directory.mode.${filters.mode}`);
      case 'overseas':
        return t(filters.overseas ? 'directory.area.overseas' : 'directory.area.metropolitan');
      case 'pioneer':
        return t('directory.pioneerOnly');
      case 'openToHelp':
        return t('directory.openToHelp');
      default:
        return String(key);
    }
  };

  return (
    <Page title={t('directory.title')}>
      <p>
        <Link to="/directory/me">{t('directory.editMine')}</Link>
      </p>
      <form role="search" className="directory-filters" onSubmit={submit}>
        <div className="field">
          <label htmlFor="directory-q">{t('directory.search')}</label>
          <input
            id="directory-q"
            type="search"
            placeholder={t('directory.q')}
            value={draft.q ?? ''}
            onChange={(e) => setDraft({ ...draft, q: e.target.value || undefined })}
          />
        </div>
        <SelectField
          id="directory-competence"
          label={t('directory.competence')}
          value={draft.competence ?? ''}
          onChange={(v) => setDraft({ ...draft, competence: v || undefined })}
        >
          <option value="">{t('directory.any')}</option>
          {competences.map((c) => (
            <option key={c.slug} value={c.slug}>
              {label(c.slug)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="directory-mode"
          label={t('directory.mode')}
          value={draft.mode ?? ''}
          onChange={(v) => setDraft({ ...draft, mode: (v || undefined) as DirectoryFilters['mode'] })}
        >
          <option value="">{t('directory.mode.any')}</option>
          <option value="can_help">{t('directory.mode.can_help')}</option>
          <option value="wants_to_learn">{t('directory.mode.wants_to_learn')}</option>
        </SelectField>
        <SelectField id="directory-metier" label={t('directory.metier')} value={draft.metier ?? ''} onChange={(v) => setDraft({ ...draft, metier: v || undefined })}>
          <option value="">{t('directory.any')}</option>
          {competences
            .filter((c) => c.family === 'metier')
            .map((c) => (
              <option key={c.slug} value={c.slug}>
                {label(c.slug)}
              </option>
            ))}
        </SelectField>
        <SelectField
          id="directory-territory"
          label={t('directory.territory')}
          value={draft.territory ?? ''}
          onChange={(v) => setDraft({ ...draft, territory: v || undefined })}
        >
          <option value="">{t('directory.anyTerritory')}</option>
          {territories.map((x) => (
            <option key={x.code} value={x.code}>
              {placeName(x.code, x.name)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="directory-area"
          label={t('directory.area')}
          value={draft.overseas === undefined ? '' : String(draft.overseas)}
          onChange={(v) => setDraft({ ...draft, overseas: v === '' ? undefined : v === 'true' })}
        >
          <option value="">{t('directory.area.any')}</option>
          <option value="true">{t('directory.area.overseas')}</option>
          <option value="false">{t('directory.area.metropolitan')}</option>
        </SelectField>
        <div className="field field-checkbox">
          <input
            id="directory-pioneer"
            type="checkbox"
            checked={draft.pioneer === true}
            onChange={(e) => setDraft({ ...draft, pioneer: e.target.checked || undefined })}
          />
          <label htmlFor="directory-pioneer">{t('directory.pioneerOnly')}</label>
        </div>
        <div className="field field-checkbox">
          <input
            id="directory-open"
            type="checkbox"
            checked={draft.openToHelp === true}
            onChange={(e) => setDraft({ ...draft, openToHelp: e.target.checked || undefined })}
          />
          <label htmlFor="directory-open">{t('directory.openToHelp')}</label>
        </div>
        <button type="submit">{t('directory.apply')}</button>
      </form>

      <p>
        <button type="button" aria-expanded={showMap} aria-controls="directory-map" onClick={() => setShowMap(!showMap)}>
          {showMap ? t('directory.hideMap') : t('directory.showMap')}
        </button>
      </p>
      <div id="directory-map">
        {showMap ? (
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
            <TerritoryMap selected={filters.territory ?? null} onChoose={(code) => go({ ...filters, territory: code, page: undefined })} />
          </Suspense>
        ) : null}
      </div>

      {error ? <p role="alert">{problemMessage(error, t)}</p> : null}
      <div role="status" aria-live="polite">
        <h2 className="directory-count">{results ? t('directory.results', { count: results.total }) : t('common.loading')}</h2>
      </div>
      {results && results.items.length === 0 ? (
        <div className="directory-empty">
          <p>{t('directory.empty')}</p>
          <ul>
            {wideningSteps(filters).map((key) => (
              <li key={key}>
                <button type="button" onClick={() => go({ ...filters, [key]: undefined, page: undefined })}>
                  {t('directory.widen', { filter: filterLabel(key) })}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {results ? (
        <ul className="directory-results">
          {results.items.map((p) => (
            <li key={p.id} className="person-card">
              <Avatar id={p.id} initials={p.initials} hasPhoto={p.hasPhoto} />
              <div>
                <h3>
                  <Link to={`/directory/people/${p.id}`}>{p.displayName}</Link>
                  {p.deactivated ? <DeactivatedBadge /> : null}
                  {p.pioneer ? <span className="badge"> {t('directory.pioneer')}</span> : null}
                  {p.pioneer && p.availability === 'paused' ? <span className="badge badge-muted"> {t('directory.paused')}</span> : null}
                </h3>
                <p className="meta">
                  {[p.organisation, p.territory ? placeName(p.territory.code, p.territory.name) : null].filter(Boolean).join(' · ')}
                  {p.solvedCount > 0 ? ` · ${t('directory.solved', { count: p.solvedCount })}` : ''}
                </p>
                {p.competences.length ? (
                  <p className="tags">
                    {p.competences.map((c) => (
                      <span key={c.slug} className={`tag tag-${c.mode}`}>
                        {label(c.slug)} ({t(c.mode === 'can_help' ? 'directory.canHelp' : 'directory.wantsToLearn')})
                      </span>
                    ))}
                  </p>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {results && pages > 1 ? (
        <nav aria-label={t('directory.pagination')} className="pagination">
          {results.page > 1 ? (
            <Link to={`/directory?${searchFromFilters({ ...filters, page: results.page - 1 })}`}>{t('directory.previous')}</Link>
          ) : null}
          <span>{t('directory.pageOf', { page: results.page, pages })}</span>
          {results.page < pages ? (
            <Link to={`/directory?${searchFromFilters({ ...filters, page: results.page + 1 })}`}>{t('directory.next')}</Link>
          ) : null}
        </nav>
      ) : null}
    </Page>
  );
}
