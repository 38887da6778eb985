import { useCallback, useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import type { DiscussionEvent } from '../../protocol/discussion';
import { parsePeople } from '../../protocol/discussion';
import { parseDocumentSummary, parseWorkspaceEvent } from '../../protocol/workspace';
import { api } from '../../transport/api';
import { session } from '../../store/app';
import { Page } from '../../ui/Page';
import { Link, navigate } from '../../ui/router';
import { useT } from '../../ui/i18n';
import { problemMessage, TextField } from '../../ui/forms';
import { useLiveStream } from '../../store/useLiveStream';
import { usePresence } from './usePresence';
import { parseWorkspaceDetail, type WorkspaceDetail } from './model';
import WorkspaceFiles from './WorkspaceFiles';

export function applyWorkspaceEvent(page: WorkspaceDetail, event: DiscussionEvent): WorkspaceDetail {
  if (event.type !== 'other') return page;
  const e = parseWorkspaceEvent(event.raw);
  if (!e) return page;
  switch (e.type) {
    case 'workspace.document_created':
      return page.documents.some((d) => d.id === e.document.id) ? page : { ...page, documents: [...page.documents, e.document] };
    case 'workspace.member_added':
      return page.members.some((m) => m.id === e.member.id) ? page : { ...page, members: [...page.members, e.member] };
    case 'workspace.member_removed':
      return { ...page, members: page.members.filter((m) => m.id !== e.userId) };
    default:
      return page;
  }
}

function InviteForm({ workspaceId, memberIds }: { workspaceId: string; memberIds: string[] }) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [people, setPeople] = useState<{ id: string; displayName: string }[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (query.trim().length < 1) {
      setPeople([]);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      api
        .get(`/api/people?q=${encodeURIComponent(query.trim())}`)
        .then((b) => !stale && setPeople(parsePeople(b)))
        .catch(() => !stale && setPeople([]));
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [query]);

  function invite(person: { id: string; displayName: string }) {
    setMessage(null);
    api
      .request('PUT', `/api/workspaces/${workspaceId}/members/${person.id}`)
      .then(() => {
        setMessage(t('workspace.members.invited', { name: person.displayName }));
        setQuery('');
      })
      .catch((e) => setMessage(problemMessage(e, t)));
  }

  const candidates = people.filter((p) => !memberIds.includes(p.id));
  return (
    <div className="workspace-invite">
      <TextField id="invite-query" label={t('workspace.members.search')} optional value={query} onChange={setQuery} />
      {candidates.length ? (
        <ul aria-label={t('workspace.members.results')}>
          {candidates.map((p) => (
            <li key={p.id}>
              <button type="button" onClick={() => invite(p)}>
                {t('workspace.members.invite', { name: p.displayName })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <p role="status">{message ?? ''}</p>
    </div>
  );
}

function NewDocumentForm({ workspaceId }: { workspaceId: string }) {
  const t = useT();
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    api
      .post(`/api/workspaces/${workspaceId}/documents`, { title })
      .then((b) => navigate(`/documents/${parseDocumentSummary(b).id}`))
      .catch((err) => setError(problemMessage(err, t)));
  }
  return (
    <form onSubmit={create}>
      <TextField id="document-title" label={t('workspace.documents.newTitle')} value={title} onChange={setTitle} />
      {error ? <p role="alert">{error}</p> : null}
      <button type="submit">{t('workspace.documents.create')}</button>
    </form>
  );
}

/** One workspace: its purpose, members (invite), documents (create, open), kept live from its stream. */
export default function WorkspacePage({ params }: { params: Record<string, string> }) {
  const t = useT();
  const user = useSyncExternalStore(session.subscribe, session.getState).user;
  const load = useCallback(() => api.get(`/api/workspaces/${params.id}`).then(parseWorkspaceDetail), [params.id]);
  const online = usePresence();
  const { page, error } = useLiveStream<WorkspaceDetail>({ load, apply: applyWorkspaceEvent });

  if (error && !page) return <Page title={t('workspace.list.title')}><p role="alert">{problemMessage(error, t)}</p></Page>;
  if (!page) return <p role="status">{t('common.loading')}</p>;
  return (
    <Page title={page.workspace.name}>
      <p>{page.workspace.purpose}</p>
      <p>
        <Link to="/workspaces">{t('workspace.list.back')}</Link>
      </p>
      <section aria-labelledby="workspace-documents">
        <h2 id="workspace-documents">{t('workspace.documents.title')}</h2>
        {page.documents.length ? (
          <ul>
            {page.documents.map((d) => (
              <li key={d.id}>
                <Link to={`/documents/${d.id}`}>{d.title}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('workspace.documents.empty')}</p>
        )}
        <NewDocumentForm workspaceId={page.workspace.id} />
      </section>
      <WorkspaceFiles workspaceId={page.workspace.id} user={user ? { id: user.id, role: user.role } : null} />
      <section aria-labelledby="workspace-members">
        <h2 id="workspace-members">{t('workspace.members.title')}</h2>
        <ul>
          {page.members.map((m) => (
            <li key={m.id}>
              {m.displayName} <span>({t(`role.${m.role}`)})</span>
              {online.has(m.id) ? <strong className="here-now"> {t('workspace.members.hereNow')}</strong> : null}
            </li>
          ))}
        </ul>
        {user && user.role !== 'guest' ? <InviteForm workspaceId={page.workspace.id} memberIds={page.members.map((m) => m.id)} /> : null}
      </section>
    </Page>
  );
}
