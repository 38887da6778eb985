import { useState, type FormEvent } from 'react';
import { api } from '../../transport/api';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { useT } from '../../ui/i18n';
import { ErrorSummary, Notice, TextField, apiFieldErrors, problemMessage, type FieldErrors } from '../../ui/forms';

export default function RequestResetPage() {
  const t = useT();
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const labels = { email: t('field.email') };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setGeneral(null);
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
      setErrors({ email: t('validation.email') });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await api.post('/api/password-resets', { email: email.trim() });
      setSent(true);
    } catch (error) {
      const { fields, general: rest } = apiFieldErrors(error, ['email']);
      setErrors(fields);
      setGeneral(Object.keys(fields).length ? rest : problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('reset.requestTitle')}>
      {sent ? (
        <Notice>
          <p>{t('reset.sent')}</p>
        </Notice>
      ) : (
        <>
          <p>{t('reset.requestIntro')}</p>
          <ErrorSummary fields={errors} labels={labels} general={general} />
          <form noValidate onSubmit={submit} className="form">
            <TextField id="email" type="email" autoComplete="email" label={labels.email} value={email} onChange={setEmail} error={errors.email} />
            <button type="submit" disabled={busy}>
              {t('reset.requestSubmit')}
            </button>
          </form>
        </>
      )}
      <p>
        <Link to="/login">{t('reset.toLogin')}</Link>
      </p>
    </Page>
  );
}
