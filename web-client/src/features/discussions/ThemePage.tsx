import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import {
  BODY_MAX,
  parseThemePage,
  parseThemes,
  TITLE_MAX,
  TITLE_MIN,
  type Person,
  type ThemeSummary,
  type ThreadKind,
  THEME_FOLLOW_LEVELS,
} from '../../protocol/discussion';
import { shownUnread } from '../../store/unread';
import { FollowControl, MentionTextarea } from './controls';
import { addPick, mentionIds } from '../../store/mentions';
import { api } from '../../transport/api';
import { commandQueue } from '../../store/app';
import { newIdempotencyKey } from '../../store/commandQueue';
import { Page } from '../../ui/Page';
import { problemSentence } from '../../ui/problems';
import { Link, navigate } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { ErrorSummary, problemMessage, TextField, type FieldErrors } from '../../ui/forms';
import { OfflineBanner, sendCommand, useCurrentUserId, When } from './common';
import { useLiveStream } from '../../store/useLiveStream';
import { applyThemeEvent, pinnedFirst } from '../../store/discussionPages';

export default function ThemePage({ params }: { params: Record<string, string> }) {
  const slug = params.slug;
  const t = useT();
  const language = useLanguage();
  const [theme, setTheme] = useState<ThemeSummary | null>(null);
  const label = theme ? (language === 'en' ? theme.labelEn : theme.labelFr) : null;
  const [announce, setAnnounce] = useState('');
  const me = useCurrentUserId();

  useEffect(() => {
    api
      .get('/api/themes')
      .then((body) => setTheme(parseThemes(body).find((th) => th.slug === slug) ?? null))
      .catch(() => undefined);
  }, [slug]);

  const load = useCallback(async () => {
    const fresh = parseThemePage(await api.get(`/api/themes/${encodeURIComponent(slug)}/threads`));
    return { ...fresh, threads: pinnedFirst(fresh.threads) };
  }, [slug]);
  const { page, error, lost } = useLiveStream({
    load,
    apply: (p, e) => applyThemeEvent(p, e, me),
    onLiveEvent: (event) => {
      if (event.type === 'discussion.thread_created') {
        setAnnounce(t('theme.newThreadAnnounce', { title: event.thread.title, name: event.thread.authorName }));
      }
    },
  });

  const pending = useSyncExternalStore(commandQueue.subscribe, commandQueue.list).filter(
    (q) => q.command.type === 'discussion.create_thread' && q.command.theme === slug && (q.userId === null || q.userId === me),
  );

  return (
    <Page title={label ?? t('theme.titleFallback')}>
      <p>
        <Link to="/themes">{t('theme.back')}</Link>
      </p>
      <OfflineBanner />
      <div aria-live="polite" className="visually-hidden">
        {announce}
      </div>
      {error && !page ? <p role="alert" className="problem">{problemMessage(error, t)}</p> : null}
      {lost ? <p role="alert" className="problem">{t('discussions.lost')}</p> : null}
      {theme ? (
        <FollowControl
          path={`/api/themes/${encodeURIComponent(slug)}/follow`}
          level={theme.followLevel}
          levels={THEME_FOLLOW_LEVELS}
          onChange={(level) => setTheme((th) => (th ? { ...th, followLevel: level } : th))}
        />
      ) : null}
      <section aria-labelledby="threads-heading">
        <h2 id="threads-heading">{t('theme.threads')}</h2>
        {!page && !error ? <p role="status">{t('common.loading')}</p> : null}
        {page && page.threads.length === 0 && pending.length === 0 ? <p>{t('theme.empty')}</p> : null}
        {page ? (
          <ul className="thread-list">
            {pending.map((q) =>
              q.command.type === 'discussion.create_thread' ? (
                <li key={q.command.idempotencyKey} className="thread pending">
                  <span className="thread-title">{q.command.title}</span>{' '}
                  <span className="badge pending-badge">{t('discussions.pending')}</span>
                </li>
              ) : null,
            )}
            {page.threads.map((thread) => {
              const unread = theme?.followLevel === 'muted' ? 0 : shownUnread(thread.unread, thread.followLevel);
              return (
              <li key={thread.id} className={`thread${thread.pinned ? ' pinned' : ''}`}>
                {thread.pinned ? <><span className="badge pinned-badge">{t('thread.pinned')}</span>{' '}</> : null}
                <Link to={`/threads/${encodeURIComponent(thread.id)}`} className="thread-title">
                  {thread.title}
                  {unread > 0 ? (
                    <>
                      {' '}
                      <span className="badge unread">{t('unread.count', { count: unread })}</span>
                    </>
                  ) : null}
                </Link>{' '}
                {thread.kind === 'question' ? <span className="badge">{t('thread.kind.question')}</span> : null}{' '}
                {thread.solved ? <span className="badge solved">{t('thread.solved')}</span> : null}{' '}
                {thread.locked ? <span className="badge locked">{t('thread.lockedBadge')}</span> : null}
                <p className="thread-meta">
                  {t('theme.by', { name: thread.authorName })} · {t('theme.postCount', { count: thread.postCount })} ·{' '}
                  {t('theme.lastActivity')} <When iso={thread.lastPostAt ?? thread.createdAt} />
                </p>
              </li>
              );
            })}
          </ul>
        ) : null}
      </section>
      {/* Only on a theme the reader may read (hence write in, guests included: the server lets a
          guest start threads in the themes opened to it); a refused theme shows no form. */}
      {page ? <NewThreadForm slug={slug} /> : null}
    </Page>
  );
}

