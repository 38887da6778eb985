import { useEffect, useState } from 'react';
import { api } from '../../transport/api';
import { useT } from '../../ui/i18n';
import { problemMessage } from '../../ui/forms';

/** The person's private calendar address: shown once when created, replaceable, revocable. */
export function FeedPanel() {
  const t = useT();
  const [active, setActive] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    api
      .get('/api/peer-sessions/feed')
      .then((b) => setActive(Boolean((b as { active?: boolean }).active)))
      .catch(() => setActive(false));
  }, []);

  function renew() {
    api
      .post('/api/peer-sessions/feed')
      .then((b) => {
        setUrl(String((b as { url?: string }).url ?? ''));
        setActive(true);
        setProblem(null);
      })
      .catch((e) => setProblem(problemMessage(e, t)));
  }

  function revoke() {
    api
      .del('/api/peer-sessions/feed')
      .then(() => {
        setUrl(null);
        setActive(false);
      })
      .catch((e) => setProblem(problemMessage(e, t)));
  }

  return (
    <section aria-labelledby="feed-title">
      <h2 id="feed-title">{t('sessions.feed.title')}</h2>
      <p>{t('sessions.feed.intro')}</p>
      {url ? (
        <p>
          <label htmlFor="feed-url">{t('sessions.feed.url')}</label>
          <input id="feed-url" readOnly value={url} size={60} onFocus={(e) => e.target.select()} />
        </p>
      ) : active ? (
        <p>{t('sessions.feed.active')}</p>
      ) : null}
      <button type="button" onClick={renew}>
        {active ? t('sessions.feed.renew') : t('sessions.feed.create')}
      </button>{' '}
      {active ? (
        <button type="button" onClick={revoke}>
          {t('sessions.feed.revoke')}
        </button>
      ) : null}
      {problem ? <p role="alert" className="problem">{problem}</p> : null}
    </section>
  );
}
