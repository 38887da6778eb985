import { useCallback, useEffect, useState } from 'react';
import { Page } from '../../ui/Page';
import { useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { Badge, Button, toast } from '../../ui/components';
import { problemMessage, TextField } from '../../ui/forms';
import { api } from '../../transport/api';
import { competenceName, territoryName, useReference } from '../directory/common';
import { useLanguage } from '../../ui/i18n';
import { parseResource, type Resource } from './model';
import { ResourceItem, useLeverName, useLevers } from './common';
import { MakeItMine } from './MakeItMine';
import { blocksOf } from './seed';
import './resources.css';

/** A resource: what it is, its neighbours in the other doors, "Utile", and review for facilitators. */
export default function ResourcePage({ params }: { params: Record<string, string> }) {
  const t = useT();
  const language = useLanguage();
  const id = params.id;
  const [resource, setResource] = useState<Resource | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const levers = useLevers();
  const leverName = useLeverName(levers);
  const { competences, territories } = useReference();

  const load = useCallback(() => {
    api.get(`/api/resources/${id}`).then(
      (v) => setResource(parseResource(v)),
      (e) => setError(problemMessage(e, t)),
    );
  }, [id, t]);
  useEffect(load, [load]);

  async function act(path: string, body: unknown, done: string | null, method: 'POST' | 'PUT' = 'POST') {
    setBusy(true);
    try {
      setResource(parseResource(await api.request(method, `/api/resources/${id}${path}`, body)));
      if (done) toast(done, 'success');
    } catch (e) {
      toast(problemMessage(e, t), 'danger');
    } finally {
      setBusy(false);
    }
  }

  async function toggleUseful() {
    if (!resource) return;
    try {
      const answer = (await api.request('PUT', `/api/resources/${id}/useful`, { useful: !resource.markedUseful })) as { useful: boolean; usefulCount: number };
      setResource({ ...resource, markedUseful: answer.useful, usefulCount: answer.usefulCount });
    } catch (e) {
      toast(problemMessage(e, t), 'danger');
    }
  }

  function sendBack() {
    if (!comment.trim()) {
      setCommentError(t('validation.required'));
      document.getElementById('review-comment')?.focus();
      return;
    }
    setCommentError(undefined);
    void act('/return', { comment }, t('resources.page.sentBack'));
    setComment('');
  }

  if (error) {
    return (
      <Page title={t('resources.title')}>
        <p role="alert">{error}</p>
      </Page>
    );
  }
  if (!resource) {
    return (
      <Page title={t('resources.title')}>
        <p role="status">{t('common.loading')}</p>
      </Page>
    );
  }
  const r = resource;
  const territoryLabel = (code: string) => {
    const found = territories.find((x) => x.code === code);
    return found ? territoryName(found, language) : code;
  };
  const competenceLabel = (slug: string) => {
    const found = competences.find((c) => c.slug === slug);
    return found ? competenceName(found, language) : slug;
  };

  return (
    <Page title={r.title}>
      <p className="resource-item-meta">
        <Badge tone="info">{t(`resources.door.${r.door}`)}</Badge> {t(`resources.format.${r.format}`)} · {t(`resources.maturity.${r.maturity}`)} ·{' '}
        {t('resources.minutes', { count: r.minutes })}
        {r.featured ? (
          <>
            {' '}
            <Badge tone="success">{t('resources.featured')}</Badge>
          </>
        ) : null}{' '}
        {r.status !== 'published' ? <Badge tone="warning">{t(`resources.status.${r.status}`)}</Badge> : null}
      </p>
      <p className="resource-lead">{r.summary}</p>
      {r.reviewComment ? (
        <div className="resource-review-comment" role="note">
          <h2>{t('resources.page.reviewComment')}</h2>
          <p>{r.reviewComment}</p>
        </div>
      ) : null}
      {r.body ? (
        <div className="resource-body">
          {blocksOf(r.body).map((b, i) => {
            if (b.type === 'paragraph') return <p key={i}>{b.text}</p>;
            const H = `h${Math.min(6, (b.level ?? 1) + 1)}` as 'h2';
            return <H key={i}>{b.text}</H>;
          })}
        </div>
      ) : null}
      {r.link ? (
        <p>
          <a href={r.link} target="_blank" rel="noopener noreferrer nofollow">
            {t('resources.page.open')}
          </a>{' '}
          <span className="hint">{new URL(r.link).host}</span>
        </p>
      ) : null}
      <dl className="resource-facts">
        <dt>{t('resources.filter.lever')}</dt>
        <dd>{r.levers.map(leverName).join(' · ')}</dd>
        {r.authors.length ? (
          <>
            <dt>{t('resources.page.authors')}</dt>
            <dd>{r.authors.join(', ')}</dd>
          </>
        ) : null}
        <dt>{t('resources.page.licence')}</dt>
        <dd>{r.licence}</dd>
        {r.territories.length ? (
          <>
            <dt>{t('resources.page.territories')}</dt>
            <dd>{r.territories.map(territoryLabel).join(', ')}</dd>
          </>
        ) : null}
        {r.competences.length ? (
          <>
            <dt>{t('resources.page.competences')}</dt>
            <dd>{r.competences.map(competenceLabel).join(', ')}</dd>
          </>
        ) : null}
      </dl>
      <p className="hint">
        {t('resources.page.by', { name: r.proposerName })} · {t('resources.page.views', { count: r.viewCount })} ·{' '}
        {r.adaptedTerritories.length ? t('resources.page.adapted', { count: r.adaptedTerritories.length }) : t('resources.page.notAdapted')}
        {r.adaptedTerritories.length ? ` (${r.adaptedTerritories.map(territoryLabel).join(', ')})` : ''}
      </p>
      <p className="resource-actions">
        {r.status === 'published' ? (
          <Button variant="secondary" aria-pressed={r.markedUseful} onPress={toggleUseful}>
            {t('resources.page.useful')} ({r.usefulCount})
          </Button>
        ) : null}
        {r.canEdit ? (
          <Link to={`/resources/${r.id}/edit`} className="ds-button ds-button-secondary">
            {t('resources.page.edit')}
          </Link>
        ) : null}
        {r.canEdit && r.status === 'draft' && !r.canReview ? (
          <Button isDisabled={busy} onPress={() => act('/submit', undefined, t('resources.page.submitted'))}>
            {t('resources.page.submit')}
          </Button>
        ) : null}
      </p>
      {r.canReview && r.status !== 'published' ? (
        <section aria-labelledby="review-actions" className="ds-card">
          <h2 id="review-actions">{t('resources.reviewQueue')}</h2>
          <p className="resource-actions">
            <Button isDisabled={busy} onPress={() => act('/publish', undefined, t('resources.page.published'))}>
              {t('resources.page.publish')}
            </Button>
          </p>
          <TextField id="review-comment" label={t('resources.page.comment')} multiline value={comment} onChange={setComment} error={commentError} />
          <Button variant="secondary" isDisabled={busy} onPress={sendBack}>
            {t('resources.page.sendBack')}
          </Button>
        </section>
      ) : null}
      {r.canReview && r.status === 'published' ? (
        <p className="resource-actions">
          <Button variant="secondary" isDisabled={busy} onPress={() => act('/featured', { featured: !r.featured }, null, 'PUT')}>
            {r.featured ? t('resources.page.unfeature') : t('resources.page.feature')}
          </Button>
        </p>
      ) : null}
      {r.status === 'published' && r.format === 'text' ? <MakeItMine resource={r} onDone={load} /> : null}
      {r.status === 'published' ? (
        <section aria-labelledby="neighbours">
          <h2 id="neighbours">{t('resources.page.neighbours')}</h2>
          {r.neighbours.length === 0 ? <p>{t('resources.page.noNeighbours')}</p> : null}
          {r.neighbours.map((n) => (
            <div key={`${n.lever}/${n.door}`}>
              <h3>
                {t(`resources.door.${n.door}`)} — {leverName(n.lever)}
              </h3>
              <ul className="resource-list">
                {n.resources.map((x) => (
                  <ResourceItem key={x.id} resource={x} leverName={leverName} headingLevel={4} />
                ))}
              </ul>
            </div>
          ))}
        </section>
      ) : null}
    </Page>
  );
}
