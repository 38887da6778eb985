import { useEffect, useState } from 'react';
import { Page } from '../../ui/Page';
import { useLanguage, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { problemMessage } from '../../ui/forms';
import { api } from '../../transport/api';
import { territoryName, useReference } from '../directory/common';
import { asArray, asObject, optNum, str } from '../../protocol/validate';
import { parseSummaries, type ResourceSummary } from './model';
import './resources.css';

interface Line {
  lever: string;
  labelFr: string;
  labelEn: string;
  published: number;
  views: number;
  useful: number;
  adaptations: number;
  mostUseful: ResourceSummary[];
}

interface TerritoryLine {
  territory: string;
  resources: number;
  adaptations: number;
}

function parseReport(value: unknown): { levers: Line[]; territories: TerritoryLine[] } {
  const o = asObject(value, 'report');
  return {
    levers: asArray(o.levers ?? [], 'levers', (v, w) => {
      const l = asObject(v, w);
      return {
        lever: str(l, 'lever', w),
        labelFr: str(l, 'labelFr', w),
        labelEn: str(l, 'labelEn', w),
        published: optNum(l, 'published') ?? 0,
        views: optNum(l, 'views') ?? 0,
        useful: optNum(l, 'useful') ?? 0,
        adaptations: optNum(l, 'adaptations') ?? 0,
        mostUseful: parseSummaries(l.mostUseful, `${w}.mostUseful`),
      };
    }),
    territories: asArray(o.territories ?? [], 'territories', (v, w) => {
      const x = asObject(v, w);
      return { territory: str(x, 'territory', w), resources: optNum(x, 'resources') ?? 0, adaptations: optNum(x, 'adaptations') ?? 0 };
    }),
  };
}

/** Facilitators' report: what is used, per lever and per territory (the platform's own counters only). */
export default function ReportPage() {
  const t = useT();
  const language = useLanguage();
  const { territories } = useReference();
  const [report, setReport] = useState<ReturnType<typeof parseReport> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.get('/api/resources/report').then(
      (v) => setReport(parseReport(v)),
      (e) => setError(problemMessage(e, t)),
    );
  }, [t]);

  const territoryLabel = (code: string) => {
    const found = territories.find((x) => x.code === code);
    return found ? territoryName(found, language) : code;
  };

  return (
    <Page title={t('resources.report.title')}>
      {error ? <p role="alert">{error}</p> : null}
      {!report && !error ? <p role="status">{t('common.loading')}</p> : null}
      {report ? (
        <>
          <div className="resource-grid-wrap">
            <table className="resource-grid">
              <caption className="visually-hidden">{t('resources.report.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('resources.overview.lever')}</th>
                  <th scope="col">{t('resources.report.published')}</th>
                  <th scope="col">{t('resources.report.views')}</th>
                  <th scope="col">{t('resources.report.useful')}</th>
                  <th scope="col">{t('resources.report.adaptations')}</th>
                </tr>
              </thead>
              <tbody>
                {report.levers.map((l) => (
                  <tr key={l.lever}>
                    <th scope="row">
                      {language === 'en' ? l.labelEn : l.labelFr}
                      {l.mostUseful.length ? (
                        <ul className="resource-report-top">
                          {l.mostUseful.map((r) => (
                            <li key={r.id}>
                              <Link to={`/resources/${r.id}`}>{r.title}</Link> ({r.usefulCount})
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </th>
                    <td>{l.published}</td>
                    <td>{l.views}</td>
                    <td>{l.useful}</td>
                    <td>{l.adaptations}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t('resources.page.territories')}</h2>
          <div className="resource-grid-wrap">
            <table className="resource-grid">
              <thead>
                <tr>
                  <th scope="col">{t('resources.filter.territory')}</th>
                  <th scope="col">{t('resources.report.published')}</th>
                  <th scope="col">{t('resources.report.adaptations')}</th>
                </tr>
              </thead>
              <tbody>
                {report.territories.map((x) => (
                  <tr key={x.territory}>
                    <th scope="row">{territoryLabel(x.territory)}</th>
                    <td>{x.resources}</td>
                    <td>{x.adaptations}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </Page>
  );
}
