import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { Page } from '../../ui/Page';
import { useLanguage, useT } from '../../ui/i18n';
import { Button } from '../../ui/components';
import { SelectField } from '../../ui/forms';
import { problemMessage } from '../../ui/forms';
import { navigate } from '../../ui/router';
import { api, ApiError } from '../../transport/api';
import { commandQueue, session } from '../../store/app';
import { newIdempotencyKey } from '../../store/commandQueue';
import { problemSentence } from '../../ui/problems';
import { OfflineBanner, sendCommand } from '../discussions/common';
import { ReportButton } from '../moderation/ReportDialog';
import { applyHelpEvent, parseHelpEvent, parseHelpPage, parseHelpReaders, type HelpPage, type HelpReaders, type HelpRequest } from '../../protocol/help';
import type { DiscussionEvent } from '../../protocol/discussion';
import { useLiveStream } from '../../store/useLiveStream';
import { useCompetenceLabel, useReference } from '../directory/common';
import { reasonSentence } from './reasons';
import '../directory/directory.css';

type LivePage = HelpPage & { stream: string };

async function load(id: string): Promise<HelpPage> {
  return parseHelpPage(await api.get(`/api/help/${encodeURIComponent(id)}`));
}

function RequestDetails({ request }: { request: HelpRequest }) {
  const t = useT();
  const { competences } = useReference();
  const label = useCompetenceLabel(competences);
  return (
    <section aria-labelledby="help-need" className="help-request">
      <p className="meta">
        {t('help.requester', { name: request.requester.displayName })} ·{' '}
        <span className="help-status" data-status={request.status}>
          {request.status === 'open' ? t('help.status.open') : t(`help.status.${request.status}`, { helper: request.helper?.displayName ?? '' })}
        </span>
        {request.late ? ` · ${t('help.late')}` : ''}
      </p>
      <h2 id="help-need">{t('help.need')}</h2>
      <p className="help-need-text">{request.need}</p>
      <dl>
        <dt>{t('help.field.competences')}</dt>
        <dd>{request.competences.map(label).join(', ')}</dd>
        <dt>{t('help.field.urgency')}</dt>
        <dd>{t(`help.urgency.${request.urgency}`)}</dd>
        <dt>{t('help.field.preferredForm')}</dt>
        <dd>{t(`help.form.${request.preferredForm}`)}</dd>
      </dl>
      {request.thanks ? <p className="help-thanks">{t('help.thanksShown', { thanks: request.thanks })}</p> : null}
    </section>
  );
}

