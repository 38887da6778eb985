import { useEffect, useState, useSyncExternalStore } from 'react';
import { mutes, session } from '../../store/app';
import { problemMessage } from '../../ui/forms';
import { useT } from '../../ui/i18n';

/** On the profile: the people one muted, each with "Ne plus masquer". */
export function MutedPeopleSection() {
  const t = useT();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const people = useSyncExternalStore(mutes.subscribe, mutes.getPeople);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (user) mutes.ensure(user.id);
  }, [user]);

  function unmute(id: string, name: string) {
    setProblem(null);
    mutes
      .unmute(id)
      .then(() => setStatus(t('mutes.unmuted', { name })))
      .catch((error) => setProblem(problemMessage(error, t)));
  }

  return (
    <section aria-labelledby="mutes-heading">
      <h2 id="mutes-heading">{t('mutes.title')}</h2>
      <p className="hint">{t('mutes.intro')}</p>
      {people.length === 0 ? (
        <p>{t('mutes.none')}</p>
      ) : (
        <ul className="muted-people">
          {people.map((p) => (
            <li key={p.id}>
              <span>{p.displayName}</span>{' '}
              <button type="button" className="secondary" onClick={() => unmute(p.id, p.displayName)}>
                {t('post.unmute', { name: p.displayName })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="visually-hidden">
        {status}
      </p>
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
    </section>
  );
}
