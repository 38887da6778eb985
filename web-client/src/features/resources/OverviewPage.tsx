import { useEffect, useState, useSyncExternalStore } from 'react';
import { session } from '../../store/app';
import { Page } from '../../ui/Page';
import { useLanguage, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { useMedia } from '../../ui/components';
import { problemMessage } from '../../ui/forms';
import { api } from '../../transport/api';
import { DOORS, parseOverview, queryOf, type OverviewLever } from './model';
import './resources.css';

/**
 * Premier survol: the seven levers × four doors with counts and each cell's featured resource,
 * and each lever's "start here" path. A table on a wide screen; on a phone, one short list per
 * lever (a 5-column table does not fit 375 px).
 */
export default function OverviewPage() {
  const t = useT();
  const language = useLanguage();
  const wide = useMedia('(min-width: 56rem)');
  const user = useSyncExternalStore(session.subscribe, session.getState).user;
  const reviewer = user?.role === 'administrator' || user?.role === 'facilitator';
  const [levers, setLevers] = useState<OverviewLever[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.get('/api/resources/overview').then(
      (v) => setLevers(parseOverview(v)),
      (e) => setError(problemMessage(e, t)),
    );
  }, [t]);

  const label = (l: OverviewLever) => (language === 'en' ? l.labelEn : l.labelFr);
  const cellLink = (lever: string, door: string) => `/resources${queryOf({ lever, door })}`;

  const editPath = (l: OverviewLever) =>
    reviewer ? (
      <p className="resource-path-edit">
        <Link to={`/resources/paths/${l.lever}`} aria-label={`${t('resources.path.editLink')} — ${label(l)}`}>
          {t('resources.path.editLink')}
        </Link>
      </p>
    ) : null;

  const path = (l: OverviewLever) =>
    l.path.length ? (
      <div className="resource-path">
        <p className="resource-path-title">{t('resources.overview.startHere', { minutes: l.pathMinutes })}</p>
        <ol>
          {l.path.map((r) => (
            <li key={r.id}>
              <Link to={`/resources/${r.id}`}>{r.title}</Link> <span className="hint">({t('resources.minutes', { count: r.minutes })})</span>
            </li>
          ))}
        </ol>
      </div>
    ) : (
      <p className="hint">{t('resources.overview.noPath')}</p>
    );

  return (
    <Page title={t('resources.overview.title')}>
      <p>{t('resources.overview.intro')}</p>
      {error ? <p role="alert">{error}</p> : null}
      {!levers && !error ? <p role="status">{t('common.loading')}</p> : null}
      {levers && wide ? (
        <div className="resource-grid-wrap">
          <table className="resource-grid">
            <caption className="visually-hidden">{t('resources.overview.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('resources.overview.lever')}</th>
                {DOORS.map((d) => (
                  <th key={d} scope="col">
                    {t(`resources.door.${d}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {levers.map((l) => (
                <tr key={l.lever}>
                  <th scope="row">
                    {label(l)}
                    {path(l)}
                    {editPath(l)}
                  </th>
                  {l.cells.map((c) => (
                    <td key={c.door}>
                      {c.count ? <Link to={cellLink(l.lever, c.door)}>{t('resources.overview.cell', { count: c.count })}</Link> : <span>{t('resources.overview.none')}</span>}
                      {c.featured ? (
                        <p className="resource-featured">
                          <Link to={`/resources/${c.featured.id}`}>{c.featured.title}</Link>
                        </p>
                      ) : null}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {levers && !wide
        ? levers.map((l) => (
            <section key={l.lever} className="resource-lever" aria-labelledby={`lever-${l.lever}`}>
              <h2 id={`lever-${l.lever}`}>{label(l)}</h2>
              {path(l)}
              {editPath(l)}
              <ul className="resource-doors">
                {l.cells.map((c) => (
                  <li key={c.door}>
                    <span className="resource-door-name">{t(`resources.door.${c.door}`)}</span> :{' '}
                    {c.count ? <Link to={cellLink(l.lever, c.door)}>{t('resources.overview.cell', { count: c.count })}</Link> : t('resources.overview.none')}
                    {c.featured ? (
                      <>
                        {' '}
                        — <Link to={`/resources/${c.featured.id}`}>{c.featured.title}</Link>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ))
        : null}
    </Page>
  );
}
