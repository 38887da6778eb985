import { useEffect, useState } from 'react';
import { api } from '../../transport/api';
import { connection } from '../../store/app';
import { asObject, str } from '../../protocol/validate';
import { useT } from '../../ui/i18n';

interface OnlinePerson {
  id: string;
  displayName: string;
}

function parsePresence(body: unknown): OnlinePerson[] {
  const online = asObject(body, 'presence').online;
  if (!Array.isArray(online)) return [];
  return online.map((item) => {
    const o = asObject(item, 'online person');
    return { id: str(o, 'id', 'online person'), displayName: str(o, 'displayName', 'online person') };
  });
}

/** Who has Maillage open now, on any node: loaded once, refreshed when a presence frame says it changed. */
export function OnlineNow() {
  const t = useT();
  const [people, setPeople] = useState<OnlinePerson[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = () => {
      api
        .get('/api/presence')
        .then((body) => {
          if (!cancelled) setPeople(parsePresence(body));
        })
        .catch(() => undefined);
    };
    load();
    const stop = connection.onFrame((frame) => {
      const changed = frame.type === 'hello' || (frame.type === 'other' && frame.frameType === 'presence');
      if (!changed) return;
      // Several tabs open and close together: one reload for a burst of frames.
      if (timer) clearTimeout(timer);
      timer = setTimeout(load, 300);
    });
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      stop();
    };
  }, []);

  if (people === null) return null;
  return (
    <section aria-labelledby="online-now" className="online-now">
      <h2 id="online-now">{t('online.title', { count: people.length })}</h2>
      {people.length === 0 ? (
        <p>{t('online.nobody')}</p>
      ) : (
        <ul>
          {people.map((p) => (
            <li key={p.id}>{p.displayName}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
