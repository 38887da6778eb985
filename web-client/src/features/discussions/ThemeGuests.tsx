import { useCallback, useEffect, useState } from 'react';
import { api } from '../../transport/api';
import { Link } from '../../ui/router';
import { useT } from '../../ui/i18n';
import { problemMessage, SelectField } from '../../ui/forms';
import { Button, ConfirmButton } from '../../ui/components';

interface Person {
  id: string;
  displayName: string;
}

function people(value: unknown): Person[] {
  return Array.isArray(value)
    ? value.flatMap((v) => (v && typeof v.id === 'string' && typeof v.displayName === 'string' ? [{ id: v.id, displayName: v.displayName }] : []))
    : [];
}

/** Guest accounts (role guest, active), from the administrators' list of people. */
function guestAccounts(value: unknown): Person[] {
  return Array.isArray(value)
    ? value.flatMap((v) =>
        v && v.role === 'guest' && v.status !== 'deactivated' && typeof v.id === 'string' && typeof v.displayName === 'string'
          ? [{ id: v.id, displayName: v.displayName }]
          : [],
      )
    : [];
}

/**
 * The guests a theme is open to (administrators, in the theme's "Gérer" panel): open it to a
 * guest account, or close it (confirmed). Members read every theme and are never listed here.
 */
export function ThemeGuests({ slug, label }: { slug: string; label: string }) {
  const t = useT();
  const [guests, setGuests] = useState<Person[] | null>(null);
  const [accounts, setAccounts] = useState<Person[]>([]);
  const [chosen, setChosen] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const path = `/api/themes/${encodeURIComponent(slug)}/guests`;

  const load = useCallback(() => {
    api.get(path).then((v) => setGuests(people(v)), (e) => setProblem(problemMessage(e, t)));
    api.get('/api/admin/users').then((v) => setAccounts(guestAccounts(v)), () => setAccounts([]));
  }, [path, t]);
  useEffect(load, [load]);

  const candidates = accounts.filter((a) => !guests?.some((g) => g.id === a.id));

  async function change(method: 'PUT' | 'DELETE', person: Person) {
    setProblem(null);
    setDone('');
    try {
      await api.request(method, `${path}/${encodeURIComponent(person.id)}`);
      setDone(t(method === 'PUT' ? 'guests.added' : 'guests.removed', { name: person.displayName, theme: label }));
      setChosen('');
      load();
    } catch (e) {
      setProblem(problemMessage(e, t));
    }
  }

  const headingId = `guests-${slug}`;
  return (
    <section aria-labelledby={headingId} className="theme-guests">
      <h3 id={headingId}>{t('guests.heading')}</h3>
      <p className="hint">{t('guests.hint')}</p>
      {guests === null ? <p role="status">{t('common.loading')}</p> : null}
      {guests && guests.length === 0 ? <p>{t('guests.none')}</p> : null}
      {guests && guests.length > 0 ? (
        <ul className="theme-guest-list">
          {guests.map((g) => (
            <li key={g.id}>
              <span>{g.displayName}</span>
              <ConfirmButton
                label={t('guests.remove', { name: g.displayName })}
                title={t('guests.removeTitle')}
                message={t('guests.removeMessage', { name: g.displayName, theme: label })}
                confirmLabel={t('guests.removeConfirm')}
                onConfirm={() => change('DELETE', g)}
              />
            </li>
          ))}
        </ul>
      ) : null}
      {candidates.length > 0 ? (
        <div className="theme-guest-add">
          <SelectField id={`${headingId}-add`} label={t('guests.add')} value={chosen} onChange={setChosen}>
            <option value="">{t('guests.choose')}</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName}
              </option>
            ))}
          </SelectField>
          <Button variant="secondary" isDisabled={!chosen} onPress={() => change('PUT', candidates.find((c) => c.id === chosen)!)}>
            {t('guests.open')}
          </Button>
        </div>
      ) : guests ? (
        <p className="hint">
          {t('guests.noAccount')} <Link to="/admin/invitations">{t('guests.invite')}</Link>
        </p>
      ) : null}
      {problem ? <p role="alert" className="problem">{problem}</p> : null}
      <p role="status">{done}</p>
    </section>
  );
}
