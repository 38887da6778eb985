import { useEffect, useRef, useState, type FormEvent } from 'react';
import './survey.css';
import {
  AUDIENCE_KINDS,
  OPTION_SOURCES,
  QUESTION_KINDS,
  move,
  parseMyAnswer,
  parseSurvey,
  type AnswerItem,
  type MyAnswer,
  type Question,
  type QuestionKind,
  type Survey,
} from '../../protocol/survey';
import { api } from '../../transport/api';
import { Badge, Button, ConfirmButton } from '../../ui/components';
import { problemMessage, SelectField, TextField } from '../../ui/forms';
import { formatDateTime } from '../../ui/format';
import { useLanguage, useT } from '../../ui/i18n';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { AnswerForm, useDraftSaver, type Answers } from './AnswerForm';
import { SurveyAgendaList } from './AgendaParts';
import { useUserZone } from './zone';

const toAnswers = (items: AnswerItem[]): Answers => Object.fromEntries(items.map((i) => [i.questionId, i]));

/** One survey: its builder for facilitators while a draft, the answer form for its audience. */
export default function SurveyPage({ params }: { params: Record<string, string> }) {
  const t = useT();
  const language = useLanguage();
  const zone = useUserZone();
  const id = params.id;
  const [survey, setSurvey] = useState<Survey | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  const load = () => api.get(`/api/surveys/${encodeURIComponent(id)}`).then((s) => setSurvey(parseSurvey(s))).catch(setError);
  useEffect(() => {
    void load();
  }, [id]);

  function act(path: string, done: string) {
    api
      .post(`/api/surveys/${encodeURIComponent(id)}/${path}`)
      .then((s) => {
        setSurvey(parseSurvey(s));
        setStatus(done);
        setError(null);
      })
      .catch(setError);
  }

  if (!survey) {
    return (
      <Page title={t('survey.title')}>
        {error ? (
          <p role="alert" className="problem">
            {problemMessage(error, t)}
          </p>
        ) : (
          <p role="status">{t('common.loading')}</p>
        )}
      </Page>
    );
  }
  return (
    <Page title={survey.title}>
      <p>
        <Link to="/surveys">{t('survey.back')}</Link>
      </p>
      <p>
        <Badge>{t(`survey.state.${survey.state}`)}</Badge> <Badge>{survey.anonymous ? t('survey.anonymous') : t('survey.named')}</Badge>{' '}
        {t('survey.window', { opens: formatDateTime(survey.opensAt, language, zone), closes: formatDateTime(survey.closesAt, language, zone) })} ·{' '}
        {t('survey.answerCount', { count: survey.answerCount })}
      </p>
      {survey.introduction ? <p className="survey-introduction">{survey.introduction}</p> : null}
      <p role="status" className="survey-status">
        {status}
      </p>
      {error ? (
        <p role="alert" className="problem">
          {problemMessage(error, t)}
        </p>
      ) : null}
      {survey.canBuild ? (
        <div className="survey-actions">
          {survey.status === 'draft' ? <Button onPress={() => act('publish', t('survey.published'))}>{t('survey.publish')}</Button> : null}
          {survey.state === 'open' || survey.state === 'scheduled' ? (
            <ConfirmButton label={t('survey.close')} title={t('survey.close')} message={t('survey.closeConfirm')} confirmLabel={t('survey.close')} onConfirm={() => act('close', t('survey.closedNow'))} />
          ) : null}
          {survey.status !== 'draft' ? <Link to={`/surveys/${survey.id}/results`}>{t('survey.results')}</Link> : null}
          {survey.status !== 'draft' ? <a href={`/api/surveys/${survey.id}/results.csv`}>{t('survey.export')}</a> : null}
          {survey.status !== 'draft' ? <a href={`/api/surveys/${survey.id}/results.xlsx`}>{t('survey.exportXlsx')}</a> : null}
        </div>
      ) : survey.canSeeResults ? (
        <p>
          <Link to={`/surveys/${survey.id}/results`}>{t('survey.results')}</Link>
        </p>
      ) : null}
      {survey.status !== 'draft' ? <SurveyAgendaList surveyId={survey.id} /> : null}
      {survey.canBuild && survey.status === 'draft' ? <Builder survey={survey} onSaved={(s) => setSurvey(s)} /> : null}
      {survey.canBuild && survey.status !== 'draft' ? <QuestionsEditor survey={survey} onSaved={setSurvey} /> : null}
      {!survey.canBuild || survey.canAnswer ? <Respond survey={survey} onSubmitted={load} /> : null}
    </Page>
  );
}

