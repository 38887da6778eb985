import { Avatar, DeactivatedBadge } from '../../ui/components';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import {
  BODY_MAX,
  parseHistory,
  parseThreadPage,
  REACTIONS,
  parseThemes,
  type FollowLevel,
  type Person,
  type Post,
  type ThemeSummary,
  type Revision,
  type ThreadPage as ThreadPageData,
} from '../../protocol/discussion';
import { api } from '../../transport/api';
import { commandQueue, connection, live, mutes } from '../../store/app';
import { ReportButton } from '../moderation/ReportDialog';
import { newIdempotencyKey } from '../../store/commandQueue';
import { createTypingThrottle, TypingRoster } from '../../store/typing';
import { loadDraft, saveDraft } from '../../store/drafts';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { useT } from '../../ui/i18n';
import { problemMessage } from '../../ui/forms';
import { OfflineBanner, sendCommand, useCurrentUserId, When } from './common';
import { useLiveStream } from '../../store/useLiveStream';
import { applyThreadEvent } from '../../store/discussionPages';
import { FollowControl, MentionTextarea, useIsModerator } from './controls';
import { addPick, highlightMentions, mentionIds } from '../../store/mentions';
import { useLanguage } from '../../ui/i18n';

const REACTION_KEYS: Record<string, string> = { '👍': 'thumbsUp', '❤️': 'heart', '🎉': 'party', '🙏': 'thanks', '💡': 'idea', '👀': 'eyes' };

/**
 * The thread page. When the thread moves to another theme its stream changes: the view is
 * rebuilt (read again over HTTP, subscribed to the new theme's stream).
 */
export default function ThreadPage({ params }: { params: Record<string, string> }) {
  const [generation, setGeneration] = useState(0);
  const [movedTo, setMovedTo] = useState<string | null>(null);
  return (
    <ThreadView
      key={generation}
      threadId={params.id}
      movedTo={movedTo}
      onMoved={(theme) => {
        setMovedTo(theme);
        setGeneration((g) => g + 1);
      }}
    />
  );
}

