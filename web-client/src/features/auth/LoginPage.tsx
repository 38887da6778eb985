import { useState, type FormEvent } from 'react';
import { session } from '../../store/app';
import { takeAccountDeletedNotice, takeSignedOutNotice } from '../../store/signedOut';
import { ApiError } from '../../transport/api';
import { Page } from '../../ui/Page';
import { Link, navigate, useSearch } from '../../ui/router';
import { useT } from '../../ui/i18n';
import { ErrorSummary, TextField, apiFieldErrors, problemMessage, type FieldErrors } from '../../ui/forms';

/** Only same-site paths are followed after signing in. */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const t = useT();
  const search = useSearch();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleted] = useState(() => takeAccountDeletedNotice());
  const [signedOut] = useState(() => takeSignedOutNotice());
  const labels = { email: t('field.email'), password: t('field.password') };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!email.trim()) found.email = t('validation.required');
    if (!password) found.password = t('validation.required');
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await session.signIn(email.trim(), password);
      navigate(safeNext(search));
    } catch (error) {
      const { fields, general: rest } = apiFieldErrors(error, ['email', 'password']);
      setErrors(fields);
      const deactivated = error instanceof ApiError && error.is('account-deactivated');
      setGeneral(deactivated ? t('login.deactivated') : Object.keys(fields).length ? rest : problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('login.title')}>
      {deleted && (
        <p role="status" className="notice">
          {t('login.accountDeleted')}
        </p>
      )}
      {signedOut && !deleted && (
        <p role="status" className="notice">
          {t('login.signedOut')}
        </p>
      )}
      <ErrorSummary fields={errors} labels={labels} general={general} />
      <form noValidate onSubmit={submit} className="form">
        <TextField id="email" type="email" autoComplete="username" label={labels.email} value={email} onChange={setEmail} error={errors.email} />
        <TextField
          id="password"
          type="password"
          autoComplete="current-password"
          label={labels.password}
          value={password}
          onChange={setPassword}
          error={errors.password}
        />
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
      <p>
        <Link to="/password-reset">{t('login.forgot')}</Link>
      </p>
    </Page>
  );
}
