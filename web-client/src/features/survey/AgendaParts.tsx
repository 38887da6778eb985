import { useEffect, useState, type FormEvent } from 'react';
import { parseAgendaItems, parseUpcomingSessions, type AgendaItem } from '../../protocol/survey';
import { api } from '../../transport/api';
import { Button } from '../../ui/components';
import { problemMessage, SelectField } from '../../ui/forms';
import { formatDateTime } from '../../ui/format';
import { useLanguage, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { useUserZone } from './zone';

/** "Vous avez dit, nous avons fait": the priorities put on sessions' agendas. */
export function SurveyAgendaList({ surveyId, refresh }: { surveyId: string; refresh?: number }) {
  const t = useT();
  const language = useLanguage();
  const zone = useUserZone();
  const [items, setItems] = useState<AgendaItem[]>([]);
  useEffect(() => {
    api.get(`/api/surveys/${encodeURIComponent(surveyId)}/agenda`).then(parseAgendaItems).then(setItems).catch(() => setItems([]));
  }, [surveyId, refresh]);
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="survey-agenda-heading" className="survey-result">
      <h2 id="survey-agenda-heading">{t('survey.agenda.title')}</h2>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            {t('survey.agenda.item', { label: item.label, rank: item.rank })} →{' '}
            <Link to={`/sessions/occurrences/${item.occurrenceId}`}>
              {item.occurrenceTitle ?? t('survey.agenda.session')} ({formatDateTime(item.startsAt, language, zone)})
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** For facilitators: puts one ranked option on an upcoming session's agenda. */
export function ScheduleForm({ surveyId, questionId, options, onScheduled }: { surveyId: string; questionId: string; options: { value: string; label: string }[]; onScheduled: () => void }) {
  const t = useT();
  const language = useLanguage();
  const zone = useUserZone();
  const [sessions, setSessions] = useState<{ id: string; title: string; startsAt: string }[] | null>(null);
  const [option, setOption] = useState(options[0]?.value ?? '');
  const [occurrence, setOccurrence] = useState('');
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    api
      .get('/api/peer-sessions?when=upcoming')
      .then(parseUpcomingSessions)
      .then((list) => {
        setSessions(list);
        if (list[0]) setOccurrence(list[0].id);
      })
      .catch((e) => setProblem(problemMessage(e, t)));
  }, []);

  function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    api
      .post(`/api/surveys/${encodeURIComponent(surveyId)}/agenda`, { questionId, optionValue: option, occurrenceId: occurrence })
      .then(() => {
        setStatus(t('survey.agenda.done'));
        onScheduled();
      })
      .catch((err) => setProblem(problemMessage(err, t)));
  }

  const prefix = `schedule-${questionId}`;
  return (
    <form onSubmit={submit} className="survey-schedule" aria-label={t('survey.agenda.schedule')}>
      <SelectField id={`${prefix}-option`} label={t('survey.agenda.priority')} value={option} onChange={setOption}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectField>
      {sessions && sessions.length === 0 ? <p>{t('survey.agenda.noSession')}</p> : null}
      {sessions && sessions.length > 0 ? (
        <SelectField id={`${prefix}-session`} label={t('survey.agenda.session')} value={occurrence} onChange={setOccurrence}>
          {sessions.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title} ({formatDateTime(s.startsAt, language, zone)})
            </option>
          ))}
        </SelectField>
      ) : null}
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
      <p role="status">{status}</p>
      <Button type="submit" isDisabled={!occurrence}>
        {t('survey.agenda.schedule')}
      </Button>
    </form>
  );
}