/** Tells the server the thread is read now, and again when posts arrive while the tab is visible. */
function useMarkRead(threadId: string, loaded: boolean) {
  const unseen = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const markRead = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      unseen.current = false;
      api.post(`/api/threads/${encodeURIComponent(threadId)}/read`).catch(() => undefined);
    }, 300);
  }, [threadId]);
  useEffect(() => {
    if (!loaded) return;
    markRead();
    const visible = () => {
      if (document.visibilityState === 'visible' && unseen.current) markRead();
    };
    document.addEventListener('visibilitychange', visible);
    return () => {
      document.removeEventListener('visibilitychange', visible);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [loaded, markRead]);
  return useCallback(() => {
    if (document.visibilityState === 'visible') markRead();
    else unseen.current = true;
  }, [markRead]);
}

function ThreadView({ threadId, movedTo, onMoved }: { threadId: string; movedTo: string | null; onMoved: (theme: string) => void }) {
  const t = useT();
  const moderator = useIsModerator();
  const [followLevel, setFollowLevel] = useState<FollowLevel | null>(null);
  const me = useCurrentUserId();
  const [announce, setAnnounce] = useState('');
  const roster = useMemo(() => new TypingRoster(), []);
  const [typingNames, setTypingNames] = useState<string[]>([]);
  const [replyTo, setReplyTo] = useState<Post | null>(null);
  const composer = useRef<HTMLTextAreaElement>(null);

  const load = useCallback(async () => parseThreadPage(await api.get(`/api/threads/${encodeURIComponent(threadId)}`)), [threadId]);
  const [loaded, setLoaded] = useState(false);
  const postArrived = useMarkRead(threadId, loaded);
  const { page, error, lost } = useLiveStream({
    load,
    apply: applyThreadEvent,
    onLiveEvent: (event) => {
      if (event.type === 'discussion.post_created' && event.post.threadId === threadId) {
        roster.stopped(event.post.authorId);
        setTypingNames(roster.names());
        if (event.post.authorId !== me) {
          setAnnounce(t('thread.newPostAnnounce', { name: event.post.authorName }));
          postArrived();
        }
      }
      if (event.type === 'discussion.post_deleted' && event.post.threadId === threadId) setAnnounce(t('post.deletedAnnounce'));
      if (event.type === 'discussion.thread_updated' && event.thread.id === threadId) {
        setAnnounce(event.thread.solved ? t('thread.solvedAnnounce') : event.thread.locked ? t('thread.lockedShort') : t('thread.updatedAnnounce'));
      }
      if (event.type === 'discussion.thread_moved' && event.thread.id === threadId) onMoved(event.thread.theme);
    },
    onTyping: (typingThread, userId, displayName) => {
      if (typingThread !== threadId || !userId || userId === me) return;
      roster.seen(userId, displayName);
      setTypingNames(roster.names());
    },
  });

  useEffect(() => {
    if (page && !loaded) {
      setLoaded(true);
      setFollowLevel(page.thread.followLevel);
    }
  }, [page, loaded]);

  // Names fade out a few seconds after the last signal.
  useEffect(() => {
    if (typingNames.length === 0) return;
    const timer = setInterval(() => setTypingNames(roster.names()), 1000);
    return () => clearInterval(timer);
  }, [typingNames.length, roster]);

  const queued = useSyncExternalStore(commandQueue.subscribe, commandQueue.list);
  const pendingReplies = queued.filter(
    (q) => q.command.type === 'discussion.reply' && q.command.threadId === threadId && (q.userId === null || q.userId === me),
  );

  const startReply = (post: Post) => {
    setReplyTo(post);
    composer.current?.focus();
  };

  const byId = new Map((page?.posts ?? []).map((p) => [p.id, p]));
  const canSolve = (p: ThreadPageData) => p.thread.kind === 'question' && (moderator || (me !== null && p.thread.authorId === me));

  return (
    <Page title={page?.thread.title ?? t('thread.titleFallback')}>
      {page ? (
        <p className="thread-meta">
          <Link to={`/themes/${encodeURIComponent(page.thread.theme)}`}>{t('thread.backToTheme')}</Link>
          {page.thread.kind === 'question' ? <> · <span className="badge">{t('thread.kind.question')}</span></> : null}
          {page.thread.solved ? <> · <span className="badge solved">{t('thread.solved')}</span></> : null}
          {page.thread.pinned ? <> · <span className="badge pinned-badge">{t('thread.pinned')}</span></> : null}
          {page.thread.locked ? <> · <span className="badge locked">{t('thread.lockedBadge')}</span></> : null}
        </p>
      ) : null}
      {movedTo ? <p role="status">{t('thread.movedNotice')}</p> : null}
      {page && followLevel ? (
        <FollowControl path={`/api/threads/${encodeURIComponent(threadId)}/follow`} level={followLevel} onChange={setFollowLevel} />
      ) : null}
      {page && page.thread.kind === 'question' && page.thread.solved && canSolve(page) ? (
        <p>
          <button
            type="button"
            className="secondary"
            onClick={() => sendCommand({ type: 'discussion.mark_solved', idempotencyKey: newIdempotencyKey(), threadId, postId: null })}
          >
            {t('thread.reopen')}
          </button>
        </p>
      ) : null}
      {page && moderator ? <ModerationPanel threadId={threadId} pinned={page.thread.pinned} locked={page.thread.locked} theme={page.thread.theme} /> : null}
      <OfflineBanner />
      <div aria-live="polite" className="visually-hidden">
        {announce}
      </div>
      {error && !page ? <p role="alert" className="problem">{problemMessage(error, t)}</p> : null}
      {lost ? <p role="alert" className="problem">{t('discussions.lost')}</p> : null}
      {!page && !error ? <p role="status">{t('common.loading')}</p> : null}
      {page ? (
        <section aria-labelledby="posts-heading">
          <h2 id="posts-heading">{t('thread.posts', { count: page.posts.length })}</h2>
          <ol className="post-list">
            {page.posts.map((post) => (
              <PostItem
                key={post.id}
                post={post}
                quoted={post.replyTo ? byId.get(post.replyTo) ?? null : null}
                me={me}
                onReply={startReply}
                moderator={moderator}
                solving={page.thread.solvedPostId === post.id}
                canMarkAnswer={canSolve(page) && page.thread.solvedPostId !== post.id && post.id !== page.posts[0]?.id}
              />
            ))}
            {pendingReplies.map((q) =>
              q.command.type === 'discussion.reply' ? (
                <li key={q.command.idempotencyKey} className="post pending">
                  <article aria-label={t('discussions.pending')}>
                    <p className="post-meta">
                      <span className="badge pending-badge">{t('discussions.pending')}</span>
                    </p>
                    <p className="post-body pending-body">{q.command.body}</p>
                  </article>
                </li>
              ) : null,
            )}
          </ol>
          <p aria-live="polite" className="typing">
            {typingNames.length === 1
              ? t('thread.typingOne', { name: typingNames[0] })
              : typingNames.length > 1
                ? t('thread.typingMany', { names: typingNames.join(', ') })
                : ''}
          </p>
          {page.thread.locked && !moderator ? (
            <p className="locked-notice">{t('thread.locked')}</p>
          ) : (
            <>
            {page.thread.locked ? <p className="locked-notice">{t('thread.lockedModerator')}</p> : null}
            <Composer
              threadId={threadId}
              stream={page.stream}
              replyTo={replyTo}
              onClearReply={() => setReplyTo(null)}
              textarea={composer}
            />
            </>
          )}
        </section>
      ) : null}
    </Page>
  );
}

function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function PostItem({
  post,
  quoted,
  me,
  onReply,
  moderator,
  solving,
  canMarkAnswer,
}: {
  post: Post;
  quoted: Post | null;
  me: string | null;
  onReply: (post: Post) => void;
  moderator: boolean;
  solving: boolean;
  canMarkAnswer: boolean;
}) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [picking, setPicking] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  const highlighted = useMemo(() => highlightMentions(post.html, post.mentions), [post.html, post.mentions]);
  const [history, setHistory] = useState<Revision[] | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const headingId = `post-${post.id}-author`;
  const mutedIds = useSyncExternalStore(mutes.subscribe, mutes.getIds);
  const muted = me !== null && me !== post.authorId && mutedIds.has(post.authorId);
  const [revealed, setRevealed] = useState(false);
  const [muteProblem, setMuteProblem] = useState<string | null>(null);
  useEffect(() => {
    if (me) mutes.ensure(me);
  }, [me]);

  function toggleMute() {
    setMuteProblem(null);
    const change = muted ? mutes.unmute(post.authorId) : mutes.mute({ id: post.authorId, displayName: post.authorName });
    change.then(() => setRevealed(false)).catch((error) => setMuteProblem(problemMessage(error, t)));
  }

  function toggleHistory() {
    const next = !showHistory;
    setShowHistory(next);
    if (next) {
      setHistoryError(null);
      api
        .get(`/api/posts/${encodeURIComponent(post.id)}/history`)
        .then((body) => setHistory(parseHistory(body)))
        .catch((error) => setHistoryError(problemMessage(error, t)));
    }
  }

  function react(emoji: string, active: boolean) {
    sendCommand({ type: 'discussion.react', idempotencyKey: newIdempotencyKey(), postId: post.id, emoji, active });
  }

  return (
    <li className={`post${solving ? ' solving' : ''}`} id={`post-${post.id}`}>
      <article aria-labelledby={headingId}>
        <header className="post-meta">
          <Avatar name={post.authorName} id={post.authorId} size="sm" />
          <h3 id={headingId} className="post-author">
            {post.authorName}
            {post.authorDeactivated ? <DeactivatedBadge /> : null}
          </h3>
          <When iso={post.createdAt} />
          {solving ? (
            <>
              {' · '}
              <span className="badge solved">{t('post.answer')}</span>
            </>
          ) : null}
          {post.moderated && !post.hidden ? (
            <>
              {' · '}
              <span className="edited moderated">{t('post.moderated')}</span>
            </>
          ) : null}
          {post.editedAt ? (
            <>
              {' · '}
              <span className="edited">{t('post.edited')}</span>{' '}
              <button type="button" className="link-button" aria-expanded={showHistory} onClick={toggleHistory}>
                {t('post.history')}
              </button>
            </>
          ) : null}
        </header>
        {showHistory ? (
          <div className="history">
            {historyError ? <p role="alert" className="problem">{historyError}</p> : null}
            {history === null && !historyError ? <p role="status">{t('common.loading')}</p> : null}
            {history !== null ? (
              history.length === 0 ? (
                <p>{t('post.historyEmpty')}</p>
              ) : (
                <ol>
                  {history.map((r) => (
                    <li key={r.revision}>
                      <p className="post-meta">
                        {t('post.revision', { n: r.revision })} · {t('post.replacedAt')} <When iso={r.replacedAt} />
                      </p>
                      <p className="revision-body">{r.body}</p>
                    </li>
                  ))}
                </ol>
              )
            ) : null}
          </div>
        ) : null}
        {quoted ? (
          <blockquote className="quote">
            <p className="post-meta">{t('post.inReplyTo', { name: quoted.authorName })}</p>
            <p>{excerpt(quoted.body)}</p>
          </blockquote>
        ) : null}
        {post.deleted ? (
          <p className="post-body deleted">{t('post.deleted')}</p>
        ) : post.hidden ? (
          <p className="post-body deleted">{t('post.hiddenByModeration')}</p>
        ) : muted && !revealed ? (
          <p className="post-body deleted muted-post">
            {t('post.mutedPost')}{' '}
            <button type="button" className="link-button" aria-describedby={headingId} onClick={() => setRevealed(true)}>
              {t('post.showOnce')}
            </button>
          </p>
        ) : editing ? (
          <EditForm post={post} onDone={() => setEditing(false)} />
        ) : (
          <>
            <div className="post-body" dangerouslySetInnerHTML={{ __html: highlighted.html }} />
            {highlighted.missing.length ? (
              <p className="post-meta mentions">{t('post.mentions', { names: highlighted.missing.map((m) => m.displayName).join(', ') })}</p>
            ) : null}
          </>
        )}
        {!post.deleted && !post.hidden ? (
          <div className="post-actions">
            <div role="group" aria-label={t('post.reactions')} className="reactions">
              {/* Only reactions someone gave are shown; the others wait behind "add a reaction". */}
              {REACTIONS.filter((emoji) => (post.reactions[emoji] ?? []).length > 0 || picking).map((emoji) => {
                const users = post.reactions[emoji] ?? [];
                const mine = me !== null && users.includes(me);
                return (
                  <button
                    key={emoji}
                    type="button"
                    className="reaction"
                    aria-pressed={mine}
                    aria-label={t('post.reaction', { label: t(`reaction.${REACTION_KEYS[emoji]}`), count: users.length })}
                    onClick={() => {
                      react(emoji, !mine);
                      setPicking(false);
                    }}
                  >
                    <span aria-hidden="true">
                      {emoji}
                      {users.length > 0 ? ` ${users.length}` : ''}
                    </span>
                  </button>
                );
              })}
              <button type="button" className="reaction add-reaction" aria-expanded={picking} onClick={() => setPicking((p) => !p)}>
                {picking ? t('post.reactionClose') : t('post.reactionAdd')}
              </button>
            </div>
            <button type="button" className="secondary" onClick={() => onReply(post)} aria-describedby={headingId}>
              {t('post.reply')}
            </button>
            {me === post.authorId && !editing ? (
              <button type="button" className="secondary" onClick={() => setEditing(true)} aria-describedby={headingId}>
                {t('post.edit')}
              </button>
            ) : null}
            {me !== null && me !== post.authorId ? <ReportButton itemKind="post" itemId={post.id} describedBy={headingId} /> : null}
            {me !== null && me !== post.authorId ? (
              <button type="button" className="link-button quiet-action" onClick={toggleMute}>
                {muted ? t('post.unmute', { name: post.authorName }) : t('post.mute', { name: post.authorName })}
              </button>
            ) : null}
            {muteProblem ? (
              <span role="alert" className="problem">
                {muteProblem}
              </span>
            ) : null}
            {canMarkAnswer ? (
              <button
                type="button"
                className="secondary"
                aria-describedby={headingId}
                onClick={() => sendCommand({ type: 'discussion.mark_solved', idempotencyKey: newIdempotencyKey(), threadId: post.threadId, postId: post.id })}
              >
                {t('post.markAnswer')}
              </button>
            ) : null}
            {(me === post.authorId || moderator) && !editing && !confirming ? (
              <button type="button" className="secondary danger-outline" ref={deleteButton} onClick={() => setConfirming(true)} aria-describedby={headingId}>
                {t('post.delete')}
              </button>
            ) : null}
            {confirming ? (
              <span role="group" aria-label={t('post.deleteConfirmGroup')} className="confirm">
                <span>{t('post.deleteQuestion')}</span>{' '}
                <button
                  type="button"
                  ref={confirmButton}
                  className="danger"
                  onClick={() => {
                    setConfirming(false);
                    sendCommand({ type: 'discussion.delete_post', idempotencyKey: newIdempotencyKey(), postId: post.id });
                  }}
                >
                  {t('post.deleteConfirm')}
                </button>{' '}
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    setConfirming(false);
                    requestAnimationFrame(() => deleteButton.current?.focus());
                  }}
                >
                  {t('post.cancel')}
                </button>
              </span>
            ) : null}
          </div>
        ) : null}
      </article>
    </li>
  );
}

