import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import type * as Y from 'yjs';
import type { Editor } from '@tiptap/react';
import type { DiscussionEvent } from '../../protocol/discussion';
import {
  applyCommentEvent,
  parseCommentEvent,
  parseCommentList,
  type CommentAnchor,
  type CommentList,
  type CommentView,
} from '../../protocol/comments';
import { api } from '../../transport/api';
import { session } from '../../store/app';
import { useLanguage, useT } from '../../ui/i18n';
import { formatDateTime } from '../../ui/format';
import { problemMessage, TextField } from '../../ui/forms';
import { useLiveStream } from '../../store/useLiveStream';
import { ReportButton } from '../moderation/ReportDialog';
import { anchorOfSelection, boundedQuote, rangeOfAnchor } from './commentAnchors';
import { commentHighlightKey, commentHighlights, highlightAnchors } from './commentHighlights';
import './comments.css';

function applyEvent(list: CommentList, event: DiscussionEvent): CommentList {
  if (event.type !== 'other') return list;
  const parsed = parseCommentEvent(event.raw);
  return parsed ? applyCommentEvent(list, parsed) : list;
}

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

/** A short form of the quote for button names, so each thread's buttons are told apart. */
function shortQuote(quote: string | null): string {
  return boundedQuote(quote ?? '', 40);
}

interface Draft {
  quote: string;
  anchor: CommentAnchor;
  key: string;
}

/**
 * The comments of a co-edited document: comment the editor's selection, list open threads
 * (quote, author, body, replies), show the passage, reply, resolve; resolved threads on
 * demand, reopened from there. Kept live from the workspace's stream (docs/workspaces.md).
 */