/** What an offered pioneer sees: the request, and accept or pass. */
function Offer({ page, onAccepted }: { page: HelpPage; onAccepted: () => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [state, setState] = useState(page.myOffer);

  async function accept() {
    try {
      await api.post(`/api/help/${page.request.id}/accept`);
      onAccepted();
    } catch (e) {
      setMessage(e instanceof ApiError && e.status === 409 ? t('help.taken') : problemMessage(e, t));
    }
  }

  async function pass(event: FormEvent) {
    event.preventDefault();
    try {
      await api.post(`/api/help/${page.request.id}/pass`, { reason });
      setState('passed');
      setMessage(t('help.passed'));
    } catch (e) {
      setMessage(problemMessage(e, t));
    }
  }

  return (
    <>
      <RequestDetails request={page.request} />
      {!page.myOffer && page.request.status !== 'open' ? <p className="hint">{t('help.readers.notYou')}</p> : null}
      <div role="status" aria-live="polite">
        {message}
      </div>
      {state === 'offered' && page.request.status === 'open' ? (
        <>
          <p>
            <button type="button" onClick={accept}>
              {t('help.accept')}
            </button>
          </p>
          <form onSubmit={pass} className="inline-form">
            <div className="field">
              <label htmlFor="pass-reason">{t('help.passReason')}</label>
              <input id="pass-reason" value={reason} required maxLength={500} onChange={(e) => setReason(e.target.value)} />
            </div>
            <button type="submit">{t('help.pass')}</button>
          </form>
        </>
      ) : null}
    </>
  );
}

/** "Visible par : vous, Bruno et Claire (invitée)", and the invitation for participants. */
function Readers({ requestId, readers, me, participant, onChange }: {
  requestId: string; readers: HelpReaders; me: string | undefined; participant: boolean; onChange: (readers: HelpReaders) => void;
}) {
  const t = useT();
  const language = useLanguage();
  const [chosen, setChosen] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const names = [
    ...readers.participants.map((p) => (p.id === me ? t('help.readers.you') : p.displayName)),
    ...readers.invited.map((i) => (i.reader.id === me ? t('help.readers.youInvited') : t('help.readers.invited', { name: i.reader.displayName }))),
    ...(readers.facilitators ? [t('help.readers.team')] : []),
  ];
  const list = new Intl.ListFormat(language, { type: 'conjunction' }).format(names);

  async function invite(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    try {
      const answer = parseHelpReaders(await api.post(`/api/help/${requestId}/readers`, { userId: chosen }));
      const who = readers.invitable.find((p) => p.id === chosen)?.displayName ?? '';
      onChange(answer);
      setChosen('');
      setMessage(t('help.readers.done', { name: who }));
    } catch (e) {
      setMessage(problemMessage(e, t));
    }
  }

  return (
    <section aria-labelledby="help-readers" className="help-readers">
      <h2 id="help-readers" className="visually-hidden">{t('help.readers.heading')}</h2>
      <p>
        <strong>{t('help.readers.visibleTo')}</strong> {list}
      </p>
      <p className="hint">{readers.facilitators ? t('help.readers.escalatedHint') : t('help.readers.privateHint')}</p>
      {participant && readers.invitable.length > 0 ? (
        <form onSubmit={invite} className="inline-form">
          <SelectField id="help-invite" label={t('help.readers.choose')} value={chosen} onChange={setChosen}>
            <option value="">{t('help.readers.nobody')}</option>
            {readers.invitable.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </SelectField>
          <Button type="submit" variant="secondary" isDisabled={!chosen}>
            {t('help.readers.invite')}
          </Button>
        </form>
      ) : null}
      <div role="status" aria-live="polite">
        {message}
      </div>
    </section>
  );
}

function Conversation({ initial }: { initial: LivePage }) {
  const t = useT();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const { page, lost } = useLiveStream<LivePage>({
    load: async () => {
      const fresh = await load(initial.request.id);
      return { ...fresh, stream: fresh.stream ?? initial.stream };
    },
    apply: (current, event: DiscussionEvent) => {
      if (event.type !== 'other') return current;
      const parsed = parseHelpEvent(event.raw);
      return parsed ? (applyHelpEvent(current, parsed) as LivePage) : current;
    },
  });
  const [body, setBody] = useState('');
  const [thanks, setThanks] = useState('');
  const [readersNow, setReadersNow] = useState<HelpReaders | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = page ?? initial;
  const request = shown.request;
  const me = user?.id;
  const participant = me === request.requester.id || me === request.helper?.id;
  const competenceLabel = useCompetenceLabel(useReference().competences);
  const messageCount = (shown.messages ?? []).length;

  // What is on screen is read: its notices are marked read, so they are not e-mailed as well.
  useEffect(() => {
    const markRead = () => {
      if (document.visibilityState === 'visible') api.post(`/api/help/${request.id}/read`).catch(() => undefined);
    };
    markRead();
    document.addEventListener('visibilitychange', markRead);
    return () => document.removeEventListener('visibilitychange', markRead);
  }, [request.id, messageCount]);

  // Messages wait in the persisted offline queue like thread replies: written without a
  // connection, they go out (once, by their key) when it comes back.
  const queued = useSyncExternalStore(commandQueue.subscribe, commandQueue.list);
  const pending = queued.flatMap((q) =>
    q.command.type === 'help.post_message' && q.command.helpRequestId === request.id && (q.userId === null || q.userId === me)
      ? [{ key: q.command.idempotencyKey, body: q.command.body }]
      : [],
  );

  function send(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) return;
    const idempotencyKey = newIdempotencyKey();
    const text = body;
    commandQueue.outcome(idempotencyKey).then((outcome) => {
      if (outcome.ok) return;
      setError(problemSentence(outcome.problemType ?? '', t) ?? t('error.unexpected'));
      setBody((current) => current || text);
    });
    sendCommand({ type: 'help.post_message', idempotencyKey, helpRequestId: request.id, body: text });
    setBody('');
    setError(null);
  }

  async function publish() {
    try {
      const answer = (await api.post(`/api/help/${request.id}/publish`)) as { threadId?: unknown };
      navigate(`/threads/${String(answer.threadId)}`);
    } catch (e) {
      setError(problemMessage(e, t));
    }
  }

  async function solve(event: FormEvent) {
    event.preventDefault();
    try {
      await api.post(`/api/help/${request.id}/solve`, { thanks: thanks || null });
      setError(null);
    } catch (e) {
      setError(problemMessage(e, t));
    }
  }

  return (
    <>
      <RequestDetails request={request} />
      {lost ? <p role="alert">{t('help.lost')}</p> : null}
      {error ? <p role="alert">{error}</p> : null}
      {shown.matches ? (
        <section aria-labelledby="help-matches">
          <h2 id="help-matches">{t('help.matches')}</h2>
          <p className="hint">{t('help.matchesHint')}</p>
          <ol className="help-matches">
            {shown.matches.map((m) => (
              <li key={m.pioneer.id}>
                <strong>{m.pioneer.displayName}</strong> — {t('help.score', { points: m.score })} ·{' '}
                {t(`help.matchState.${m.state}`, { reason: m.passReason ?? '' })}
                <ul>
                  {m.reasons.map((r) => (
                    <li key={r.factor}>
                      {reasonSentence(r, t, competenceLabel, me === request.requester.id)}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {request.status !== 'open' ? (
        <section aria-labelledby="help-conversation">
          <h2 id="help-conversation">{t('help.conversation')}</h2>
          {shown.readers ? (
            <Readers
              requestId={request.id}
              readers={mergeReaders(shown.readers, readersNow)}
              me={me}
              participant={participant}
              onChange={setReadersNow}
            />
          ) : null}
          <div role="log" aria-live="polite">
            <ol className="help-messages">
              {(shown.messages ?? []).map((m) => (
                <li key={m.id} id={`message-${m.id}`}>
                  <strong>{m.author.displayName}</strong> :{' '}
                  {m.hidden ? (
                    <span className="deleted">{t('post.hiddenByModeration')}</span>
                  ) : (
                    <>
                      {m.body}
                      {m.moderated ? <span className="edited moderated"> ({t('post.moderated')})</span> : null}{' '}
                      {m.author.id !== me ? <ReportButton itemKind="help_message" itemId={m.id} /> : null}
                    </>
                  )}
                </li>
              ))}
              {pending.map((m) => (
                <li key={m.key} className="pending">
                  <span className="badge pending-badge">{t('discussions.pending')}</span> {m.body}
                </li>
              ))}
            </ol>
          </div>
          {!(shown.messages ?? []).length && !pending.length ? <p>{t('help.noMessages')}</p> : null}
          {participant ? <OfflineBanner /> : null}
          {participant ? (
            <form onSubmit={send}>
              <div className="field">
                <label htmlFor="help-message">{t('help.message')}</label>
                <textarea id="help-message" rows={3} maxLength={5000} value={body} onChange={(e) => setBody(e.target.value)} />
              </div>
              <button type="submit">{t('help.sendMessage')}</button>
            </form>
          ) : null}
          {me === request.requester.id ? (
            <p>
              <button type="button" onClick={publish}>
                {t('help.publish')}
              </button>
            </p>
          ) : null}
          {me === request.requester.id && request.status === 'accepted' ? (
            <form onSubmit={solve}>
              <div className="field">
                <label htmlFor="help-thanks">{t('help.thanks')}</label>
                <input id="help-thanks" maxLength={500} value={thanks} onChange={(e) => setThanks(e.target.value)} />
              </div>
              <button type="submit">{t('help.solve')}</button>
            </form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** The live page and the answer of our own invitation: whichever knows more readers. */
function mergeReaders(live: HelpReaders, mine: HelpReaders | null): HelpReaders {
  if (!mine) return live;
  const invited = [...live.invited, ...mine.invited.filter((i) => !live.invited.some((l) => l.reader.id === i.reader.id))];
  const ids = new Set(invited.map((i) => i.reader.id));
  return { ...live, invited, invitable: live.invitable.filter((p) => !ids.has(p.id)) };
}

function HelpRequestBody({ id, reload }: { id: string; reload: () => void }) {
  const t = useT();
  const [page, setPage] = useState<HelpPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    load(id).then(setPage, setError);
  }, [id]);
  if (!page) {
    return <Page title={t('help.title')}>{error ? <p role="alert">{problemMessage(error, t)}</p> : <p role="status">{t('common.loading')}</p>}</Page>;
  }
  return (
    <Page title={page.request.title}>
      {page.stream ? <Conversation initial={page as LivePage} /> : <Offer page={page} onAccepted={reload} />}
    </Page>
  );
}

export default function HelpRequestPage({ params }: { params: Record<string, string> }) {
  const [version, setVersion] = useState(0);
  return <HelpRequestBody key={version} id={params.id} reload={() => setVersion((v) => v + 1)} />;
}
