import { useEffect, useState, type FormEvent } from 'react';
import './survey.css';
import { parseSurvey, parseSurveyList, type SurveySummary } from '../../protocol/survey';
import { api } from '../../transport/api';
import { Badge, Button, EmptyState } from '../../ui/components';
import { problemMessage, TextField } from '../../ui/forms';
import { formatDateTime } from '../../ui/format';
import { useLanguage, useT } from '../../ui/i18n';
import { Page } from '../../ui/Page';
import { Link, navigate } from '../../ui/router';
import { useIsModerator } from '../discussions/controls';
import { useUserZone } from './zone';

/** "Enquêtes": the surveys one may answer; facilitators and administrators also start one. */
export default function SurveysPage() {
  const t = useT();
  const language = useLanguage();
  const zone = useUserZone();
  const builds = useIsModerator();
  const [surveys, setSurveys] = useState<SurveySummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [title, setTitle] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    api.get('/api/surveys').then(parseSurveyList).then(setSurveys).catch(setError);
  }, []);

  function create(e: FormEvent) {
    e.preventDefault();
    const now = Date.now();
    api
      .post('/api/surveys', {
        title,
        introduction: '',
        audienceKind: 'network',
        audienceValues: [],
        invitedGuests: [],
        opensAt: new Date(now).toISOString(),
        closesAt: new Date(now + 14 * 86_400_000).toISOString(),
        anonymous: false,
        liveResults: false,
        idempotencyKey: crypto.randomUUID(),
      })
      .then((created) => navigate(`/surveys/${parseSurvey(created).id}`))
      .catch((err) => setProblem(problemMessage(err, t)));
  }

  return (
    <Page title={t('survey.title')}>
      <p>{t('survey.intro')}</p>
      {builds ? (
        <form className="survey-new" onSubmit={create} aria-labelledby="survey-new-heading">
          <h2 id="survey-new-heading">{t('survey.new')}</h2>
          <TextField id="survey-new-title" label={t('survey.field.title')} value={title} onChange={setTitle} />
          {problem ? (
            <p role="alert" className="problem">
              {problem}
            </p>
          ) : null}
          <Button type="submit">{t('survey.create')}</Button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="problem">
          {problemMessage(error, t)}
        </p>
      ) : null}
      {surveys === null && !error ? <p role="status">{t('common.loading')}</p> : null}
      {surveys && surveys.length === 0 ? <EmptyState title={t('survey.empty')} /> : null}
      {surveys && surveys.length > 0 ? (
        <ul className="survey-list">
          {surveys.map((s) => (
            <li key={s.id} className="survey-card">
              <h2>
                <Link to={`/surveys/${s.id}`}>{s.title}</Link>
              </h2>
              <p>
                <Badge>{t(`survey.state.${s.state}`)}</Badge> <Badge>{s.anonymous ? t('survey.anonymous') : t('survey.named')}</Badge>{' '}
                {s.answered ? <Badge tone="success">{t('survey.answered')}</Badge> : null}
              </p>
              <p>
                {t('survey.window', { opens: formatDateTime(s.opensAt, language, zone), closes: formatDateTime(s.closesAt, language, zone) })} ·{' '}
                {t('survey.answerCount', { count: s.answerCount })}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
