import { useEffect, useState } from 'react';
import { api } from '../../transport/api';
import { connection } from '../../store/app';
import { asObject, str } from '../../protocol/validate';

/** The ids of the people who have Maillage open now (GET /api/presence, refreshed on presence frames). */
export function usePresence(): Set<string> {
  const [ids, setIds] = useState<Set<string>>(new Set());
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = () =>
      api
        .get('/api/presence')
        .then((body) => {
          const online = asObject(body, 'presence').online;
          if (cancelled || !Array.isArray(online)) return;
          setIds(new Set(online.map((o) => str(asObject(o, 'online person'), 'id', 'online person'))));
        })
        .catch(() => undefined);
    load();
    const stop = connection.onFrame((frame) => {
      if (frame.type === 'hello' || (frame.type === 'other' && frame.frameType === 'presence')) {
        if (timer) clearTimeout(timer);
        timer = setTimeout(load, 300);
      }
    });
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      stop();
    };
  }, []);
  return ids;
}
