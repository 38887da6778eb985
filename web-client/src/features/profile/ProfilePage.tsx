import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type { Language } from '../../protocol/api';
import { api } from '../../transport/api';
import { session } from '../../store/app';
import type { ProfilePatch } from '../../store/session';
import { setLanguage as setUiLanguage, rememberAnonymousLanguage } from '../../i18n';
import { Page } from '../../ui/Page';
import { useT } from '../../ui/i18n';
import { ErrorSummary, Notice, TextField, apiFieldErrors, problemMessage, type FieldErrors } from '../../ui/forms';
import { SessionsSection } from './SessionsSection';
import { MutedPeopleSection } from '../moderation/MutedPeopleSection';
import { MyDataSection } from '../privacy/MyDataSection';
import { PlaceFields, checkNewPassword, useTerritories } from '../../ui/ProfileFields';

export default function ProfilePage() {
  const t = useT();
  return (
    <Page title={t('profile.title')}>
      <ProfileForm />
      <PasswordForm />
      <SessionsSection />
      <MutedPeopleSection />
      <MyDataSection />
    </Page>
  );
}

function ProfileForm() {
  const t = useT();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const territories = useTerritories();
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [territoryCode, setTerritoryCode] = useState(user?.territoryCode ?? '');
  const [timeZone, setTimeZone] = useState(user?.timeZone ?? 'Europe/Paris');
  const [language, setLanguage] = useState<Language>(user?.language ?? 'fr');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const labels: Record<string, string> = {
    displayName: t('field.displayName'),
    territoryCode: t('field.territory'),
    timeZone: t('field.timeZone'),
    language: t('field.language'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setGeneral(null);
    const name = displayName.trim();
    if (name.length < 1 || name.length > 80) {
      setErrors({ displayName: t('validation.displayName', { max: 80 }) });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      // Only what changed; a new territory goes with the zone shown, which the server then keeps
      // (without one, it would take the territory's zone silently).
      const patch: ProfilePatch = {};
      if (name !== user?.displayName) patch.displayName = name;
      if (territoryCode !== (user?.territoryCode ?? '')) patch.territoryCode = territoryCode; // "" clears it (docs/api.md)
      if (timeZone !== user?.timeZone || patch.territoryCode !== undefined) patch.timeZone = timeZone;
      if (language !== user?.language) patch.language = language;
      const updated = Object.keys(patch).length ? await session.updateProfile(patch) : user!;
      setUiLanguage(updated.language);
      rememberAnonymousLanguage(updated.language);
      setSaved(true);
    } catch (error) {
      const { fields, general: rest } = apiFieldErrors(error, Object.keys(labels));
      setErrors(fields);
      setGeneral(Object.keys(fields).length ? rest : problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t('profile.detailsTitle')}</h2>
      <p>
        {t('field.email')} : <strong>{user?.email}</strong>
      </p>
      <ErrorSummary fields={errors} labels={labels} general={general} />
      {saved ? (
        <Notice>
          <p>{t('profile.saved')}</p>
        </Notice>
      ) : null}
      <form noValidate onSubmit={submit} className="form">
        <TextField id="displayName" autoComplete="name" label={labels.displayName} value={displayName} onChange={setDisplayName} error={errors.displayName} />
        <PlaceFields
          territories={territories}
          territoryCode={territoryCode}
          timeZone={timeZone}
          language={language}
          errors={errors}
          onTerritory={setTerritoryCode}
          onTimeZone={setTimeZone}
          onLanguage={setLanguage}
        />
        <button type="submit" disabled={busy}>
          {t('profile.save')}
        </button>
      </form>
    </section>
  );
}

function PasswordForm() {
  const t = useT();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const labels = {
    currentPassword: t('field.currentPassword'),
    newPassword: t('field.newPassword'),
    newPasswordConfirmation: t('field.confirmation'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setGeneral(null);
    const found = checkNewPassword(newPassword, confirmation, t, { password: 'newPassword', confirmation: 'newPasswordConfirmation' });
    if (!currentPassword) found.currentPassword = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.post('/api/me/password', { currentPassword, newPassword });
      setSaved(true);
      setCurrentPassword('');
      setNewPassword('');
      setConfirmation('');
    } catch (error) {
      const { fields, general: rest } = apiFieldErrors(error, ['currentPassword', 'newPassword']);
      setErrors(fields);
      setGeneral(Object.keys(fields).length ? rest : problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="password-heading">
      <h2 id="password-heading">{t('profile.passwordTitle')}</h2>
      <ErrorSummary fields={errors} labels={labels} general={general} />
      {saved ? (
        <Notice>
          <p>{t('profile.passwordSaved')}</p>
        </Notice>
      ) : null}
      <form noValidate onSubmit={submit} className="form">
        <TextField
          id="currentPassword"
          type="password"
          autoComplete="current-password"
          label={labels.currentPassword}
          value={currentPassword}
          onChange={setCurrentPassword}
          error={errors.currentPassword}
        />
        <TextField
          id="newPassword"
          type="password"
          autoComplete="new-password"
          label={labels.newPassword}
          hint={t('field.passwordHint', { min: 10 })}
          value={newPassword}
          onChange={setNewPassword}
          error={errors.newPassword}
        />
        <TextField
          id="newPasswordConfirmation"
          type="password"
          autoComplete="new-password"
          label={labels.newPasswordConfirmation}
          value={confirmation}
          onChange={setConfirmation}
          error={errors.newPasswordConfirmation}
        />
        <button type="submit" disabled={busy}>
          {t('profile.changePassword')}
        </button>
      </form>
    </section>
  );
}
