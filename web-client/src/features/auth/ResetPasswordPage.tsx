import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../transport/api';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { useT } from '../../ui/i18n';
import { ErrorSummary, Notice, TextField, apiFieldErrors, problemMessage, type FieldErrors } from '../../ui/forms';
import { checkNewPassword } from '../../ui/ProfileFields';

export default function ResetPasswordPage({ params }: { params: Record<string, string> }) {
  const t = useT();
  const token = params.token ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const labels = { password: t('field.newPassword'), confirmation: t('field.confirmation') };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkNewPassword(password, confirmation, t);
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.post(`/api/password-resets/${encodeURIComponent(token)}`, { password });
      setDone(true);
    } catch (error) {
      const { fields, general: rest } = apiFieldErrors(error, ['password']);
      setErrors(fields);
      let message = Object.keys(fields).length ? rest : problemMessage(error, t);
      if (error instanceof ApiError && (error.status === 404 || error.status === 410)) message = t('reset.unusable');
      setGeneral(message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('reset.title')}>
      {done ? (
        <Notice>
          <p>{t('reset.done')}</p>
          <p>
            <Link to="/login">{t('reset.toLogin')}</Link>
          </p>
        </Notice>
      ) : (
        <>
          <ErrorSummary fields={errors} labels={labels} general={general} />
          <form noValidate onSubmit={submit} className="form">
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
            <button type="submit" disabled={busy}>
              {t('reset.submit')}
            </button>
          </form>
        </>
      )}
    </Page>
  );
}
