import { useEffect, useId, useRef, useState } from 'react';
import { answered, move, type AnswerItem, type Question, type SurveyOption } from '../../protocol/survey';
import { Button } from '../../ui/components';
import { useLanguage, useT } from '../../ui/i18n';

export type Answers = Record<string, AnswerItem>;

export function optionLabel(option: SurveyOption, language: string): string {
  return language === 'en' && option.labelEn ? option.labelEn : option.label;
}

/** The questions as a respondent sees them; `onChange` gets every edit (the page saves drafts). */
export function AnswerForm({ questions, answers, onChange, disabled }: { questions: Question[]; answers: Answers; onChange: (next: Answers) => void; disabled?: boolean }) {
  const t = useT();
  return (
    <ol className="survey-questions">
      {questions.map((q, index) => (
        <li key={q.id} className="survey-question">
          <QuestionField
            question={q}
            number={index + 1}
            item={answers[q.id]}
            disabled={disabled}
            onChange={(item) => onChange({ ...answers, [q.id]: item })}
          />
        </li>
      ))}
      {questions.length === 0 ? <li>{t('survey.empty')}</li> : null}
    </ol>
  );
}

function QuestionField({ question: q, number, item, onChange, disabled }: { question: Question; number: number; item: AnswerItem | undefined; onChange: (item: AnswerItem) => void; disabled?: boolean }) {
  const t = useT();
  const language = useLanguage();
  const id = useId();
  const helpId = `${id}-help`;
  const choices = item?.choices ?? [];
  const legend = (
    <legend>
      <span className="survey-number">{number}.</span> {q.prompt}
      {q.required ? <span className="survey-required"> ({t('survey.required')})</span> : null}
    </legend>
  );
  const help = q.helpText ? (
    <p id={helpId} className="field-hint">
      {q.helpText}
    </p>
  ) : null;
  const describedBy = q.helpText ? helpId : undefined;

  if (q.kind === 'rank') {
    const max = q.maxKept ?? q.options.length;
    const byValue = new Map(q.options.map((o) => [o.value, o]));
    const available = q.options.filter((o) => !choices.includes(o.value));
    const set = (next: string[]) => onChange({ questionId: q.id, choices: next });
    return (
      <fieldset aria-describedby={describedBy} disabled={disabled}>
        {legend}
        {help}
        <p className="field-hint">{t('survey.rank.max', { max })}</p>
        <h3 className="survey-subheading">{t('survey.rank.kept')}</h3>
        {choices.length === 0 ? <p>{t('survey.rank.none')}</p> : null}
        <ol className="survey-rank">
          {choices.map((value, i) => {
            const label = byValue.has(value) ? optionLabel(byValue.get(value)!, language) : value;
            return (
              <li key={value}>
                <span className="survey-rank-label">{label}</span>
                <span className="survey-rank-buttons">
                  <Button variant="secondary" aria-label={t('survey.moveUpItem', { label })} isDisabled={disabled || i === 0} onPress={() => set(move(choices, i, -1))}>
                    ↑
                  </Button>
                  <Button variant="secondary" aria-label={t('survey.moveDownItem', { label })} isDisabled={disabled || i === choices.length - 1} onPress={() => set(move(choices, i, 1))}>
                    ↓
                  </Button>
                  <Button variant="secondary" aria-label={t('survey.removeItem', { label })} isDisabled={disabled} onPress={() => set(choices.filter((c) => c !== value))}>
                    ✕
                  </Button>
                </span>
              </li>
            );
          })}
        </ol>
        {available.length > 0 && choices.length < max ? (
          <>
            <h3 className="survey-subheading">{t('survey.rank.available')}</h3>
            <ul className="survey-rank-available">
              {available.map((o) => (
                <li key={o.value}>
                  <Button variant="secondary" isDisabled={disabled} onPress={() => set([...choices, o.value])}>
                    {t('survey.addItem', { label: optionLabel(o, language) })}
                  </Button>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </fieldset>
    );
  }

  if (q.kind === 'single' || q.kind === 'multiple' || q.kind === 'scale') {
    const options: SurveyOption[] =
      q.kind === 'scale' ? [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n), labelEn: null })) : q.options;
    const selected = q.kind === 'scale' ? (item?.scale != null ? [String(item.scale)] : []) : choices;
    const multiple = q.kind === 'multiple';
    return (
      <fieldset aria-describedby={describedBy} disabled={disabled}>
        {legend}
        {help}
        {q.kind === 'scale' ? <p className="field-hint">{t('survey.scale.low')}</p> : null}
        <div className={q.kind === 'scale' ? 'survey-scale' : 'survey-choices'}>
          {options.map((o) => {
            const checked = selected.includes(o.value);
            return (
              <label key={o.value} className="survey-choice">
                <input
                  type={multiple ? 'checkbox' : 'radio'}
                  name={`${id}-choice`}
                  value={o.value}
                  checked={checked}
                  onChange={() => {
                    if (q.kind === 'scale') onChange({ questionId: q.id, scale: Number(o.value) });
                    else if (multiple) onChange({ questionId: q.id, choices: checked ? choices.filter((c) => c !== o.value) : [...choices, o.value] });
                    else onChange({ questionId: q.id, choices: [o.value] });
                  }}
                />{' '}
                {optionLabel(o, language)}
              </label>
            );
          })}
        </div>
      </fieldset>
    );
  }

  const long = q.kind === 'long_text';
  const common = {
    id: `${id}-text`,
    value: item?.text ?? '',
    disabled,
    required: q.required,
    'aria-describedby': describedBy,
    maxLength: long ? 5000 : 500,
    onChange: (e: { target: { value: string } }) => onChange({ questionId: q.id, text: e.target.value }),
  };
  return (
    <div className="field">
      <label htmlFor={`${id}-text`}>
        <span className="survey-number">{number}.</span> {q.prompt}
        {q.required ? <span className="survey-required"> ({t('survey.required')})</span> : null}
      </label>
      {help}
      {long ? <textarea rows={5} {...common} /> : <input type="text" {...common} />}
    </div>
  );
}

/**
 * Saves the answers as a draft a moment after the last edit; says so in a polite live region.
 * "Saved" is said only once the latest edit is stored, never for an earlier one.
 */
export function useDraftSaver(save: (answers: AnswerItem[]) => Promise<unknown>) {
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const edits = useRef(0);
  const latest = useRef(save);
  latest.current = save;
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  return {
    status,
    schedule(answers: Answers) {
      const edit = ++edits.current;
      setStatus('idle');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        setStatus('saving');
        latest
          .current(Object.values(answers).filter(answered))
          .then(() => {
            if (edit === edits.current) setStatus('saved');
          })
          .catch(() => setStatus('idle'));
      }, 600);
    },
  };
}