function EditForm({ post, onDone }: { post: Post; onDone: () => void }) {
  const t = useT();
  const [body, setBody] = useState(post.body);
  const [picked, setPicked] = useState<Person[]>(post.mentions);
  const [error, setError] = useState<string | null>(null);
  const id = `edit-${post.id}`;
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) return setError(t('validation.required'));
    if (body.length > BODY_MAX) return setError(t('validation.tooLong', { max: BODY_MAX }));
    const mentions = mentionIds(body, picked);
    if (body !== post.body) {
      sendCommand({ type: 'discussion.edit_post', idempotencyKey: newIdempotencyKey(), postId: post.id, body, ...(mentions.length ? { mentions } : {}) });
    }
    onDone();
  }

  return (
    <form noValidate onSubmit={submit} className="form edit-form">
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>{t('post.editLabel')}</label>
        <MentionTextarea
          textarea={area}
          id={id}
          value={body}
          invalid={!!error}
          describedBy={error ? `${id}-error` : undefined}
          onChange={setBody}
          onPick={(person) => setPicked((list) => addPick(list, person))}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onDone();
          }}
        />
        {error ? (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
      <div className="button-row">
        <button type="submit">{t('post.save')}</button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('post.cancel')}
        </button>
      </div>
    </form>
  );
}

