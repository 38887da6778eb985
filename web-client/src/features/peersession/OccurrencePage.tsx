import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ANSWERS, parseOccurrenceDetail, peerSessionEvent, type Answer, type OccurrenceDetail } from '../../protocol/peersession';
import { api } from '../../transport/api';
import { live } from '../../store/app';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { formatDateTime } from '../../ui/format';
import { Notice, TextField, problemMessage } from '../../ui/forms';
import { OccurrenceTimes } from './times';

export default function OccurrencePage({ params }: { params: Record<string, string> }) {
  const t = useT();
  const language = useLanguage();
  const id = params.id;
  const [detail, setDetail] = useState<OccurrenceDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [answer, setAnswer] = useState<Answer>('yes');
  const [saved, setSaved] = useState<string | null>(null);
  const [roomHere, setRoomHere] = useState(false);
  const [pack, setPack] = useState({ notes: '', decisions: '', links: '' });

  const load = useCallback(() => {
    return api
      .get(`/api/peer-sessions/occurrences/${encodeURIComponent(id)}`)
      .then((body) => {
        const d = parseOccurrenceDetail(body);
        setDetail(d);
        setProblem(null);
        if (d.occurrence.myAnswer) setAnswer(d.occurrence.myAnswer);
        return d;
      })
      .catch((error) => {
        setProblem(problemMessage(error, t));
        return null;
      });
  }, [id, t]);

  // Read once, then follow the theme's session stream: an event about this occurrence reloads it.
  const stream = useRef<string | null>(null);
  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    load().then((d) => {
      if (!d || cancelled) return;
      stream.current = d.stream;
      let last = d.seq;
      stop = live.watch(d.stream, {
        lastSeq: () => last,
        onEvent: (seq, event) => {
          if (seq <= last) return;
          last = seq;
          const e = peerSessionEvent(event);
          if (e && (('occurrenceId' in e && e.occurrenceId === id) || e.seriesId === d.occurrence.seriesId)) load();
        },
        onResync: () => {
          load().then((fresh) => {
            if (fresh) last = fresh.seq;
          });
        },
      });
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [id, load]);

  async function act(call: () => Promise<unknown>, message: string | null) {
    try {
      await call();
      setSaved(message);
      setProblem(null);
      await load();
    } catch (error) {
      setProblem(problemMessage(error, t));
    }
  }

  function rsvp(event: FormEvent) {
    event.preventDefault();
    act(() => api.request('PUT', `/api/peer-sessions/occurrences/${id}/rsvp`, { answer }), t('sessions.occurrence.saved'));
  }

  function publish(event: FormEvent) {
    event.preventDefault();
    const links = pack.links.split('\n').map((l) => l.trim()).filter(Boolean);
    act(() => api.post(`/api/peer-sessions/occurrences/${id}/catch-up`, { notes: pack.notes, decisions: pack.decisions, links }),
      t('sessions.occurrence.published'));
  }

  if (!detail) {
    return (
      <Page title={t('sessions.title')}>
        {problem ? <p role="alert" className="problem">{problem}</p> : <p role="status">{t('common.loading')}</p>}
      </Page>
    );
  }
  const o = detail.occurrence;
  const started = Date.now() >= new Date(o.startsAt).getTime();
  return (
    <Page title={o.title}>
      <p>
        {t(`sessions.format.${o.format}`)}
        {o.status === 'cancelled' ? <strong> · {t('sessions.status.cancelled')}</strong> : null}
        {o.moved ? <em> · {t('sessions.moved')}</em> : null}
      </p>
      <section aria-labelledby="when-title">
        <h2 id="when-title">{t('sessions.occurrence.when')}</h2>
        <OccurrenceTimes occurrence={o} />
        {detail.rotation.length > 1 ? <p>{t('sessions.rotation', { times: detail.rotation.join(' / '), zone: o.organiserZone })}</p> : null}
        <p>
          <a href={`/api/peer-sessions/occurrences/${encodeURIComponent(o.id)}/ics`} download={`session-${o.id}.ics`}>
            {t('sessions.occurrence.ics')}
          </a>
        </p>
      </section>
      {detail.description ? <p className="session-description">{detail.description}</p> : null}
      {o.place ? <p>{t('sessions.occurrence.place')} : {o.place}</p> : null}
      <p>
        {t('sessions.occurrence.facilitators')} : {detail.facilitators.map((f) => f.displayName).join(', ')}
      </p>
      {o.format !== 'in_person' && o.status === 'scheduled' ? (
        <section aria-labelledby="room-title">
          <h2 id="room-title">{t('sessions.occurrence.room')}</h2>
          {detail.roomUrl ? (
            <>
              <p>
                <a href={detail.roomUrl} target="_blank" rel="noopener noreferrer">
                  {t('sessions.occurrence.roomOpen')}
                </a>{' '}
                <button type="button" onClick={() => setRoomHere(true)}>{t('sessions.occurrence.roomHere')}</button>
              </p>
              {roomHere ? (
                <iframe title={t('sessions.occurrence.roomFrame')} src={detail.roomUrl} allow="camera; microphone; display-capture; fullscreen"
                  className="session-room" />
              ) : null}
            </>
          ) : (
            <p>{t('sessions.occurrence.roomLater', { when: formatDateTime(detail.roomOpensAt, language, o.readerZone) })}</p>
          )}
          {detail.dialIn ? <p>{t('sessions.occurrence.dialIn')} : {detail.dialIn}</p> : null}
        </section>
      ) : null}
      {problem ? <p role="alert" className="problem">{problem}</p> : null}
      {saved ? <Notice>{saved}</Notice> : null}
      {o.status === 'scheduled' && !started ? (
        <form onSubmit={rsvp}>
          <fieldset>
            <legend>{t('sessions.occurrence.rsvp')}</legend>
            {ANSWERS.map((a) => (
              <label key={a} className="radio">
                <input type="radio" name="answer" value={a} checked={answer === a} onChange={() => setAnswer(a)} />
                {t(`sessions.occurrence.answer.${a}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t('sessions.occurrence.send')}</button>
        </form>
      ) : null}
      {o.mySeat ? <p>{t(`sessions.occurrence.seat.${o.mySeat}`)}</p> : null}
      <section aria-labelledby="attendees-title">
        <h2 id="attendees-title">{t('sessions.occurrence.attendees')}</h2>
        <p aria-live="polite">
          {o.capacity !== null ? t('sessions.seats', { attending: o.attending, capacity: o.capacity }) : t('sessions.seatsOpen', { attending: o.attending })}
        </p>
        {detail.attendees.length === 0 ? <p>{t('sessions.occurrence.nobody')}</p> : (
          <ul>
            {detail.attendees.map((a) => (
              <li key={a.id}>
                {a.displayName} ({t(`sessions.occurrence.answer.${a.answer}`)}){a.checkedIn ? ` · ${t('sessions.occurrence.checkedIn')}` : ''}
              </li>
            ))}
          </ul>
        )}
        {detail.waitingList.length > 0 ? (
          <>
            <h3>{t('sessions.occurrence.waitingList')}</h3>
            <ol>
              {detail.waitingList.map((a) => (
                <li key={a.id}>{a.displayName}</li>
              ))}
            </ol>
          </>
        ) : null}
      </section>
      {o.catchUpThreadId ? (
        <p>
          <Link to={`/threads/${o.catchUpThreadId}`}>{t('sessions.occurrence.catchUpLink')}</Link>
        </p>
      ) : null}
      {o.status === 'scheduled' && started && !o.catchUpThreadId ? (
        <p>
          <button type="button" onClick={() => act(() => api.post(`/api/peer-sessions/occurrences/${id}/check-in`), null)}>
            {t('sessions.occurrence.checkIn')}
          </button>
        </p>
      ) : null}
      {detail.canManage && o.status === 'scheduled' && !started ? (
        <p>
          <button type="button" onClick={() => act(() => api.post(`/api/peer-sessions/occurrences/${id}/cancel`), null)}>
            {t('sessions.occurrence.cancel')}
          </button>
        </p>
      ) : null}
      {detail.canManage && o.status === 'scheduled' && started && !o.catchUpThreadId ? (
        <form onSubmit={publish} aria-labelledby="catch-up-title">
          <h2 id="catch-up-title">{t('sessions.occurrence.catchUp')}</h2>
          <TextField id="notes" label={t('sessions.occurrence.notes')} multiline value={pack.notes} onChange={(v) => setPack({ ...pack, notes: v })} />
          <TextField id="decisions" label={t('sessions.occurrence.decisions')} optional multiline value={pack.decisions}
            onChange={(v) => setPack({ ...pack, decisions: v })} />
          <TextField id="links" label={t('sessions.occurrence.links')} optional multiline value={pack.links} onChange={(v) => setPack({ ...pack, links: v })} />
          <button type="submit">{t('sessions.occurrence.publish')}</button>
        </form>
      ) : null}
    </Page>
  );
}
