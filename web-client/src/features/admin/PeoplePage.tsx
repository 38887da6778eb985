import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { parsePeople, type PersonForAdministrator } from '../../protocol/admin';
import { parseInvitationList, parseInvitationView, type InvitationView, type Role, type Territory } from '../../protocol/api';
import { Button, ConfirmButton, Dialog } from '../../ui/components';
import { ApiError, api } from '../../transport/api';
import { session } from '../../store/app';
import { loadTerritories } from '../../store/reference';
import { Page } from '../../ui/Page';
import { navigate, useSearch } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { formatDateTime } from '../../ui/format';
import { ErrorSummary, TextField, apiFieldErrors, problemMessage, type FieldErrors } from '../../ui/forms';

const ROLES: Role[] = ['administrator', 'facilitator', 'member', 'guest'];

/** Administrators: everyone in the network, their role and status, and the actions on them. */
export default function PeoplePage() {
  const t = useT();
  const search = useSearch();
  const query = new URLSearchParams(search).get('q') ?? '';
  const [text, setText] = useState(query);
  const [people, setPeople] = useState<PersonForAdministrator[] | null>(null);
  const [territories, setTerritories] = useState<Territory[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    let live = true;
    setProblem(null);
    api
      .get(`/api/admin/users${query ? `?q=${encodeURIComponent(query)}` : ''}`)
      .then((body) => live && setPeople(parsePeople(body)))
      .catch((error) => live && setProblem(problemMessage(error, t)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

  useEffect(() => {
    loadTerritories().then(setTerritories).catch(() => undefined);
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const q = text.trim();
    navigate(q ? `/admin/people?q=${encodeURIComponent(q)}` : '/admin/people', { replace: true });
  }

  function changed(person: PersonForAdministrator, message: string) {
    setPeople((list) => list && list.map((p) => (p.id === person.id ? person : p)));
    setStatus(message);
  }

  function deleted(person: PersonForAdministrator) {
    setPeople((list) => list && list.filter((p) => p.id !== person.id));
    setStatus(t('people.deleted', { name: person.displayName }));
  }

  return (
    <Page title={t('people.title')}>
      <p>{t('people.intro')}</p>
      <form role="search" className="people-search" onSubmit={submit}>
        <label htmlFor="people-q">{t('people.search')}</label>
        <input id="people-q" type="search" value={text} maxLength={80} onChange={(e) => setText(e.target.value)} />
        <button type="submit">{t('people.searchButton')}</button>
      </form>
      <p role="status" className="people-status">
        {status}
      </p>
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
      {people === null && !problem ? <p role="status">{t('common.loading')}</p> : null}
      {people !== null && people.length === 0 ? <p>{t('people.none')}</p> : null}
      {people !== null && people.length > 0 ? (
        <ul className="people-list" aria-label={t('people.count', { count: people.length })}>
          {people.map((person) => (
            <li key={person.id}>
              <PersonCard person={person} territories={territories} onChanged={changed} onDeleted={deleted} />
            </li>
          ))}
        </ul>
      ) : null}
      <PendingInvitations />
    </Page>
  );
}

/** Invitations not accepted yet (pending or expired): send again with a new link, or revoke. */
function PendingInvitations() {
  const t = useT();
  const language = useLanguage();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const [list, setList] = useState<InvitationView[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    let live = true;
    api
      .get('/api/invitations')
      .then((body) => live && setList(parseInvitationList(body)))
      .catch((error) => live && setProblem(problemMessage(error, t)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const waiting = (list ?? []).filter((i) => (i.status === 'pending' || i.status === 'expired') && i.email);

  async function resend(invitation: InvitationView) {
    setProblem(null);
    try {
      const fresh = parseInvitationView(await api.post(`/api/invitations/${encodeURIComponent(invitation.id)}/resend`));
      setList((all) => all && all.map((i) => (i.id === fresh.id ? fresh : i)));
      setStatus(t('people.resent', { email: invitation.email ?? '' }));
    } catch (error) {
      setProblem(problemMessage(error, t));
    }
  }

  async function revoke(invitation: InvitationView) {
    setProblem(null);
    try {
      await api.del(`/api/invitations/${encodeURIComponent(invitation.id)}`);
      setList((all) => all && all.map((i) => (i.id === invitation.id ? { ...i, status: 'revoked' } : i)));
      setStatus(t('people.revoked', { email: invitation.email ?? '' }));
    } catch (error) {
      setProblem(problemMessage(error, t));
    }
  }

  return (
    <section aria-labelledby="pending-invitations" className="pending-invitations">
      <h2 id="pending-invitations">{t('people.invitations')}</h2>
      <p className="hint">{t('people.invitationsIntro')}</p>
      <p role="status" className="people-status">
        {status}
      </p>
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
      {list !== null && waiting.length === 0 ? <p>{t('people.invitationsNone')}</p> : null}
      {waiting.length > 0 ? (
        <ul className="invitation-list">
          {waiting.map((invitation) => {
            const email = invitation.email ?? '';
            return (
              <li key={invitation.id}>
                <span>
                  {t('people.invitationLine', {
                    email,
                    role: t(`role.${invitation.role}`),
                    status: t(`invitationStatus.${invitation.status}`).toLowerCase(),
                    expires: invitation.expiresAt ? formatDateTime(invitation.expiresAt, language, user?.timeZone) : '—',
                  })}
                </span>
                <span className="button-row">
                  <Button variant="secondary" onPress={() => void resend(invitation)} aria-label={t('people.resendWho', { email })}>
                    {t('people.resend')}
                  </Button>
                  <ConfirmButton
                    label={
                      <>
                        {t('people.revoke')}
                        <span className="visually-hidden"> {t('people.revokeWhose', { email })}</span>
                      </>
                    }
                    title={t('people.revokeWho', { email })}
                    message={t('people.revokeConfirm', { email })}
                    confirmLabel={t('people.revokeConfirmButton')}
                    onConfirm={() => void revoke(invitation)}
                  />
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

function PersonCard({
  person,
  territories,
  onChanged,
  onDeleted,
}: {
  person: PersonForAdministrator;
  territories: Territory[];
  onChanged: (person: PersonForAdministrator, message: string) => void;
  onDeleted: (person: PersonForAdministrator) => void;
}) {
  const t = useT();
  const language = useLanguage();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const [confirming, setConfirming] = useState<'deactivate' | 'sessions' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const territory = territories.find((x) => x.code === person.territoryCode)?.name ?? person.territoryCode ?? '—';
  const deactivated = person.status === 'deactivated';
  const headingId = `person-${person.id}`;

  async function act(run: () => Promise<PersonForAdministrator>, message: string) {
    setBusy(true);
    setProblem(null);
    try {
      onChanged(await run(), message);
      setConfirming(null);
    } catch (error) {
      setProblem(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  const changeRole = (role: Role) =>
    act(async () => {
      await api.patch(`/api/admin/users/${encodeURIComponent(person.id)}`, { role });
      return { ...person, role };
    }, t('people.roleChanged', { name: person.displayName, role: t(`role.${role}`) }));

  const setActive = (active: boolean) =>
    act(async () => {
      const path = `/api/admin/users/${encodeURIComponent(person.id)}/deactivation`;
      if (active) await api.del(path);
      else await api.post(path, {});
      return { ...person, status: active ? 'active' : 'deactivated' };
    }, t(active ? 'people.reactivated' : 'people.deactivated', { name: person.displayName }));

  const endSessions = () =>
    act(async () => {
      await api.del(`/api/admin/users/${encodeURIComponent(person.id)}/sessions`);
      return person;
    }, t('people.sessionsEnded', { name: person.displayName }));

  return (
    <article className="person-card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {person.displayName}
        {deactivated ? <span className="badge badge-muted"> {t('people.status.deactivated')}</span> : null}
      </h2>
      <dl className="person-facts">
        <dt>{t('people.email')}</dt>
        <dd>{person.email}</dd>
        <dt>{t('people.territory')}</dt>
        <dd>{territory}</dd>
        <dt>{t('people.lastSeen')}</dt>
        <dd>{person.lastSeenAt ? formatDateTime(person.lastSeenAt, language, user?.timeZone) : t('people.never')}</dd>
      </dl>
      <div className="person-actions">
        <label htmlFor={`role-${person.id}`}>{t('people.roleOf', { name: person.displayName })}</label>
        <select
          id={`role-${person.id}`}
          value={person.role}
          disabled={busy}
          onChange={(e) => void changeRole(e.target.value as Role)}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </select>
        {confirming === null ? (
          <>
            <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming('sessions')}>
              {t('people.endSessions')}
            </button>
            {deactivated ? (
              <button type="button" className="secondary" disabled={busy} onClick={() => void setActive(true)}>
                {t('people.reactivate')}
              </button>
            ) : person.id === user?.id ? null : (
              <button type="button" className="danger" disabled={busy} onClick={() => setConfirming('deactivate')}>
                {t('people.deactivate')}
              </button>
            )}
            {person.id === user?.id ? null : <DeleteAccountButton person={person} onDeleted={onDeleted} />}
          </>
        ) : (
          <div role="group" aria-label={t('people.confirmGroup')} className="confirm">
            <p>
              {confirming === 'deactivate'
                ? t('people.confirmDeactivate', { name: person.displayName })
                : t('people.confirmSessions', { name: person.displayName })}
            </p>
            <button
              type="button"
              className="danger"
              disabled={busy}
              autoFocus
              onClick={() => void (confirming === 'deactivate' ? setActive(false) : endSessions())}
            >
              {confirming === 'deactivate' ? t('people.confirmDeactivateButton') : t('people.confirmSessionsButton')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(null)}>
              {t('people.cancel')}
            </button>
          </div>
        )}
      </div>
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
    </article>
  );
}

/** An administrator deletes someone's account on their request: a dialog with the choice for their posts and a typed word. */
function DeleteAccountButton({ person, onDeleted }: { person: PersonForAdministrator; onDeleted: (person: PersonForAdministrator) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [posts, setPosts] = useState<'keep' | 'delete'>('keep');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const word = t('mydata.delete.word');
  const labels = { confirmation: t('mydata.delete.confirmation', { word }) };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setGeneral(null);
    if (confirmation.trim().toUpperCase() !== word) {
      setErrors({ confirmation: t('mydata.delete.confirmationWrong', { word }) });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await api.post(`/api/admin/users/${encodeURIComponent(person.id)}/deletion`, { confirmation: confirmation.trim(), posts });
      setOpen(false);
      onDeleted(person);
    } catch (error) {
      const { fields, general: rest } = apiFieldErrors(error, ['confirmation', 'posts']);
      setErrors(fields);
      const lastAdministrator = error instanceof ApiError && error.status === 409;
      setGeneral(Object.keys(fields).length ? rest : lastAdministrator ? t('people.deleteLastAdministrator') : problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        {t('people.delete')}
      </button>
      <Dialog open={open} onOpenChange={setOpen} title={t('people.deleteTitle', { name: person.displayName })}>
        <form noValidate onSubmit={submit} className="form">
          <p>{t('people.deleteExplain', { name: person.displayName })}</p>
          <ErrorSummary fields={errors} labels={labels} general={general} />
          <fieldset className="field">
            <legend>{t('people.deletePosts', { name: person.displayName })}</legend>
            {(['keep', 'delete'] as const).map((choice) => (
              <div key={choice} className="radio">
                <input
                  type="radio"
                  id={`delete-${person.id}-${choice}`}
                  name={`delete-${person.id}`}
                  checked={posts === choice}
                  onChange={() => setPosts(choice)}
                />
                <label htmlFor={`delete-${person.id}-${choice}`}>{t(`people.deletePosts.${choice}`)}</label>
              </div>
            ))}
          </fieldset>
          <TextField
            id={`delete-${person.id}-confirmation`}
            autoComplete="off"
            label={labels.confirmation}
            value={confirmation}
            onChange={setConfirmation}
            error={errors.confirmation}
          />
          <div className="button-row ds-dialog-actions">
            <Button variant="secondary" onPress={() => setOpen(false)}>
              {t('people.cancel')}
            </Button>
            <Button variant="danger" type="submit" isDisabled={busy}>
              {t('people.deleteSubmit')}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