function Respond({ survey, onSubmitted }: { survey: Survey; onSubmitted: () => void }) {
  const t = useT();
  const [mine, setMine] = useState<MyAnswer | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [thanks, setThanks] = useState<string | null>(null);
  const key = useRef(crypto.randomUUID());
  const saver = useDraftSaver((items) => api.request('PUT', `/api/surveys/${survey.id}/draft`, { answers: items }));

  useEffect(() => {
    api
      .get(`/api/surveys/${survey.id}/my-answer`)
      .then(parseMyAnswer)
      .then((m) => {
        setMine(m);
        setAnswers(toAnswers(m.answers));
      })
      .catch((e) => setProblem(problemMessage(e, t)));
  }, [survey.id]);

  if (!survey.canAnswer) {
    return <p>{mine?.status === 'submitted' ? (survey.anonymous ? t('survey.thanksAnonymous') : t('survey.thanks')) : t('survey.cannotAnswer')}</p>;
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    api
      .post(`/api/surveys/${survey.id}/answers`, { answers: Object.values(answers), idempotencyKey: key.current })
      .then(() => {
        key.current = crypto.randomUUID();
        setThanks(survey.anonymous ? t('survey.thanksAnonymous') : t('survey.thanks'));
        onSubmitted();
      })
      .catch((err) => setProblem(problemMessage(err, t)));
  }

  return (
    <form onSubmit={submit} aria-labelledby="survey-answer-heading" className="survey-answer">
      <h2 id="survey-answer-heading">{t('survey.answerTitle')}</h2>
      <AnswerForm
        questions={survey.questions}
        answers={answers}
        onChange={(next) => {
          setAnswers(next);
          saver.schedule(next);
        }}
      />
      <p role="status" className="survey-status">
        {saver.status === 'saving' ? t('survey.draftSaving') : saver.status === 'saved' ? t('survey.draftSaved') : ''}
      </p>
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
      {thanks ? <p role="status">{thanks}</p> : null}
      <Button type="submit">{mine?.status === 'submitted' ? t('survey.update') : t('survey.submit')}</Button>
    </form>
  );
}

function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function Builder({ survey, onSaved }: { survey: Survey; onSaved: (s: Survey) => void }) {
  const t = useT();
  const [title, setTitle] = useState(survey.title);
  const [introduction, setIntroduction] = useState(survey.introduction);
  const [audienceKind, setAudienceKind] = useState<string>(survey.audienceKind);
  const [audienceValues, setAudienceValues] = useState(survey.audienceValues.join(', '));
  const [opensAt, setOpensAt] = useState(toLocalInput(survey.opensAt));
  const [closesAt, setClosesAt] = useState(toLocalInput(survey.closesAt));
  const [anonymous, setAnonymous] = useState(survey.anonymous);
  const [liveResults, setLiveResults] = useState(survey.liveResults);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState('');

  function save(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    api
      .request('PUT', `/api/surveys/${survey.id}`, {
        title,
        introduction,
        audienceKind,
        audienceValues: audienceValues.split(',').map((v) => v.trim()).filter(Boolean),
        invitedGuests: survey.invitedGuests,
        opensAt: new Date(opensAt).toISOString(),
        closesAt: new Date(closesAt).toISOString(),
        anonymous,
        liveResults,
      })
      .then((s) => {
        onSaved(parseSurvey(s));
        setSaved(t('survey.saved'));
      })
      .catch((err) => setProblem(problemMessage(err, t)));
  }

  return (
    <>
      <form onSubmit={save} className="survey-settings" aria-label={t('survey.saveSettings')}>
        <TextField id="survey-title" label={t('survey.field.title')} value={title} onChange={setTitle} />
        <TextField id="survey-introduction" label={t('survey.field.introduction')} value={introduction} onChange={setIntroduction} multiline optional />
        <SelectField id="survey-audience" label={t('survey.field.audience')} value={audienceKind} onChange={setAudienceKind}>
          {AUDIENCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`survey.audience.${k}`)}
            </option>
          ))}
        </SelectField>
        {audienceKind !== 'network' ? (
          <TextField id="survey-audience-values" label={t('survey.field.audienceValues')} hint={t('survey.field.audienceValuesHint')} value={audienceValues} onChange={setAudienceValues} />
        ) : null}
        <div className="field">
          <label htmlFor="survey-opens">{t('survey.field.opensAt')}</label>
          <input id="survey-opens" type="datetime-local" value={opensAt} onChange={(e) => setOpensAt(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="survey-closes">{t('survey.field.closesAt')}</label>
          <input id="survey-closes" type="datetime-local" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} required />
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} aria-describedby="survey-anonymous-hint" /> {t('survey.field.anonymous')}
          </label>
          <p id="survey-anonymous-hint" className="field-hint">
            {t('survey.field.anonymousHint')}
          </p>
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={liveResults} onChange={(e) => setLiveResults(e.target.checked)} /> {t('survey.field.liveResults')}
          </label>
        </div>
        {problem ? (
          <p role="alert" className="problem">
            {problem}
          </p>
        ) : null}
        <p role="status">{saved}</p>
        <Button type="submit">{t('survey.saveSettings')}</Button>
      </form>
      <QuestionsEditor survey={survey} onSaved={onSaved} />
    </>
  );
}

