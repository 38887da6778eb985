import { useId, useState, type FormEvent } from 'react';
import './moderation.css';
import { applyCaseChanged, parseCase, parseQueuePage, REPORT_TEXT_MAX, type ModerationCase, type QueuePage } from '../../protocol/moderation';
import type { DiscussionEvent } from '../../protocol/discussion';
import { api, ApiError } from '../../transport/api';
import { Badge, Button, ConfirmButton, EmptyState } from '../../ui/components';
import { problemMessage } from '../../ui/forms';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { When } from '../discussions/common';
import { useIsAdministrator } from '../discussions/controls';
import { useLiveStream } from '../../store/useLiveStream';

function applyQueueEvent(page: QueuePage, event: DiscussionEvent): QueuePage {
  if (event.type !== 'other' || event.eventType !== 'moderation.case_changed') return page;
  return { ...page, cases: applyCaseChanged(page.cases, parseCase(event.raw.case)) };
}

/** Facilitators and administrators: the open reports, live, with what one may do about each. */
export default function ModerationPage() {
  const t = useT();
  const [status, setStatus] = useState('');
  const { page, error, lost } = useLiveStream<QueuePage>({
    load: () => api.get('/api/moderation/cases').then(parseQueuePage),
    apply: applyQueueEvent,
    onLiveEvent: (event) => {
      if (event.type === 'other' && event.eventType === 'moderation.case_changed') {
        const changed = parseCase(event.raw.case);
        if (changed.status === 'open' && changed.reportCount === 1) setStatus(t('moderation.newCase', { title: changed.item.title }));
      }
    },
  });

  return (
    <Page title={t('moderation.title')}>
      <p>{t('moderation.intro')}</p>
      <p role="status" className="visually-hidden">
        {status}
      </p>
      {error ? (
        <p role="alert" className="problem">
          {problemMessage(error, t)}
        </p>
      ) : null}
      {lost ? (
        <p role="alert" className="problem">
          {t('moderation.lost')}
        </p>
      ) : null}
      {page === null && !error ? <p role="status">{t('common.loading')}</p> : null}
      {page && page.cases.length === 0 ? <EmptyState title={t('moderation.empty')}>{t('moderation.emptyHint')}</EmptyState> : null}
      {page && page.cases.length > 0 ? (
        <ul className="moderation-queue">
          {page.cases.map((c) => (
            <CaseCard key={c.id} item={c} onDone={setStatus} />
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

function CaseCard({ item: c, onDone }: { item: ModerationCase; onDone: (message: string) => void }) {
  const t = useT();
  const administrator = useIsAdministrator();
  const headingId = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<'none' | 'edit' | 'message'>('none');
  const [text, setText] = useState('');

  function act(path: string, body: unknown, done: string) {
    setBusy(true);
    setProblem(null);
    api
      .post(`/api/moderation/cases/${encodeURIComponent(c.id)}/${path}`, body)
      .then(() => {
        setBusy(false);
        setMode('none');
        onDone(done);
      })
      .catch((error) => {
        setBusy(false);
        if (error instanceof ApiError && error.status === 409) setProblem(t('moderation.alreadyHandled'));
        else setProblem(problemMessage(error, t));
      });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = text.trim();
    if (!value) {
      setProblem(t('moderation.textMissing'));
      return;
    }
    if (mode === 'edit') act('edit', { text: value }, t('moderation.done.edited'));
    else act('message', { text: value }, t('moderation.done.messaged'));
  }

  const language = useLanguage();
  const theme = (language === 'en' ? c.item.contextLabelEn : c.item.contextLabelFr) || c.item.context;
  const where =
    c.item.where === 'document'
      ? t('moderation.whereDocument', { title: c.item.title, workspace: theme })
      : c.item.where === 'help_request'
        ? t('moderation.whereHelp', { title: c.item.title })
        : t('moderation.whereThread', { title: c.item.title, theme });
  return (
    <li className="moderation-case">
      <article aria-labelledby={headingId}>
        <header className="moderation-case-header">
          <h2 id={headingId} className="moderation-case-title">
            {where}
          </h2>
          <Badge tone="warning">{t('moderation.count', { count: c.reportCount })}</Badge>
        </header>
        <p className="post-meta">
          {t('moderation.by', { name: c.item.authorName })} · <Link to={c.item.link}>{t(`moderation.open.${c.item.where}`)}</Link>
          {c.item.hidden ? <> · {t('moderation.alreadyHidden')}</> : null}
        </p>
        <blockquote className="moderation-text">{c.item.text || t('moderation.noText')}</blockquote>
        <h3 className="moderation-reports-title">{t('moderation.reports')}</h3>
        <ul className="moderation-reports">
          {c.reports.map((r) => (
            <li key={r.reporterId}>
              <strong>{r.reporterName}</strong> — {t(`report.reason.${r.reason}`)} · <When iso={r.createdAt} />
              {r.text ? <p className="moderation-report-text">{r.text}</p> : null}
            </li>
          ))}
        </ul>
        {problem ? (
          <p role="alert" className="problem">
            {problem}
          </p>
        ) : null}
        {mode !== 'none' ? (
          <form onSubmit={submit} className="moderation-form">
            <label htmlFor={`${c.id}-text`}>{mode === 'edit' ? t('moderation.editLabel') : t('moderation.messageLabel')}</label>
            <textarea
              id={`${c.id}-text`}
              rows={4}
              value={text}
              maxLength={mode === 'message' ? REPORT_TEXT_MAX : undefined}
              onChange={(e) => setText(e.target.value)}
              autoFocus
            />
            <div className="button-row">
              <Button type="submit" isDisabled={busy}>
                {mode === 'edit' ? t('moderation.saveEdit') : t('moderation.sendMessage')}
              </Button>
              <Button variant="secondary" onPress={() => setMode('none')}>
                {t('common.cancel')}
              </Button>
            </div>
          </form>
        ) : (
          <div className="button-row moderation-actions" role="group" aria-label={t('moderation.actions', { title: c.item.title })}>
            <ConfirmButton
              label={t('moderation.hide')}
              title={t('moderation.hideTitle')}
              message={t('moderation.hideMessage')}
              confirmLabel={t('moderation.hideConfirm')}
              isDisabled={busy || c.item.hidden}
              onConfirm={() => act('hide', undefined, t('moderation.done.hidden'))}
            />
            <Button variant="secondary" isDisabled={busy} onPress={() => act('dismiss', undefined, t('moderation.done.dismissed'))}>
              {t('moderation.dismiss')}
            </Button>
            <Button
              variant="secondary"
              isDisabled={busy || c.item.hidden}
              onPress={() => {
                setText(c.item.text);
                setMode('edit');
              }}
            >
              {t('moderation.edit')}
            </Button>
            <Button
              variant="secondary"
              isDisabled={busy}
              onPress={() => {
                setText('');
                setMode('message');
              }}
            >
              {t('moderation.message')}
            </Button>
            {administrator ? (
              <ConfirmButton
                label={t('moderation.deactivate')}
                title={t('moderation.deactivateTitle', { name: c.item.authorName })}
                message={t('moderation.deactivateMessage', { name: c.item.authorName })}
                confirmLabel={t('moderation.deactivateConfirm')}
                isDisabled={busy}
                onConfirm={() => act('deactivate-author', undefined, t('moderation.done.deactivated', { name: c.item.authorName }))}
              />
            ) : null}
          </div>
        )}
      </article>
    </li>
  );
}
