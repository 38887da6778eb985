import { useState, type FormEvent } from 'react';
import { parseResults, type Results, type TagCount, type TextEntry } from '../../protocol/survey';
import { api } from '../../transport/api';
import { Button } from '../../ui/components';
import { problemMessage, TextField } from '../../ui/forms';
import { useT } from '../../ui/i18n';

/** The groups of a free-text question: each tag with how many answers carry it. */
export function TagTable({ tags }: { tags: TagCount[] }) {
  const t = useT();
  if (tags.length === 0) return null;
  return (
    <div className="table-scroll">
      <table>
        <caption>{t('survey.tags.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('survey.tags.label')}</th>
            <th scope="col">{t('survey.col.answers')}</th>
          </tr>
        </thead>
        <tbody>
          {tags.map((tag) => (
            <tr key={tag.label}>
              <th scope="row">{tag.label}</th>
              <td>{tag.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Splits "a, b ,c" into labels, trimmed, without empties or repeats. */
export function labelsOf(text: string): string[] {
  return [...new Set(text.split(',').map((l) => l.trim()).filter(Boolean))];
}

/** For facilitators: tags each text answer with short labels, comma-separated. */
export function TagEditor({ surveyId, entries, onTagged }: { surveyId: string; entries: TextEntry[]; onTagged: (r: Results) => void }) {
  const t = useT();
  if (entries.length === 0) return null;
  return (
    <details className="survey-tagging">
      <summary>{t('survey.tags.edit')}</summary>
      <p>{t('survey.tags.help')}</p>
      <ul className="survey-texts">
        {entries.map((entry, i) => (
          <li key={entry.answerId}>
            <TagForm surveyId={surveyId} entry={entry} index={i} onTagged={onTagged} />
          </li>
        ))}
      </ul>
    </details>
  );
}

function TagForm({ surveyId, entry, index, onTagged }: { surveyId: string; entry: TextEntry; index: number; onTagged: (r: Results) => void }) {
  const t = useT();
  const [value, setValue] = useState(entry.tags.join(', '));
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = `tags-${entry.questionId}-${index}`;

  function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    api
      .request('PUT', `/api/surveys/${encodeURIComponent(surveyId)}/answers/${encodeURIComponent(entry.answerId)}/tags`, {
        questionId: entry.questionId,
        tags: labelsOf(value),
      })
      .then(parseResults)
      .then((r) => {
        setStatus(t('survey.tags.saved'));
        onTagged(r);
      })
      .catch((err) => setProblem(problemMessage(err, t)));
  }

  return (
    <form onSubmit={submit} className="survey-tag-form">
      <blockquote>{entry.text}</blockquote>
      <TextField id={id} label={t('survey.tags.field', { n: index + 1 })} hint={t('survey.tags.hint')} optional value={value} onChange={setValue} />
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
      <p role="status">{status}</p>
      <Button type="submit" variant="secondary">
        {t('survey.tags.save')}
      </Button>
    </form>
  );
}
