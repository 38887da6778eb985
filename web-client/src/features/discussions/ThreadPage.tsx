import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import {
  BODY_MAX,
  parseHistory,
  parseThreadPage,
  REACTIONS,
  type DiscussionEvent,
  type Post,
  type Revision,
  type ThreadPage as ThreadPageData,
} from '../../protocol/discussion';
import { api } from '../../transport/api';
import { commandQueue, connection, live } from '../../store/app';
import { newIdempotencyKey } from '../../store/commandQueue';
import { createTypingThrottle, TypingRoster } from '../../store/typing';
import { loadDraft, saveDraft } from '../../store/drafts';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { useT } from '../../ui/i18n';
import { problemMessage } from '../../ui/forms';
import { OfflineBanner, sendCommand, useCurrentUserId, When } from './common';
import { useLiveStream } from './useLiveStream';

export function applyThreadEvent(page: ThreadPageData, event: DiscussionEvent): ThreadPageData {
  const id = page.thread.id;
  switch (event.type) {
    case 'discussion.post_created':
      if (event.post.threadId !== id || page.posts.some((p) => p.id === event.post.id)) return page;
      return {
        ...page,
        posts: [...page.posts, event.post],
        thread: { ...page.thread, postCount: page.thread.postCount + 1, lastPostAt: event.post.createdAt },
      };
    case 'discussion.post_edited':
      if (event.post.threadId !== id) return page;
      return { ...page, posts: page.posts.map((p) => (p.id === event.post.id ? { ...p, ...event.post, reactions: p.reactions } : p)) };
    case 'discussion.reaction_changed':
      if (!page.posts.some((p) => p.id === event.postId)) return page;
      return { ...page, posts: page.posts.map((p) => (p.id === event.postId ? { ...p, reactions: event.reactions } : p)) };
    default:
      return page;
  }
}

const REACTION_KEYS: Record<string, string> = { '👍': 'thumbsUp', '❤️': 'heart', '🎉': 'party', '🙏': 'thanks', '💡': 'idea', '👀': 'eyes' };

export default function ThreadPage({ params }: { params: Record<string, string> }) {
  const threadId = params.id;
  const t = useT();
  const me = useCurrentUserId();
  const [announce, setAnnounce] = useState('');
  const roster = useMemo(() => new TypingRoster(), []);
  const [typingNames, setTypingNames] = useState<string[]>([]);
  const [replyTo, setReplyTo] = useState<Post | null>(null);
  const composer = useRef<HTMLTextAreaElement>(null);

  const load = useCallback(async () => parseThreadPage(await api.get(`/api/threads/${encodeURIComponent(threadId)}`)), [threadId]);
  const { page, error, lost } = useLiveStream({
    load,
    apply: applyThreadEvent,
    onLiveEvent: (event) => {
      if (event.type === 'discussion.post_created' && event.post.threadId === threadId) {
        roster.stopped(event.post.authorId);
        setTypingNames(roster.names());
        if (event.post.authorId !== me) setAnnounce(t('thread.newPostAnnounce', { name: event.post.authorName }));
      }
    },
    onTyping: (typingThread, userId, displayName) => {
      if (typingThread !== threadId || !userId || userId === me) return;
      roster.seen(userId, displayName);
      setTypingNames(roster.names());
    },
  });

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

  return (
    <Page title={page?.thread.title ?? t('thread.titleFallback')}>
      {page ? (
        <p className="thread-meta">
          <Link to={`/themes/${encodeURIComponent(page.thread.theme)}`}>{t('thread.backToTheme')}</Link>
          {page.thread.kind === 'question' ? <> · <span className="badge">{t('thread.kind.question')}</span></> : null}
          {page.thread.solved ? <> · <span className="badge solved">{t('thread.solved')}</span></> : null}
        </p>
      ) : null}
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
          {page.thread.locked ? (
            <p>{t('thread.locked')}</p>
          ) : (
            <Composer
              threadId={threadId}
              stream={page.stream}
              replyTo={replyTo}
              onClearReply={() => setReplyTo(null)}
              textarea={composer}
            />
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
}: {
  post: Post;
  quoted: Post | null;
  me: string | null;
  onReply: (post: Post) => void;
}) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [history, setHistory] = useState<Revision[] | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const headingId = `post-${post.id}-author`;

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
    <li className="post" id={`post-${post.id}`}>
      <article aria-labelledby={headingId}>
        <header className="post-meta">
          <h3 id={headingId} className="post-author">
            {post.authorName}
          </h3>
          <When iso={post.createdAt} />
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
        ) : editing ? (
          <EditForm post={post} onDone={() => setEditing(false)} />
        ) : (
          <div className="post-body" dangerouslySetInnerHTML={{ __html: post.html }} />
        )}
        {!post.deleted ? (
          <div className="post-actions">
            <div role="group" aria-label={t('post.reactions')} className="reactions">
              {REACTIONS.map((emoji) => {
                const users = post.reactions[emoji] ?? [];
                const mine = me !== null && users.includes(me);
                return (
                  <button
                    key={emoji}
                    type="button"
                    className="reaction"
                    aria-pressed={mine}
                    aria-label={t('post.reaction', { label: t(`reaction.${REACTION_KEYS[emoji]}`), count: users.length })}
                    onClick={() => react(emoji, !mine)}
                  >
                    <span aria-hidden="true">
                      {emoji} {users.length}
                    </span>
                  </button>
                );
              })}
            </div>
            <button type="button" className="secondary" onClick={() => onReply(post)} aria-describedby={headingId}>
              {t('post.reply')}
            </button>
            {me === post.authorId && !editing ? (
              <button type="button" className="secondary" onClick={() => setEditing(true)} aria-describedby={headingId}>
                {t('post.edit')}
              </button>
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
  const [error, setError] = useState<string | null>(null);
  const id = `edit-${post.id}`;
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) return setError(t('validation.required'));
    if (body.length > BODY_MAX) return setError(t('validation.tooLong', { max: BODY_MAX }));
    if (body !== post.body) sendCommand({ type: 'discussion.edit_post', idempotencyKey: newIdempotencyKey(), postId: post.id, body });
    onDone();
  }

  return (
    <form noValidate onSubmit={submit} className="form edit-form">
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>{t('post.editLabel')}</label>
        <textarea
          ref={area}
          id={id}
          rows={5}
          value={body}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setBody(e.target.value)}
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
    sendCommand({
      type: 'discussion.reply',
      idempotencyKey: newIdempotencyKey(),
      threadId,
      body,
      ...(replyTo ? { replyTo: replyTo.id } : {}),
    });
    setBody('');
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
        <textarea
          ref={textarea}
          id="reply-body"
          rows={5}
          value={body}
          aria-invalid={error ? true : undefined}
          aria-describedby={`reply-body-hint${error ? ' reply-body-error' : ''}`}
          onChange={(e) => change(e.target.value)}
          onKeyDown={keyDown}
        />
        <p id="reply-body-hint" className="hint">
          {t('composer.markdownHint', { max: BODY_MAX })}
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