function NewThreadForm({ slug }: { slug: string }) {
  const t = useT();
  const [kind, setKind] = useState<ThreadKind>('discussion');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [picked, setPicked] = useState<Person[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const labels = { title: t('newThread.titleField'), body: t('newThread.body') };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setGeneral(null);
    const found: FieldErrors = {};
    const trimmed = title.trim();
    if (trimmed.length < TITLE_MIN || trimmed.length > TITLE_MAX) found.title = t('validation.titleLength', { min: TITLE_MIN, max: TITLE_MAX });
    if (!body.trim()) found.body = t('validation.required');
    else if (body.length > BODY_MAX) found.body = t('validation.tooLong', { max: BODY_MAX });
    setErrors(found);
    if (Object.keys(found).length) return;
    const idempotencyKey = newIdempotencyKey();
    const outcome = commandQueue.outcome(idempotencyKey);
    const mentions = mentionIds(body, picked);
    sendCommand({
      type: 'discussion.create_thread',
      idempotencyKey,
      theme: slug,
      kind,
      title: trimmed,
      body,
      ...(mentions.length ? { mentions } : {}),
    });
    setTitle('');
    setBody('');
    setPicked([]);
    setWaiting(true);
    const result = await outcome;
    if (!mounted.current) return;
    setWaiting(false);
    if (result.ok && typeof result.result.threadId === 'string') {
      navigate(`/threads/${encodeURIComponent(result.result.threadId)}`);
    } else {
      setGeneral(problemSentence(result.problemType ?? '', t) ?? t('error.unexpected'));
    }
  }

  return (
    <section aria-labelledby="new-thread-heading">
      <h2 id="new-thread-heading">{t('newThread.heading')}</h2>
      <ErrorSummary fields={errors} labels={labels} general={general} />
      {waiting ? <p role="status">{t('newThread.waiting')}</p> : null}
      <form noValidate onSubmit={submit} className="form">
        <fieldset className="field">
          <legend>{t('newThread.kind')}</legend>
          {(['discussion', 'question'] as const).map((k) => (
            <div key={k} className="radio">
              <input type="radio" id={`kind-${k}`} name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <label htmlFor={`kind-${k}`}>{t(`thread.kind.${k}`)}</label>
            </div>
          ))}
        </fieldset>
        <TextField id="title" label={labels.title} value={title} onChange={setTitle} error={errors.title} hint={t('newThread.titleHint', { min: TITLE_MIN, max: TITLE_MAX })} />
        <div className={`field${errors.body ? ' field-invalid' : ''}`}>
          <label htmlFor="body">{labels.body}</label>
          <MentionTextarea
            id="body"
            value={body}
            onChange={setBody}
            onPick={(person) => setPicked((list) => addPick(list, person))}
            invalid={!!errors.body}
            describedBy={`body-hint${errors.body ? ' body-error' : ''}`}
          />
          <p id="body-hint" className="hint">
            {t('composer.markdownHint', { max: BODY_MAX })} {t('mention.hint')}
          </p>
          {errors.body ? (
            <p id="body-error" className="field-error">
              {errors.body}
            </p>
          ) : null}
        </div>
        <button type="submit">{t('newThread.submit')}</button>
      </form>
    </section>
  );
}
