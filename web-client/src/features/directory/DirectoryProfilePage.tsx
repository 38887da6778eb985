import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { Page } from '../../ui/Page';
import { useT } from '../../ui/i18n';
import { apiFieldErrors, ErrorSummary, Notice, problemMessage, TextField, type FieldErrors } from '../../ui/forms';
import { api } from '../../transport/api';
import { parseProfile, type CompetenceTag, type Profile } from '../../protocol/directory';
import { Avatar, useCompetenceLabel, useReference, useTerritoryName } from './common';
import { Button, CheckboxGroup } from '../../ui/components';
import { ZoneProposal } from '../../ui/ZonePicker';
import { session } from '../../store/app';
import './directory.css';

const KINDS = ['collectivite', 'association', 'company', 'academic', 'institution', 'foundation', 'other'];

/** Shrinks a chosen image to a 256 px JPEG in the browser, so it fits the upload limit. */
async function shrink(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const side = Math.min(bitmap.width, bitmap.height);
  const target = Math.min(256, side);
  const canvas = document.createElement('canvas');
  canvas.width = target;
  canvas.height = target;
  canvas.getContext('2d')?.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, target, target);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode'))), 'image/jpeg', 0.85));
}

function csrf(): string {
  return document.cookie.split('; ').find((c) => c.startsWith('maillage_csrf='))?.slice('maillage_csrf='.length) ?? '';
}

