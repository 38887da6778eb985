import { useEffect, useRef, useState } from 'react';
import './survey.css';
import { parseResults, parseSurvey, type QuestionResult, type Results, type Survey } from '../../protocol/survey';
import { live } from '../../store/app';
import { api } from '../../transport/api';
import { problemMessage } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { ScheduleForm, SurveyAgendaList } from './AgendaParts';
import { TagEditor, TagTable } from './TagParts';

/** The results as tables (each one the accessible form of a chart), reloaded at each live change. */
export default function SurveyResultsPage({ params }: { params: Record<string, string> }) {
  const t = useT();
  const id = params.id;
  const [survey, setSurvey] = useState<Survey | null>(null);
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [lost, setLost] = useState(false);
  const seq = useRef<number | null>(null);
  const [scheduled, setScheduled] = useState(0);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    const reload = (announce: boolean) =>
      api
        .get(`/api/surveys/${encodeURIComponent(id)}/results`)
        .then(parseResults)
        .then((r) => {
          if (cancelled) return r;
          seq.current = Math.max(seq.current ?? 0, r.seq);
          setResults(r);
          if (announce) setStatus(t('survey.resultsChanged', { count: r.answerCount }));
          return r;
        });
    api.get(`/api/surveys/${encodeURIComponent(id)}`).then(parseSurvey).then(setSurvey).catch(setError);
    reload(false)
      .then((first) => {
        if (cancelled) return;
        stop = live.watch(first.stream, {
          lastSeq: () => seq.current,
          onEvent: (s) => {
            seq.current = s;
            reload(true).catch(setError);
          },
          onResync: () => {
            reload(true).catch(setError);
          },
          onUnsubscribed: () => setLost(true),
        });
      })
      .catch(setError);
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [id]);

  return (
    <Page title={survey ? t('survey.resultsTitle', { title: survey.title }) : t('survey.title')}>
      <p>
        <Link to={`/surveys/${id}`}>{survey?.title ?? t('survey.back')}</Link>
      </p>
      <p role="status" className="survey-status">
        {status}
      </p>
      {error ? (
        <p role="alert" className="problem">
          {problemMessage(error, t)}
        </p>
      ) : null}
      {lost ? (
        <p role="alert" className="problem">
          {t('survey.lost')}
        </p>
      ) : null}
      {results === null && !error ? <p role="status">{t('common.loading')}</p> : null}
      {results ? (
        <>
          <p>
            {t('survey.answerCount', { count: results.answerCount })}
            {results.state === 'open' ? ` · ${t('survey.resultsLive')}` : ''}
          </p>
          {results.questions.map((q, i) => (
            <section key={q.questionId} className="survey-result" aria-labelledby={`result-${i}`}>
              <h2 id={`result-${i}`}>
                {i + 1}. {q.prompt}
              </h2>
              <ResultTable result={q} />
              {q.kind === 'short_text' || q.kind === 'long_text' ? (
                <>
                  <TagTable tags={results.tags.filter((tag) => tag.questionId === q.questionId)} />
                  {survey?.canBuild ? (
                    <TagEditor surveyId={id} entries={results.entries.filter((e) => e.questionId === q.questionId)} onTagged={setResults} />
                  ) : null}
                </>
              ) : null}
              {survey?.canBuild && q.kind === 'rank' && q.ranking.length > 0 ? (
                <ScheduleForm surveyId={id} questionId={q.questionId} options={q.ranking} onScheduled={() => setScheduled((n) => n + 1)} />
              ) : null}
            </section>
          ))}
          <SurveyAgendaList surveyId={id} refresh={scheduled} />
          <section aria-labelledby="breakdowns" className="survey-result">
            <h2 id="breakdowns">{t('survey.breakdowns')}</h2>
            <p>{t('survey.breakdownNote', { threshold: results.threshold })}</p>
            {results.breakdowns.map((b) => (
              <div key={b.dimension} className="table-scroll">
                <table>
                  <caption>{t(`survey.breakdown.${b.dimension}`)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('survey.col.group')}</th>
                      <th scope="col">{t('survey.col.answers')}</th>
                      <th scope="col">{t('survey.col.top')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {b.groups.map((g) => (
                      <tr key={g.key}>
                        <th scope="row">{groupLabel(g.key, t)}</th>
                        <td>{g.answerCount}</td>
                        <td>{g.questions.map(top).filter(Boolean).join(' · ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p>{t('survey.hiddenGroups', { count: b.hiddenGroups, threshold: results.threshold })}</p>
              </div>
            ))}
          </section>
        </>
      ) : null}
    </Page>
  );
}

function groupLabel(key: string, t: (k: string) => string): string {
  if (key === 'metropolitan' || key === 'unknown') return t(`survey.group.${key}`);
  return key;
}

function top(q: QuestionResult): string {
  if (q.ranking.length && q.ranking[0].points > 0) return q.ranking[0].label;
  if (q.choices.length) {
    const best = [...q.choices].sort((a, b) => b.count - a.count)[0];
    return best.count > 0 ? best.label : '';
  }
  return q.median != null ? String(q.median) : '';
}

function ResultTable({ result: q }: { result: QuestionResult }) {
  const t = useT();
  const answeredLine = <p>{t('survey.answeredCount', { count: q.answered })}</p>;
  if (q.kind === 'rank') {
    return (
      <>
        {answeredLine}
        <p className="field-hint">{t('survey.bordaNote')}</p>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{q.prompt}</caption>
            <thead>
              <tr>
                <th scope="col">{t('survey.col.rank')}</th>
                <th scope="col">{t('survey.col.option')}</th>
                <th scope="col">{t('survey.col.points')}</th>
                <th scope="col">{t('survey.col.firstPlaces')}</th>
              </tr>
            </thead>
            <tbody>
              {q.ranking.map((r) => (
                <tr key={r.value}>
                  <td>{r.rank}</td>
                  <th scope="row">{r.label}</th>
                  <td>
                    <span className="survey-bar" style={{ inlineSize: `${Math.min(100, r.points * 4)}px` }} aria-hidden="true" /> {r.points}
                  </td>
                  <td>{r.firstPlaces}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    );
  }
  if (q.kind === 'single' || q.kind === 'multiple') {
    return (
      <>
        {answeredLine}
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{q.prompt}</caption>
            <thead>
              <tr>
                <th scope="col">{t('survey.col.option')}</th>
                <th scope="col">{t('survey.col.count')}</th>
                <th scope="col">{t('survey.col.percent')}</th>
              </tr>
            </thead>
            <tbody>
              {q.choices.map((c) => (
                <tr key={c.value}>
                  <th scope="row">{c.label}</th>
                  <td>{c.count}</td>
                  <td>{c.percent} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    );
  }
  if (q.kind === 'scale') {
    return (
      <>
        {answeredLine}
        {q.median != null ? <p>{t('survey.median', { median: q.median })}</p> : null}
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{q.prompt}</caption>
            <thead>
              <tr>
                <th scope="col">{t('survey.col.value')}</th>
                <th scope="col">{t('survey.col.count')}</th>
              </tr>
            </thead>
            <tbody>
              {q.distribution.map((count, i) => (
                <tr key={i}>
                  <th scope="row">{i + 1}</th>
                  <td>{count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    );
  }
  return (
    <>
      {answeredLine}
      {q.texts.length === 0 ? <p>{t('survey.noTexts')}</p> : null}
      <ul className="survey-texts">
        {q.texts.map((text, i) => (
          <li key={i}>{text}</li>
        ))}
      </ul>
    </>
  );
}
