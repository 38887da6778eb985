import { DeactivatedBadge } from '../../ui/components';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Page } from '../../ui/Page';
import { useT } from '../../ui/i18n';
import { problemMessage } from '../../ui/forms';
import { api } from '../../transport/api';
import { session } from '../../store/app';
import { parseProfile, type Profile } from '../../protocol/directory';
import { Avatar, useCompetenceLabel, useReference, useTerritoryName } from './common';
import './directory.css';

export default function PersonPage({ params }: { params: Record<string, string> }) {
  const t = useT();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const { competences, territories } = useReference();
  const label = useCompetenceLabel(competences);
  const placeName = useTerritoryName(territories);
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api.get(`/api/directory/people/${encodeURIComponent(params.id)}`).then((v) => setProfile(parseProfile(v)), setError);
  }, [params.id]);

  async function confirm(confirmed: boolean) {
    try {
      setProfile(parseProfile(await api.request('PUT', `/api/directory/people/${params.id}/pioneer`, { confirmed })));
    } catch (e) {
      setError(e);
    }
  }

  if (!profile) {
    return <Page title={t('person.title')}>{error ? <p role="alert">{problemMessage(error, t)}</p> : <p role="status">{t('common.loading')}</p>}</Page>;
  }
  const animates = user?.role === 'administrator' || user?.role === 'facilitator';
  return (
    <Page title={profile.displayName}>
      {error ? <p role="alert">{problemMessage(error, t)}</p> : null}
      <div className="person-header">
        <Avatar id={profile.id} initials={profile.initials} hasPhoto={profile.hasPhoto} size={96} />
        <p>
          {profile.deactivated ? <DeactivatedBadge /> : null}
          {profile.pioneer ? <span className="badge">{t('directory.pioneer')}</span> : null}{' '}
          <span className="solved-count">{t('directory.solved', { count: profile.solvedCount })}</span>
        </p>
      </div>
      <dl className="profile-fields">
        {profile.organisation ? (
          <>
            <dt>{t('person.organisation')}</dt>
            <dd>
              {profile.organisation}
              {profile.organisationKind ? ` (${t(`person.kind.${profile.organisationKind}`)})` : ''}
            </dd>
          </>
        ) : null}
        {profile.territory ? (
          <>
            <dt>{t('directory.territory')}</dt>
            <dd>{placeName(profile.territory.code, profile.territory.name)}</dd>
          </>
        ) : null}
        {profile.metiers.length ? (
          <>
            <dt>{t('person.metiers')}</dt>
            <dd>{profile.metiers.map(label).join(', ')}</dd>
          </>
        ) : null}
        {profile.competences.length ? (
          <>
            <dt>{t('person.competences')}</dt>
            <dd>
              <ul>
                {profile.competences.map((c) => (
                  <li key={c.slug}>
                    {label(c.slug)} — {t(c.mode === 'can_help' ? 'directory.canHelp' : 'directory.wantsToLearn')}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {profile.bio ? (
          <>
            <dt>{t('person.bio')}</dt>
            <dd>{profile.bio}</dd>
          </>
        ) : null}
        <dt>{t('person.availability')}</dt>
        <dd>{t(`person.availability.${profile.availability}`)}</dd>
        <dt>{t('person.languages')}</dt>
        <dd>{profile.languages.join(', ')}</dd>
        {profile.email ? (
          <>
            <dt>{t('person.email')}</dt>
            <dd>
              <a href={`mailto:${profile.email}`}>{profile.email}</a>
            </dd>
          </>
        ) : null}
      </dl>
      {profile.pioneerDeclared && !profile.pioneer ? <p>{t('person.pioneerDeclared')}</p> : null}
      {animates && profile.pioneerDeclared ? (
        <button type="button" onClick={() => confirm(!profile.pioneer)}>
          {profile.pioneer ? t('person.withdrawPioneer') : t('person.confirmPioneer')}
        </button>
      ) : null}
    </Page>
  );
}
