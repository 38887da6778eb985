import { useEffect, useState, type FormEvent } from 'react';
import { parseInvitationPreview, type InvitationPreview, type Language } from '../../protocol/api';
import { ApiError } from '../../transport/api';
import { session } from '../../store/app';
import { getLanguage } from '../../i18n';
import { Page } from '../../ui/Page';
import { api } from '../../transport/api';
import { navigate, Link } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { formatDateTime } from '../../ui/format';
import { ErrorSummary, TextField, apiFieldErrors, problemMessage, type FieldErrors } from '../../ui/forms';
import { PlaceFields, checkNewPassword, useTerritories } from '../../ui/ProfileFields';

type Load = { kind: 'loading' } | { kind: 'ready'; invitation: InvitationPreview } | { kind: 'unusable'; message: string };

export default function AcceptInvitationPage({ params }: { params: Record<string, string> }) {
  const t = useT();
  const language = useLanguage();
  const token = params.token ?? '';
  const [load, setLoad] = useState<Load>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    api
      .get(`/api/invitations/${encodeURIComponent(token)}`)
      .then((body) => live && setLoad({ kind: 'ready', invitation: parseInvitationPreview(body) }))
      .catch((error) => {
        if (!live) return;
        let message = problemMessage(error, t);
        if (error instanceof ApiError && error.status === 404) message = t('invitation.notFound');
        if (error instanceof ApiError && error.status === 410) {
          const reason = error.reason === 'expired' || error.reason === 'used' || error.reason === 'revoked' ? error.reason : 'other';
          message = t(`invitation.unusable.${reason}`);
        }
        setLoad({ kind: 'unusable', message });
      });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);

  return (
    <Page title={t('invitation.title')}>
      {load.kind === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {load.kind === 'unusable' ? (
        <>
          <p role="alert" className="problem">
            {load.message}
          </p>
          <p>
            <Link to="/login">{t('invitation.toLogin')}</Link>
          </p>
        </>
      ) : null}
      {load.kind === 'ready' ? <AcceptForm token={token} invitation={load.invitation} language={language} /> : null}
    </Page>
  );
}

function AcceptForm({ token, invitation, language: uiLanguage }: { token: string; invitation: InvitationPreview; language: Language }) {
  const t = useT();
  const territories = useTerritories();
  const askEmail = invitation.email === null;
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [territoryCode, setTerritoryCode] = useState('');
  const [timeZone, setTimeZone] = useState('Europe/Paris');
  const [language, setLanguage] = useState<Language>(getLanguage());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const labels: Record<string, string> = {
    email: t('field.email'),
    displayName: t('field.displayName'),
    password: t('field.newPassword'),
    confirmation: t('field.confirmation'),
    territoryCode: t('field.territory'),
    timeZone: t('field.timeZone'),
    language: t('field.language'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors = checkNewPassword(password, confirmation, t);
    if (askEmail && !/^[^\s@]+@[^\s@]+$/.test(email.trim())) found.email = t('validation.email');
    const name = displayName.trim();
    if (name.length < 1 || name.length > 80) found.displayName = t('validation.displayName', { max: 80 });
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await session.acceptInvitation(token, {
        ...(askEmail ? { email: email.trim() } : {}),
        displayName: name,
        password,
        ...(territoryCode ? { territoryCode } : {}),
        timeZone,
        language,
      });
      navigate('/');
    } catch (error) {
      const { fields, general: rest } = apiFieldErrors(error, Object.keys(labels));
      setErrors(fields);
      let message = Object.keys(fields).length ? rest : problemMessage(error, t);
      if (error instanceof ApiError && error.status === 409) message = t('invitation.accountExists');
      setGeneral(message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p>
        {invitation.invitedBy
          ? t('invitation.invitedBy', { name: invitation.invitedBy, role: t(`role.${invitation.role}`) })
          : t('invitation.firstAdmin', { role: t(`role.${invitation.role}`) })}
      </p>
      {invitation.expiresAt ? <p>{t('invitation.expires', { date: formatDateTime(invitation.expiresAt, uiLanguage, timeZone) })}</p> : null}
      <ErrorSummary fields={errors} labels={labels} general={general} />
      <form noValidate onSubmit={submit} className="form">
        {askEmail ? (
          <TextField id="email" type="email" autoComplete="email" label={labels.email} value={email} onChange={setEmail} error={errors.email} />
        ) : (
          <p>
            {t('invitation.emailIs')} <strong>{invitation.email}</strong>
          </p>
        )}
        <TextField id="displayName" autoComplete="name" label={labels.displayName} value={displayName} onChange={setDisplayName} error={errors.displayName} />
        <TextField
          id="password"
          type="password"
          autoComplete="new-password"
          label={labels.password}
          hint={t('field.passwordHint', { min: 10 })}
          value={password}
          onChange={setPassword}
          error={errors.password}
        />
        <TextField id="confirmation" type="password" autoComplete="new-password" label={labels.confirmation} value={confirmation} onChange={setConfirmation} error={errors.confirmation} />
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
          {t('invitation.submit')}
        </button>
      </form>
    </>
  );
}