interface EditedQuestion {
  id: string | null;
  kind: QuestionKind;
  prompt: string;
  helpText: string;
  required: boolean;
  optionsText: string;
  optionValues: string[];
  optionSource: string;
  maxKept: string;
}

function edited(q: Question): EditedQuestion {
  return {
    id: q.id,
    kind: q.kind,
    prompt: q.prompt,
    helpText: q.helpText,
    required: q.required,
    optionsText: q.optionSource ? '' : q.options.map((o) => o.label).join('\n'),
    optionValues: q.optionSource ? [] : q.options.map((o) => o.value),
    optionSource: q.optionSource ?? '',
    maxKept: q.maxKept == null ? '' : String(q.maxKept),
  };
}

/** Options keep their value by position, so a wording fix of a label keeps the answers' meaning. */
function toInput(q: EditedQuestion) {
  const labels = q.optionsText.split('\n').map((l) => l.trim()).filter(Boolean);
  const choice = q.kind === 'rank' || q.kind === 'single' || q.kind === 'multiple';
  return {
    id: q.id,
    kind: q.kind,
    prompt: q.prompt,
    helpText: q.helpText,
    required: q.required,
    options: choice && !q.optionSource ? labels.map((label, i) => ({ value: q.optionValues[i] ?? `o${i + 1}`, label })) : [],
    optionSource: choice && q.optionSource ? q.optionSource : null,
    maxKept: q.kind === 'rank' && q.maxKept ? Number(q.maxKept) : null,
  };
}

