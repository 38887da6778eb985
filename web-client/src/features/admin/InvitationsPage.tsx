import { CheckboxGroup, ConfirmButton } from '../../ui/components';
import { parseThemes, type ThemeSummary } from '../../protocol/discussion';
import { useCallback, useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { invitableRoles, parseInvitationList, parseInvitationView, type InvitationView, type Role } from '../../protocol/api';
import { api, ApiError } from '../../transport/api';
import { session } from '../../store/app';
import { Page } from '../../ui/Page';
import { useLanguage, useT } from '../../ui/i18n';
import { formatDateTime } from '../../ui/format';
import { ErrorSummary, Notice, TextField, apiFieldErrors, problemMessage, type FieldErrors } from '../../ui/forms';

export default function InvitationsPage() {
  const t = useT();
  const [list, setList] = useState<InvitationView[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);

  const reload = useCallback(() => {
    api
      .get('/api/invitations')
      .then((body) => {
        setList(parseInvitationList(body));
        setListError(null);
      })
      .catch((error) => setListError(problemMessage(error, t)));
  }, [t]);

  useEffect(reload, [reload]);

  return (
    <Page title={t('invitations.title')}>
      <InviteForm onInvited={reload} />
      <section aria-labelledby="invitations-list">
        <h2 id="invitations-list">{t('invitations.listTitle')}</h2>
        {listError ? <p role="alert" className="problem">{listError}</p> : null}
        {list === null && !listError ? <p role="status">{t('common.loading')}</p> : null}
        {list !== null ? <InvitationTable list={list} onChanged={reload} /> : null}
      </section>
    </Page>
  );
}

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const t = useT();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const roles = invitableRoles(user?.role ?? 'guest');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const language = useLanguage();
  // A guest reads only the themes chosen here (granted when it accepts).
  const [themes, setThemes] = useState<ThemeSummary[]>([]);
  const [guestThemes, setGuestThemes] = useState<string[]>([]);
  useEffect(() => {
    api
      .get('/api/themes')
      .then((body) => setThemes(parseThemes(body)))
      .catch(() => undefined);
  }, []);
  const labels = { email: t('field.email'), role: t('field.role'), message: t('field.message'), themes: t('invitations.themes') };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSentTo(null);
    setGeneral(null);
    const found: FieldErrors = {};
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) found.email = t('validation.email');
    if (message.length > 1000) found.message = t('validation.tooLong', { max: 1000 });
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const created = parseInvitationView(
        await api.post('/api/invitations', {
          email: email.trim(),
          role,
          ...(message.trim() ? { message: message.trim() } : {}),
          ...(role === 'guest' && guestThemes.length ? { themes: guestThemes } : {}),
        }),
      );
      setSentTo(created.email ?? email.trim());
      setEmail('');
      setMessage('');
      setGuestThemes([]);
      onInvited();
    } catch (error) {
      const { fields, general: rest } = apiFieldErrors(error, ['email', 'role', 'message', 'themes']);
      setErrors(fields);
      let text = Object.keys(fields).length ? rest : problemMessage(error, t);
      if (error instanceof ApiError && error.status === 409) text = t('invitations.accountExists');
      setGeneral(text);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t('invitations.formTitle')}</h2>
      <ErrorSummary fields={errors} labels={labels} general={general} />
      {sentTo ? (
        <Notice>
          <p>{t('invitations.sent', { email: sentTo })}</p>
        </Notice>
      ) : null}
      <form noValidate onSubmit={submit} className="form">
        <TextField id="email" type="email" autoComplete="off" label={labels.email} value={email} onChange={setEmail} error={errors.email} />
        <fieldset className="field" aria-describedby={errors.role ? 'role-error' : undefined}>
          <legend>{labels.role}</legend>
          {roles.map((r) => (
            <div key={r} className="radio">
              <input type="radio" id={`role-${r}`} name="role" value={r} checked={role === r} onChange={() => setRole(r)} />
              <label htmlFor={`role-${r}`}>{t(`role.${r}`)}</label>
            </div>
          ))}
          {errors.role ? (
            <p id="role-error" className="field-error">
              {errors.role}
            </p>
          ) : null}
        </fieldset>
        {role === 'guest' && themes.length ? (
          <div className="field">
            <CheckboxGroup
              label={labels.themes}
              description={t('invitations.themesHelp')}
              choices={themes.map((th) => ({ value: th.slug, label: language === 'en' ? th.labelEn : th.labelFr }))}
              value={guestThemes}
              onChange={setGuestThemes}
            />
            {errors.themes ? <p className="field-error">{errors.themes}</p> : null}
          </div>
        ) : null}
        <TextField id="message" multiline optional label={labels.message} value={message} onChange={setMessage} error={errors.message} />
        <button type="submit" disabled={busy}>
          {t('invitations.submit')}
        </button>
      </form>
    </section>
  );
}

function InvitationTable({ list, onChanged }: { list: InvitationView[]; onChanged: () => void }) {
  const t = useT();
  const language = useLanguage();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const [problem, setProblem] = useState<string | null>(null);

  async function revoke(invitation: InvitationView) {
    setProblem(null);
    try {
      await api.del(`/api/invitations/${encodeURIComponent(invitation.id)}`);
    } catch (error) {
      setProblem(problemMessage(error, t));
    }
    onChanged();
  }

  if (list.length === 0) return <p>{t('invitations.empty')}</p>;
  return (
    <>
      {problem ? <p role="alert" className="problem">{problem}</p> : null}
      <p>{t('invitations.count', { count: list.length })}</p>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('field.email')}</th>
              <th scope="col">{t('field.role')}</th>
              <th scope="col">{t('invitations.status')}</th>
              <th scope="col">{t('invitations.expires')}</th>
              <th scope="col">{t('invitations.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((invitation) => (
              <tr key={invitation.id}>
                <td>{invitation.email ?? t('invitations.noEmail')}</td>
                <td>{t(`role.${invitation.role}`)}</td>
                <td>{t(`invitationStatus.${invitation.status}`)}</td>
                <td className="nowrap">{invitation.status === 'accepted' || invitation.status === 'revoked' ? '—' : formatDateTime(invitation.expiresAt, language, user?.timeZone)}</td>
                <td>
                  {invitation.status === 'pending' ? (
                    <ConfirmButton
                      label={
                        <>
                          {t('invitations.revoke')}
                          <span className="visually-hidden"> {t('invitations.revokeWho', { email: invitation.email ?? t('invitations.noEmail') })}</span>
                        </>
                      }
                      title={t('invitations.revokeWho', { email: invitation.email ?? t('invitations.noEmail') })}
                      message={t('invitations.revokeConsequence')}
                      confirmLabel={t('invitations.revoke')}
                      onConfirm={() => revoke(invitation)}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