export default function DirectoryProfilePage() {
  const t = useT();
  const { competences, territories } = useReference();
  const [territory, setTerritory] = useState('');
  const [profile, setProfile] = useState<Profile | null>(null);
  const [organisation, setOrganisation] = useState('');
  const [kind, setKind] = useState('');
  const [metiers, setMetiers] = useState<string[]>([]);
  const [tags, setTags] = useState<Record<string, CompetenceTag['mode']>>({});
  const [pioneer, setPioneer] = useState(false);
  const [bio, setBio] = useState('');
  const [availability, setAvailability] = useState<'open' | 'paused'>('open');
  const [maxOpen, setMaxOpen] = useState('2');
  const [languages, setLanguages] = useState('fr');
  const [showEmail, setShowEmail] = useState(false);
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const currentZone = user?.timeZone ?? 'Europe/Paris';
  const [territoryChanged, setTerritoryChanged] = useState(false);
  /** The zone the person took from the proposal, sent on save; null keeps theirs. */
  const [zone, setZone] = useState<string | null>(null);
  const label = useCompetenceLabel(competences);
  const placeName = useTerritoryName(territories);
  const slugsWith = (mode: CompetenceTag['mode']) => Object.keys(tags).filter((slug) => tags[slug] === mode);
  /** A competence is in one list at most: ticking it in one takes it out of the other. */
  const setMode = (mode: CompetenceTag['mode'], slugs: string[]) => {
    const next: Record<string, CompetenceTag['mode']> = {};
    for (const [slug, m] of Object.entries(tags)) if (m !== mode && !slugs.includes(slug)) next[slug] = m;
    for (const slug of slugs) next[slug] = mode;
    setTags(next);
  };
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  function fill(p: Profile) {
    setProfile(p);
    setTerritory(p.territory?.code ?? '');
    setOrganisation(p.organisation ?? '');
    setKind(p.organisationKind ?? '');
    setMetiers(p.metiers);
    setTags(Object.fromEntries(p.competences.map((c) => [c.slug, c.mode])));
    setPioneer(p.pioneerDeclared);
    setBio(p.bio ?? '');
    setAvailability(p.availability);
    setMaxOpen(String(p.maxOpenRequests ?? 2));
    setLanguages(p.languages.join(', '));
    setShowEmail(p.showEmail);
  }

  useEffect(() => {
    api.get('/api/directory/me').then((v) => fill(parseProfile(v)), (e) => setGeneral(problemMessage(e, t)));
  }, [t]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    try {
      const body = {
        territoryCode: territory,
        organisation: organisation || null,
        organisationKind: kind || null,
        metiers,
        competences: Object.entries(tags).map(([slug, mode]) => ({ slug, mode })),
        pioneer,
        bio: bio || null,
        availability,
        maxOpenRequests: Number(maxOpen),
        languages: languages.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean),
        showEmail,
        timeZone: zone,
      };
      fill(parseProfile(await api.request('PUT', '/api/directory/me', body)));
      if (zone || territoryChanged) await session.load();
      setZone(null);
      setTerritoryChanged(false);
      setErrors({});
      setGeneral(null);
      setSaved(t('profileEdit.saved'));
    } catch (e) {
      const { fields, general: rest } = apiFieldErrors(e, ['organisation', 'organisationKind', 'bio', 'maxOpenRequests', 'languages']);
      setErrors(fields);
      setGeneral(rest ?? (Object.keys(fields).length ? null : problemMessage(e, t)));
    }
  }

  async function uploadPhoto(file: File | undefined) {
    if (!file) return;
    setSaved(null);
    try {
      const blob = await shrink(file);
      const response = await fetch('/api/directory/me/photo', {
        method: 'PUT',
        headers: { 'Content-Type': 'image/jpeg', 'X-CSRF-Token': csrf() },
        credentials: 'same-origin',
        body: blob,
      });
      if (!response.ok) throw new Error(String(response.status));
      fill(parseProfile(await api.get('/api/directory/me')));
      setSaved(t('profileEdit.photoSaved'));
    } catch {
      setGeneral(t('profileEdit.photoFailed'));
    }
  }

  async function removePhoto() {
    await api.del('/api/directory/me/photo');
    fill(parseProfile(await api.get('/api/directory/me')));
  }

  const labels = {
    organisation: t('profileEdit.organisation'),
    organisationKind: t('profileEdit.organisationKind'),
    bio: t('profileEdit.bio'),
    maxOpenRequests: t('profileEdit.maxOpen'),
    languages: t('profileEdit.languages'),
  };

  return (
    <Page title={t('profileEdit.title')}>
      {saved ? <Notice>{saved}</Notice> : null}
      <ErrorSummary fields={errors} labels={labels} general={general} />
      {profile ? (
        <>
          <section aria-labelledby="photo-title">
            <h2 id="photo-title">{t('profileEdit.photo')}</h2>
            <Avatar id={profile.id} initials={profile.initials} hasPhoto={profile.hasPhoto} size={96} />
            <div className="field">
              <label htmlFor="photo">{t('profileEdit.photo')}</label>
              <input id="photo" type="file" accept="image/png,image/jpeg,image/gif" aria-describedby="photo-hint" onChange={(e) => uploadPhoto(e.target.files?.[0])} />
              <p id="photo-hint" className="hint">
                {t('profileEdit.photoHint')}
              </p>
            </div>
            {profile.hasPhoto ? (
              <button type="button" onClick={removePhoto}>
                {t('profileEdit.removePhoto')}
              </button>
            ) : null}
          </section>
          <form onSubmit={submit} noValidate className="profile-form">
            <fieldset className="profile-section">
              <legend>{t('profileEdit.sectionWho')}</legend>
              <div className="profile-row">
                <div className="field">
                  <label htmlFor="territoryCode">{t('directory.territory')}</label>
                  <select
                    id="territoryCode"
                    value={territory}
                    onChange={(e) => {
                      setTerritory(e.target.value);
                      setTerritoryChanged(true);
                    }}
                  >
                    <option value="">{t('field.territoryNone')}</option>
                    {territories.map((x) => (
                      <option key={x.code} value={x.code}>
                        {placeName(x.code, x.name)}
                      </option>
                    ))}
                  </select>
                </div>
                <TextField id="organisation" label={labels.organisation} optional value={organisation} onChange={setOrganisation} error={errors.organisation} />
                <div className="field">
                  <label htmlFor="organisationKind">{labels.organisationKind}</label>
                  <select id="organisationKind" value={kind} onChange={(e) => setKind(e.target.value)}>
                    <option value="">{t('profileEdit.kindNone')}</option>
                    {KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`person.kind.${k}`)}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              {territoryChanged ? (
                <ZoneProposal territory={territories.find((x) => x.code === territory)} current={zone ?? currentZone} onAccept={setZone} />
              ) : null}
              {zone && zone !== currentZone ? <p className="hint" role="status">{t('profileEdit.zoneOnSave', { zone: zone.replace(/_/g, ' ') })}</p> : null}
            </fieldset>
            <fieldset className="profile-section">
              <legend>{t('profileEdit.sectionSkills')}</legend>
              <CheckboxGroup
                label={t('profileEdit.metiers')}
                choices={competences.filter((c) => c.family === 'metier').map((c) => ({ value: c.slug, label: label(c.slug) }))}
                value={metiers}
                onChange={setMetiers}
              />
              <CheckboxGroup
                label={t('profileEdit.canHelp')}
                description={t('profileEdit.canHelpHint')}
                choices={competences.map((c) => ({ value: c.slug, label: label(c.slug) }))}
                value={slugsWith('can_help')}
                onChange={(v) => setMode('can_help', v)}
              />
              <details className="profile-more" open={slugsWith('wants_to_learn').length > 0 || undefined}>
                <summary>{t('profileEdit.wantsToLearnMore', { count: slugsWith('wants_to_learn').length })}</summary>
              <CheckboxGroup
                  label={t('profileEdit.wantsToLearn')}
                  description={t('profileEdit.wantsToLearnHint')}
                  choices={competences.map((c) => ({ value: c.slug, label: label(c.slug) }))}
                  value={slugsWith('wants_to_learn')}
                  onChange={(v) => setMode('wants_to_learn', v)}
                />
              </details>
            </fieldset>
            <fieldset className="profile-section">
              <legend>{t('profileEdit.sectionHelp')}</legend>
              <div className="field field-checkbox">
                <input id="pioneer" type="checkbox" checked={pioneer} onChange={(e) => setPioneer(e.target.checked)} />
                <label htmlFor="pioneer">{t('profileEdit.pioneer')}</label>
              </div>
              <div className="profile-row">
                <div className="field">
                  <label htmlFor="availability">{t('profileEdit.availability')}</label>
                  <select id="availability" value={availability} onChange={(e) => setAvailability(e.target.value === 'paused' ? 'paused' : 'open')}>
                    <option value="open">{t('person.availability.open')}</option>
                    <option value="paused">{t('person.availability.paused')}</option>
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="maxOpenRequests">{labels.maxOpenRequests}</label>
                  <input id="maxOpenRequests" type="number" min={0} max={20} value={maxOpen} onChange={(e) => setMaxOpen(e.target.value)} />
                </div>
              </div>
            </fieldset>
            <fieldset className="profile-section">
              <legend>{t('profileEdit.sectionAbout')}</legend>
              <TextField id="bio" label={labels.bio} optional multiline value={bio} onChange={setBio} error={errors.bio} />
              <TextField id="languages" label={labels.languages} hint={t('profileEdit.languagesHint')} value={languages} onChange={setLanguages} error={errors.languages} />
              <div className="field field-checkbox">
                <input id="showEmail" type="checkbox" checked={showEmail} onChange={(e) => setShowEmail(e.target.checked)} />
                <label htmlFor="showEmail">{t('profileEdit.showEmail')}</label>
              </div>
            </fieldset>
            <div>
              <Button type="submit">{t('profileEdit.save')}</Button>
            </div>
          </form>
        </>
      ) : null}
    </Page>
  );
}