export default function DocumentComments({ editor, doc, documentId }: { editor: Editor | null; doc: Y.Doc; documentId: string }) {
  const t = useT();
  const language = useLanguage();
  const user = useSyncExternalStore(session.subscribe, session.getState).user;
  const [announce, setAnnounce] = useState('');
  const load = useCallback(() => api.get(`/api/documents/${documentId}/comments`).then(parseCommentList), [documentId]);
  const onLiveEvent = useCallback(
    (event: DiscussionEvent) => {
      if (event.type !== 'other') return;
      const e = parseCommentEvent(event.raw);
      if (!e || e.documentId !== documentId || e.comment.author.id === user?.id) return;
      if (e.type === 'workspace.comment_added') setAnnounce(t('workspace.comments.arrived', { author: e.comment.author.displayName }));
    },
    [documentId, user?.id, t],
  );
  const { page, error } = useLiveStream<CommentList>({ load, apply: applyEvent, onLiveEvent });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [body, setBody] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showResolved, setShowResolved] = useState(false);
  const commentButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (draft) document.getElementById('comment-body')?.focus();
  }, [draft]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.registerPlugin(commentHighlights(doc));
    return () => {
      if (!editor.isDestroyed) editor.unregisterPlugin(commentHighlightKey);
    };
  }, [editor, doc]);

  const openAnchors = (page?.comments ?? []).filter((c) => c.parentId === null && c.resolvedAt === null && c.anchor).map((c) => c.anchor!);
  const anchorsKey = JSON.stringify(openAnchors);
  useEffect(() => {
    if (!editor || editor.isDestroyed || !commentHighlightKey.getState(editor.state)) return;
    highlightAnchors(editor.view, JSON.parse(anchorsKey) as CommentAnchor[]);
  }, [editor, anchorsKey]);

  function startComment() {
    setFormError(null);
    const selected = editor ? anchorOfSelection(editor.state) : null;
    if (!selected) {
      setAnnounce(t('workspace.comments.selectFirst'));
      return;
    }
    setAnnounce('');
    setBody('');
    setDraft({ ...selected, key: newKey() });
  }

  function cancel() {
    setDraft(null);
    setFormError(null);
    commentButton.current?.focus();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!draft || busy) return;
    setBusy(true);
    setFormError(null);
    api
      .post(`/api/documents/${documentId}/comments`, { idempotencyKey: draft.key, body, quote: draft.quote, anchor: draft.anchor })
      .then(() => {
        setDraft(null);
        setBody('');
        setAnnounce(t('workspace.comments.published'));
        commentButton.current?.focus();
      })
      .catch((err) => setFormError(problemMessage(err, t)))
      .finally(() => setBusy(false));
  }

  function showPassage(comment: CommentView) {
    if (!editor || !comment.anchor) return;
    const range = rangeOfAnchor(editor.state, doc, comment.anchor);
    if (!range) {
      setAnnounce(t('workspace.comments.passageGone'));
      return;
    }
    editor.chain().focus().setTextSelection(range).scrollIntoView().run();
  }

  function setResolved(comment: CommentView, resolved: boolean) {
    api
      .post(`/api/documents/${documentId}/comments/${comment.id}/${resolved ? 'resolve' : 'reopen'}`)
      .then(() => setAnnounce(t(resolved ? 'workspace.comments.resolvedDone' : 'workspace.comments.reopenedDone')))
      .catch((err) => setAnnounce(problemMessage(err, t)));
  }

  const threads = (page?.comments ?? []).filter((c) => c.parentId === null);
  const open = threads.filter((c) => c.resolvedAt === null);
  const resolved = threads.filter((c) => c.resolvedAt !== null);
  const repliesOf = (id: string) => (page?.comments ?? []).filter((c) => c.parentId === id);

  function thread(comment: CommentView) {
    const quote = shortQuote(comment.quote);
    return (
      <li key={comment.id} id={`comment-${comment.id}`} className="comment-thread">
        <article aria-labelledby={`comment-${comment.id}-by`}>
          <blockquote className="comment-quote">{comment.quote}</blockquote>
          <p id={`comment-${comment.id}-by`} className="comment-meta">
            <strong>{comment.author.displayName}</strong> · <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt, language, user?.timeZone)}</time>
          </p>
          <CommentBody comment={comment} />
          {repliesOf(comment.id).length ? (
            <ul className="comment-replies" aria-label={t('workspace.comments.replies')}>
              {repliesOf(comment.id).map((r) => (
                <li key={r.id} id={`comment-${r.id}`}>
                  <strong>{r.author.displayName}</strong> : <CommentBody comment={r} inline />
                  {!r.hidden && r.author.id !== user?.id ? (
                    <>
                      {' '}
                      <ReportButton itemKind="comment" itemId={r.id} />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {comment.resolvedAt ? (
            <p className="comment-meta">
              {t('workspace.comments.resolvedBy', {
                name: comment.resolvedBy?.displayName ?? '?',
                date: formatDateTime(comment.resolvedAt, language, user?.timeZone),
              })}
            </p>
          ) : null}
          <div className="comment-actions">
            {!comment.hidden && comment.author.id !== user?.id ? (
              <>
                <ReportButton itemKind="comment" itemId={comment.id} />{' '}
              </>
            ) : null}
            <button type="button" onClick={() => showPassage(comment)} aria-label={t('workspace.comments.showNamed', { quote })}>
              {t('workspace.comments.show')}
            </button>{' '}
            {comment.resolvedAt ? (
              <button type="button" onClick={() => setResolved(comment, false)} aria-label={t('workspace.comments.reopenNamed', { quote })}>
                {t('workspace.comments.reopen')}
              </button>
            ) : (
              <>
                <ReplyForm documentId={documentId} parent={comment} quote={quote} onDone={setAnnounce} />{' '}
                <button type="button" onClick={() => setResolved(comment, true)} aria-label={t('workspace.comments.resolveNamed', { quote })}>
                  {t('workspace.comments.resolve')}
                </button>
              </>
            )}
          </div>
        </article>
      </li>
    );
  }

  return (
    <section aria-labelledby="comments-title" className="document-comments">
      <h2 id="comments-title">{t('workspace.comments.title', { count: open.length })}</h2>
      <p className="comment-hint">{t('workspace.comments.hint')}</p>
      <button type="button" ref={commentButton} onClick={startComment} disabled={!editor}>
        {t('workspace.comments.commentSelection')}
      </button>
      <p role="status" className="comment-status">
        {announce}
      </p>
      {draft ? (
        <form onSubmit={submit} className="comment-form" aria-labelledby="comment-form-title">
          <h3 id="comment-form-title">{t('workspace.comments.newTitle')}</h3>
          <blockquote className="comment-quote">{draft.quote}</blockquote>
          <TextField id="comment-body" label={t('workspace.comments.body')} multiline value={body} onChange={setBody} />
          {formError ? <p role="alert">{formError}</p> : null}
          <button type="submit" disabled={busy}>
            {t('workspace.comments.publish')}
          </button>{' '}
          <button type="button" onClick={cancel}>
            {t('workspace.comments.cancel')}
          </button>
        </form>
      ) : null}
      {error && !page ? <p role="alert">{problemMessage(error, t)}</p> : null}
      {page ? (
        open.length ? (
          <ul className="comment-list" aria-label={t('workspace.comments.openList')}>
            {open.map(thread)}
          </ul>
        ) : (
          <p>{t('workspace.comments.none')}</p>
        )
      ) : null}
      <p>
        <label>
          <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} />{' '}
          {t('workspace.comments.showResolved', { count: resolved.length })}
        </label>
      </p>
      {showResolved ? (
        resolved.length ? (
          <ul className="comment-list comment-list-resolved" aria-label={t('workspace.comments.resolvedList')}>
            {resolved.map(thread)}
          </ul>
        ) : (
          <p>{t('workspace.comments.noneResolved')}</p>
        )
      ) : null}
    </section>
  );
}

function ReplyForm({ documentId, parent, quote, onDone }: { documentId: string; parent: CommentView; quote: string; onDone: (m: string) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const [key, setKey] = useState(newKey);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const fieldId = `reply-${parent.id}`;

  const [refocus, setRefocus] = useState(false);

  useEffect(() => {
    if (open) document.getElementById(fieldId)?.focus();
    else if (refocus) {
      toggle.current?.focus();
      setRefocus(false);
    }
  }, [open, fieldId, refocus]);

  function close() {
    setOpen(false);
    setRefocus(true);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    api
      .post(`/api/documents/${documentId}/comments`, { idempotencyKey: key, body, parentId: parent.id })
      .then(() => {
        close();
        setBody('');
        setKey(newKey());
        onDone(t('workspace.comments.replied'));
      })
      .catch((err) => setError(problemMessage(err, t)))
      .finally(() => setBusy(false));
  }

  if (!open) {
    return (
      <button type="button" ref={toggle} onClick={() => setOpen(true)} aria-label={t('workspace.comments.replyNamed', { quote })}>
        {t('workspace.comments.reply')}
      </button>
    );
  }
  return (
    <form onSubmit={submit} className="comment-form">
      <TextField id={fieldId} label={t('workspace.comments.replyBody', { name: parent.author.displayName })} multiline value={body} onChange={setBody} />
      {error ? <p role="alert">{error}</p> : null}
      <button type="submit" disabled={busy}>
        {t('workspace.comments.sendReply')}
      </button>{' '}
      <button type="button" onClick={close}>
        {t('workspace.comments.cancel')}
      </button>
    </form>
  );
}

/** A comment's text, or the tombstone moderation left, with the mark of a moderator's edit. */
function CommentBody({ comment, inline = false }: { comment: CommentView; inline?: boolean }) {
  const t = useT();
  const Tag = inline ? 'span' : 'p';
  if (comment.hidden) return <Tag className="comment-body deleted">{t('post.hiddenByModeration')}</Tag>;
  return (
    <Tag className="comment-body">
      {comment.body}
      {comment.moderated ? <span className="edited moderated"> ({t('post.moderated')})</span> : null}
    </Tag>
  );
}