function QuestionsEditor({ survey, onSaved }: { survey: Survey; onSaved: (s: Survey) => void }) {
  const t = useT();
  const [items, setItems] = useState<EditedQuestion[]>(survey.questions.map(edited));
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const [preview, setPreview] = useState(false);
  const [previewAnswers, setPreviewAnswers] = useState<Answers>({});
  const update = (i: number, patch: Partial<EditedQuestion>) => setItems(items.map((q, j) => (j === i ? { ...q, ...patch } : q)));

  function save(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    api
      .request('PUT', `/api/surveys/${survey.id}/questions`, { questions: items.map(toInput) })
      .then((s) => {
        const fresh = parseSurvey(s);
        setItems(fresh.questions.map(edited));
        onSaved(fresh);
        setSaved(t('survey.saved'));
      })
      .catch((err) => setProblem(problemMessage(err, t)));
  }

  const previewQuestions: Question[] = items.map((q, i) => {
    const input = toInput(q);
    return { ...input, id: q.id ?? `preview-${i}`, options: input.options.map((o) => ({ ...o, labelEn: null })), optionSource: null } as Question;
  });

  return (
    <section aria-labelledby="survey-questions-heading" className="survey-builder">
      <h2 id="survey-questions-heading">{t('survey.questions')}</h2>
      <form onSubmit={save}>
        <ol className="survey-builder-list">
          {items.map((q, i) => {
            const n = i + 1;
            const prefix = `survey-q${i}`;
            const choice = q.kind === 'rank' || q.kind === 'single' || q.kind === 'multiple';
            return (
              <li key={q.id ?? `new-${i}`} className="survey-builder-item">
                <fieldset>
                  <legend>{t('survey.question', { n })}</legend>
                  <div className="survey-rank-buttons">
                    <Button variant="secondary" aria-label={t('survey.moveQuestionUp', { n })} isDisabled={i === 0} onPress={() => setItems(move(items, i, -1))}>
                      ↑ {t('survey.moveUp')}
                    </Button>
                    <Button variant="secondary" aria-label={t('survey.moveQuestionDown', { n })} isDisabled={i === items.length - 1} onPress={() => setItems(move(items, i, 1))}>
                      ↓ {t('survey.moveDown')}
                    </Button>
                    <Button variant="secondary" aria-label={t('survey.removeQuestion', { n })} onPress={() => setItems(items.filter((_, j) => j !== i))}>
                      {t('survey.remove')}
                    </Button>
                  </div>
                  <SelectField id={`${prefix}-kind`} label={t('survey.field.kind')} value={q.kind} onChange={(v) => update(i, { kind: v as QuestionKind })}>
                    {QUESTION_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`survey.kind.${k}`)}
                      </option>
                    ))}
                  </SelectField>
                  <TextField id={`${prefix}-prompt`} label={t('survey.field.prompt')} value={q.prompt} onChange={(v) => update(i, { prompt: v })} />
                  <TextField id={`${prefix}-help`} label={t('survey.field.helpText')} value={q.helpText} onChange={(v) => update(i, { helpText: v })} optional />
                  <div className="field">
                    <label>
                      <input type="checkbox" checked={q.required} onChange={(e) => update(i, { required: e.target.checked })} /> {t('survey.field.required')}
                    </label>
                  </div>
                  {choice ? (
                    <SelectField id={`${prefix}-source`} label={t('survey.field.optionSource')} value={q.optionSource} onChange={(v) => update(i, { optionSource: v })}>
                      <option value="">{t('survey.source.none')}</option>
                      {OPTION_SOURCES.map((s) => (
                        <option key={s} value={s}>
                          {t(`survey.source.${s}`)}
                        </option>
                      ))}
                    </SelectField>
                  ) : null}
                  {choice && !q.optionSource ? (
                    <TextField id={`${prefix}-options`} label={t('survey.field.options')} value={q.optionsText} onChange={(v) => update(i, { optionsText: v })} multiline />
                  ) : null}
                  {q.kind === 'rank' ? (
                    <div className="field">
                      <label htmlFor={`${prefix}-max`}>{t('survey.field.maxKept')}</label>
                      <input id={`${prefix}-max`} type="number" min={1} max={50} value={q.maxKept} onChange={(e) => update(i, { maxKept: e.target.value })} />
                    </div>
                  ) : null}
                </fieldset>
              </li>
            );
          })}
        </ol>
        <div className="survey-actions">
          <Button
            variant="secondary"
            onPress={() =>
              setItems([...items, { id: null, kind: 'rank', prompt: '', helpText: '', required: false, optionsText: '', optionValues: [], optionSource: '', maxKept: '3' }])
            }
          >
            {t('survey.addQuestion')}
          </Button>
          <Button type="submit">{t('survey.saveQuestions')}</Button>
          <Button variant="secondary" onPress={() => setPreview(!preview)} aria-expanded={preview}>
            {preview ? t('survey.hidePreview') : t('survey.preview')}
          </Button>
        </div>
        {problem ? (
          <p role="alert" className="problem">
            {problem}
          </p>
        ) : null}
        <p role="status">{saved}</p>
      </form>
      {preview ? (
        <section className="survey-preview" aria-label={t('survey.preview')}>
          <p>{t('survey.previewNote')}</p>
          <AnswerForm questions={previewQuestions} answers={previewAnswers} onChange={setPreviewAnswers} />
        </section>
      ) : null}
    </section>
  );
}
