import { useEffect, useState } from 'react';
import { Page } from '../../ui/Page';
import { useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { Button, toast } from '../../ui/components';
import { problemMessage } from '../../ui/forms';
import { api } from '../../transport/api';
import { parseLibrary, parseSummaries, type ResourceSummary } from './model';
import { useLeverName, useLevers } from './common';
import './resources.css';

const PATH_MINUTES = 60;

/**
 * Facilitators order a lever's "start here" path: 3 to 5 published resources of the lever, at
 * most an hour in total (the server checks it again and says why it refuses).
 */
export default function PathPage({ params }: { params: Record<string, string> }) {
  const t = useT();
  const lever = params.lever;
  const leverName = useLeverName(useLevers());
  const [steps, setSteps] = useState<ResourceSummary[]>([]);
  const [candidates, setCandidates] = useState<ResourceSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get(`/api/resources/paths/${encodeURIComponent(lever)}`).then(
      (v) => setSteps(parseSummaries((v as { steps?: unknown }).steps)),
      (e) => setError(problemMessage(e, t)),
    );
    api.get(`/api/resources?lever=${encodeURIComponent(lever)}`).then((v) => setCandidates(parseLibrary(v).resources), () => undefined);
  }, [lever, t]);

  const minutes = steps.reduce((sum, r) => sum + r.minutes, 0);
  const move = (i: number, by: number) => {
    const next = [...steps];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item);
    setSteps(next);
  };

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const saved = (await api.request('PUT', `/api/resources/paths/${encodeURIComponent(lever)}`, { resourceIds: steps.map((s) => s.id) })) as { steps?: unknown };
      setSteps(parseSummaries(saved.steps));
      toast(t('resources.path.saved'), 'success');
    } catch (e) {
      setError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={`${t('resources.path.edit')} — ${leverName(lever)}`}>
      <p>{t('resources.path.rule')}</p>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      <h2 id="path-steps">{t('resources.path.steps', { minutes, max: PATH_MINUTES })}</h2>
      {steps.length === 0 ? <p>{t('resources.overview.noPath')}</p> : null}
      <ol className="resource-path-steps" aria-labelledby="path-steps">
        {steps.map((r, i) => (
          <li key={r.id}>
            <span>
              {i + 1}. <Link to={`/resources/${r.id}`}>{r.title}</Link> ({t('resources.minutes', { count: r.minutes })})
            </span>
            <Button variant="quiet" isDisabled={i === 0} onPress={() => move(i, -1)} aria-label={t('resources.path.up', { title: r.title })}>
              ↑
            </Button>
            <Button variant="quiet" isDisabled={i === steps.length - 1} onPress={() => move(i, 1)} aria-label={t('resources.path.down', { title: r.title })}>
              ↓
            </Button>
            <Button variant="quiet" onPress={() => setSteps(steps.filter((s) => s.id !== r.id))} aria-label={t('resources.path.remove', { title: r.title })}>
              {t('resources.path.removeShort')}
            </Button>
          </li>
        ))}
      </ol>
      <p>
        <Button isDisabled={busy} onPress={save}>
          {t('resources.form.save')}
        </Button>
      </p>
      <h2>{t('resources.path.candidates')}</h2>
      <ul className="resource-path-steps">
        {candidates
          .filter((c) => !steps.some((s) => s.id === c.id))
          .map((c) => (
            <li key={c.id}>
              <span>
                <Link to={`/resources/${c.id}`}>{c.title}</Link> — {t(`resources.door.${c.door}`)}, {t('resources.minutes', { count: c.minutes })}
              </span>
              <Button variant="secondary" isDisabled={steps.length >= 5} onPress={() => setSteps([...steps, c])} aria-label={t('resources.path.add', { title: c.title })}>
                {t('resources.path.addShort')}
              </Button>
            </li>
          ))}
      </ul>
    </Page>
  );
}
