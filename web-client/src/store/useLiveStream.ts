import { useCallback, useEffect, useRef, useState } from 'react';
import type { DiscussionEvent } from '../protocol/discussion';
import { StreamCursor } from './streamCursor';
import { live } from './app';
import type { StreamWatcher } from '../transport/live';

interface Loaded {
  stream: string;
  seq: number;
}

export interface LiveStreamOptions<P extends Loaded> {
  load: () => Promise<P>;
  apply: (page: P, event: DiscussionEvent) => P;
  /** Told of each event applied live (not those of an HTTP reload), after `apply`. */
  onLiveEvent?: (event: DiscussionEvent) => void;
  onTyping?: StreamWatcher['onTyping'];
}

/**
 * A page read over HTTP, then kept up to date from its stream: events applied in order,
 * duplicates dropped, a gap or a `resync` rebuilds it from HTTP.
 */
export function useLiveStream<P extends Loaded>({ load, apply, onLiveEvent, onTyping }: LiveStreamOptions<P>) {
  const [page, setPage] = useState<P | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [lost, setLost] = useState(false);
  const latest = useRef({ load, apply, onLiveEvent, onTyping });
  latest.current = { load, apply, onLiveEvent, onTyping };
  const cursor = useRef<StreamCursor<DiscussionEvent> | null>(null);

  const applyAll = useCallback((events: DiscussionEvent[], announce: boolean) => {
    if (!events.length) return;
    setPage((p) => (p ? events.reduce(latest.current.apply, p) : p));
    if (announce) for (const e of events) latest.current.onLiveEvent?.(e);
  }, []);

  const reload = useCallback(() => {
    latest.current
      .load()
      .then((fresh) => {
        setPage(fresh);
        setError(null);
        const c = cursor.current;
        if (!c) return;
        const step = c.reloaded(fresh.seq);
        applyAll(step.apply, true);
        if (step.reload) reload();
      })
      .catch((e) => {
        setError(e);
        // Try again a little later: the cursor keeps holding the events that arrive meanwhile.
        if (cursor.current?.isReloading) setTimeout(reload, 3000);
      });
  }, [applyAll]);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    latest.current
      .load()
      .then((first) => {
        if (cancelled) return;
        setPage(first);
        const c = new StreamCursor<DiscussionEvent>(first.seq);
        cursor.current = c;
        stop = live.watch(first.stream, {
          lastSeq: () => c.lastSeq,
          onEvent: (seq, event) => {
            const step = c.receive(seq, event);
            applyAll(step.apply, true);
            if (step.reload) reload();
          },
          onResync: () => {
            if (c.resync().reload) reload();
          },
          onTyping: (...args) => latest.current.onTyping?.(...args),
          onUnsubscribed: () => setLost(true),
        });
      })
      .catch((e) => {
        if (!cancelled) setError(e);
      });
    return () => {
      cancelled = true;
      stop?.();
      cursor.current = null;
    };
  }, [applyAll, reload]);

  return { page, error, lost };
}
