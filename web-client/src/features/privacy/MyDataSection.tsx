/**
 * "Vos données" on the profile: the export of one's data and the deletion of one's account
 * (docs/privacy.md). Deletion asks for the password, the choice for one's posts and a typed
 * confirmation in a dialog, then lands on the sign-in page with a sentence.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../../transport/api';
import { session } from '../../store/app';
import { markAccountDeleted, takeAccountDeletedNotice } from '../../store/signedOut';
import { navigate } from '../../ui/router';
import { Button, Dialog } from '../../ui/components';
import { useT } from '../../ui/i18n';
import { ErrorSummary, TextField, apiFieldErrors, problemMessage, type FieldErrors } from '../../ui/forms';
import { ExportPanel } from './ExportPanel';

export function MyDataSection() {
  const t = useT();
  return (
    <section id="vos-donnees" aria-labelledby="mydata-heading">
      <h2 id="mydata-heading">{t('mydata.title')}</h2>
      <p>{t('mydata.intro')}</p>
      <ExportPanel />
      <DeleteAccount />
    </section>
  );
}

type PostsChoice = 'keep' | 'delete';

function DeleteAccount() {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <div className="mydata-block">
      <h3>{t('mydata.delete.title')}</h3>
      <p>{t('mydata.delete.explain')}</p>
      <Button variant="danger" onPress={() => setOpen(true)}>
        {t('mydata.delete.open')}
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={t('mydata.delete.dialogTitle')}>
        <DeleteForm onCancel={() => setOpen(false)} />
      </Dialog>
    </div>
  );
}

/** The word to type, in the reader's language; the server accepts either. */
export function confirmationWord(t: (key: string) => string): string {
  return t('mydata.delete.word');
}

function DeleteForm({ onCancel }: { onCancel: () => void }) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [posts, setPosts] = useState<PostsChoice>('keep');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const word = confirmationWord(t);
  const labels = {
    password: t('mydata.delete.password'),
    posts: t('mydata.delete.posts'),
    confirmation: t('mydata.delete.confirmation', { word }),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setGeneral(null);
    const found: FieldErrors = {};
    if (!password) found.password = t('validation.required');
    if (confirmation.trim().toUpperCase() !== word) found.confirmation = t('mydata.delete.confirmationWrong', { word });
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    // Noted before the request: the server closes this tab's socket as soon as it commits,
    // which may bring the sign-in page before the answer arrives; it must say why.
    markAccountDeleted();
    try {
      await api.post('/api/me/deletion', { password, confirmation: confirmation.trim(), posts });
      session.forget();
      navigate('/login', { replace: true });
    } catch (error) {
      takeAccountDeletedNotice();
      const { fields, general: rest } = apiFieldErrors(error, ['password', 'confirmation', 'posts']);
      if (fields.password) fields.password = t('mydata.delete.passwordWrong');
      setErrors(fields);
      const lastAdministrator = error instanceof ApiError && error.status === 409;
      setGeneral(Object.keys(fields).length ? rest : lastAdministrator ? t('mydata.delete.lastAdministrator') : problemMessage(error, t));
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={submit} className="form">
      <p>{t('mydata.delete.consequences')}</p>
      <ErrorSummary fields={errors} labels={labels} general={general} />
      <TextField
        id="deletion-password"
        type="password"
        autoComplete="current-password"
        label={labels.password}
        value={password}
        onChange={setPassword}
        error={errors.password}
      />
      <fieldset className="field">
        <legend>{labels.posts}</legend>
        {(['keep', 'delete'] as const).map((choice) => (
          <div key={choice} className="radio">
            <input
              type="radio"
              id={`deletion-posts-${choice}`}
              name="deletion-posts"
              value={choice}
              checked={posts === choice}
              onChange={() => setPosts(choice)}
            />
            <label htmlFor={`deletion-posts-${choice}`}>{t(`mydata.delete.posts.${choice}`)}</label>
          </div>
        ))}
      </fieldset>
      <TextField
        id="deletion-confirmation"
        autoComplete="off"
        label={labels.confirmation}
        value={confirmation}
        onChange={setConfirmation}
        error={errors.confirmation}
      />
      <div className="button-row ds-dialog-actions">
        <Button variant="secondary" onPress={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button variant="danger" type="submit" isDisabled={busy}>
          {t('mydata.delete.submit')}
        </Button>
      </div>
    </form>
  );
}