function Composer({
  threadId,
  stream,
  replyTo,
  onClearReply,
  textarea,
}: {
  threadId: string;
  stream: string;
  replyTo: Post | null;
  onClearReply: () => void;
  textarea: RefObject<HTMLTextAreaElement | null>;
}) {
  const t = useT();
  const [body, setBody] = useState(() => loadDraft(threadId));
  const [picked, setPicked] = useState<Person[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sentNotice, setSentNotice] = useState('');
  const throttle = useMemo(() => createTypingThrottle(), []);

  function change(value: string) {
    setBody(value);
    saveDraft(threadId, value);
    if (value && throttle()) live.typing(stream, threadId);
  }

  function send() {
    setSentNotice('');
    if (!body.trim()) return setError(t('composer.empty'));
    if (body.length > BODY_MAX) return setError(t('validation.tooLong', { max: BODY_MAX }));
    setError(null);
    const mentions = mentionIds(body, picked);
    sendCommand({
      type: 'discussion.reply',
      idempotencyKey: newIdempotencyKey(),
      threadId,
      body,
      ...(replyTo ? { replyTo: replyTo.id } : {}),
      ...(mentions.length ? { mentions } : {}),
    });
    setBody('');
    setPicked([]);
    saveDraft(threadId, '');
    onClearReply();
    setSentNotice(connection.getState() === 'online' ? t('composer.sent') : t('composer.queued'));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    send();
  }

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  }

  return (
    <form noValidate onSubmit={submit} className="form composer" aria-labelledby="composer-heading">
      <h2 id="composer-heading">{t('composer.heading')}</h2>
      {replyTo ? (
        <div className="quote reply-quote">
          <p className="post-meta">{t('post.inReplyTo', { name: replyTo.authorName })}</p>
          <blockquote>
            <p>{excerpt(replyTo.body)}</p>
          </blockquote>
          <button type="button" className="link-button" onClick={onClearReply}>
            {t('composer.cancelQuote')}
          </button>
        </div>
      ) : null}
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor="reply-body">{t('composer.label')}</label>
        <MentionTextarea
          textarea={textarea}
          id="reply-body"
          value={body}
          invalid={!!error}
          describedBy={`reply-body-hint${error ? ' reply-body-error' : ''}`}
          onChange={change}
          onPick={(person) => setPicked((list) => addPick(list, person))}
          onKeyDown={keyDown}
        />
        <p id="reply-body-hint" className="hint">
          {t('composer.markdownHint', { max: BODY_MAX })} {t('mention.hint')}
        </p>
        {error ? (
          <p id="reply-body-error" className="field-error">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit">{t('composer.submit')}</button>
      <p role="status" className="visually-hidden">
        {sentNotice}
      </p>
    </form>
  );
}

function ModerationPanel({ threadId, pinned, locked, theme }: { threadId: string; pinned: boolean; locked: boolean; theme: string }) {
  const t = useT();
  const language = useLanguage();
  const [themes, setThemes] = useState<ThemeSummary[]>([]);
  const [target, setTarget] = useState('');
  useEffect(() => {
    api
      .get('/api/themes')
      .then((body) => setThemes(parseThemes(body)))
      .catch(() => undefined);
  }, []);
  const others = themes.filter((th) => th.slug !== theme);
  const moderate = (change: { pinned?: boolean; locked?: boolean; theme?: string }) =>
    sendCommand({ type: 'discussion.moderate_thread', idempotencyKey: newIdempotencyKey(), threadId, ...change });

  function move(event: FormEvent) {
    event.preventDefault();
    const to = target || others[0]?.slug;
    if (to) moderate({ theme: to });
  }

  return (
    <section aria-labelledby="moderation-heading" className="moderation">
      <h2 id="moderation-heading">{t('moderation.heading')}</h2>
      <div className="button-row">
        <button type="button" className="secondary" onClick={() => moderate({ pinned: !pinned })}>
          {pinned ? t('moderation.unpin') : t('moderation.pin')}
        </button>
        <button type="button" className="secondary" onClick={() => moderate({ locked: !locked })}>
          {locked ? t('moderation.unlock') : t('moderation.lock')}
        </button>
      </div>
      {others.length ? (
        <form noValidate onSubmit={move} className="form move-form">
          <div className="field">
            <label htmlFor="move-theme">{t('moderation.moveTo')}</label>
            <select id="move-theme" value={target || others[0].slug} onChange={(e) => setTarget(e.target.value)}>
              {others.map((th) => (
                <option key={th.slug} value={th.slug}>
                  {language === 'en' ? th.labelEn : th.labelFr}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            {t('moderation.move')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
