import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { IndexeddbPersistence } from 'y-indexeddb';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { api } from '../../transport/api';
import { connection, live, session } from '../../store/app';
import { DocumentSync } from '../../store/documentSync';
import { parseDocumentSummary, type DocumentSummary } from '../../protocol/workspace';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { problemMessage } from '../../ui/forms';
import { problemSentence } from '../../ui/problems';
import { toHtmlPage, toMarkdown } from './markdown';
import { DocumentVersions } from './DocumentVersions';
import './document.css';
import DocumentComments from './DocumentComments';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const COLORS = ['#8a2be2', '#b3261e', '#006b5b', '#7a4a00', '#0b57d0', '#a0156b'];

function colorOf(id: string): string {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return COLORS[h % COLORS.length];
}

function download(name: string, type: string, content: string | Blob) {
  const url = URL.createObjectURL(typeof content === 'string' ? new Blob([content], { type }) : content);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function fileName(title: string): string {
  return title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'document';
}

interface Here {
  clientId: number;
  name: string;
  color: string;
}

function useHere(awareness: Awareness): Here[] {
  const [here, setHere] = useState<Here[]>([]);
  useEffect(() => {
    const read = () =>
      setHere(
        [...awareness.getStates().entries()].flatMap(([clientId, state]) => {
          const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
          return user && typeof user.name === 'string' ? [{ clientId, name: user.name, color: String(user.color ?? '#000') }] : [];
        }),
      );
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness]);
  return here;
}

/** The co-edited document: a Tiptap editor bound to the Y.Doc, kept in IndexedDB and live over the socket. */
export default function DocumentPage({ params }: { params: Record<string, string> }) {
  const t = useT();
  const language = useLanguage();
  const user = useSyncExternalStore(session.subscribe, session.getState).user;
  const documentId = params.id;
  const [summary, setSummary] = useState<DocumentSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const doc = useMemo(() => new Y.Doc(), [documentId]); // eslint-disable-line react-hooks/exhaustive-deps
  const awareness = useMemo(() => new Awareness(doc), [doc]);
  const [sync, setSync] = useState<DocumentSync | null>(null);

  useEffect(() => {
    let closed = false;
    const persistence = new IndexeddbPersistence(`maillage-doc-${user?.id ?? 'anonymous'}-${documentId}`, doc);
    const s = new DocumentSync(doc, awareness, documentId, {
      connection,
      watch: (stream, watcher) => live.watch(stream, watcher),
      postUpdate: (id, body) => api.post(`/api/documents/${id}/updates`, body),
      postSnapshot: (id, body) => api.post(`/api/documents/${id}/snapshots`, body),
      loadState: (id) =>
        api.get(`/api/documents/${id}/state`).then((body) => {
          const document = (body as { document?: unknown }).document;
          if (!closed) setSummary(parseDocumentSummary(document));
          return body;
        }),
    });
    persistence.whenSynced
      .then(() => (closed ? undefined : s.start()))
      .then(() => !closed && setSync(s))
      .catch((e) => !closed && setError(e));
    return () => {
      closed = true;
      s.close();
      awareness.setLocalState(null);
      void persistence.destroy();
    };
  }, [doc, awareness, documentId, user?.id]);

  useEffect(() => () => {
    awareness.destroy();
    doc.destroy();
  }, [doc, awareness]);

  const status = useSyncExternalStore(
    (l) => sync?.subscribe(l) ?? (() => undefined),
    () => sync?.status ?? 'loading',
  );
  const here = useHere(awareness);
  const name = user?.displayName ?? '?';
  const color = colorOf(user?.id ?? '');

  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ document: doc }),
        CollaborationCaret.configure({ provider: { awareness }, user: { name, color } }),
      ],
      editorProps: {
        attributes: {
          'aria-label': t('workspace.editor.label'),
          'aria-multiline': 'true',
          role: 'textbox',
          class: 'document-editor',
        },
      },
    },
    [doc, awareness, name, color],
  );

  const title = summary?.title ?? t('workspace.editor.title');
  if (error && !summary) {
    return (
      <Page title={title}>
        <p role="alert">{problemMessage(error, t)}</p>
      </Page>
    );
  }
  return (
    <Page title={title}>
      {summary ? (
        <p>
          <Link to={`/workspaces/${summary.workspaceId}`}>{t('workspace.editor.back')}</Link>
        </p>
      ) : null}
      <p role="status" className="document-status">
        {t(`workspace.editor.status.${status}`)}
      </p>
      {sync?.refused ? <p role="alert">{t('workspace.editor.refused', { reason: problemSentence(sync.refused, t) ?? t('error.unexpected') })}</p> : null}
      <section aria-labelledby="here-now">
        <h2 id="here-now">{t('workspace.editor.hereNow', { count: here.length })}</h2>
        <ul className="here-now">
          {here.map((h) => (
            <li key={h.clientId}>
              <span aria-hidden="true" style={{ color: h.color }}>
                ●
              </span>{' '}
              {h.name}
            </li>
          ))}
        </ul>
      </section>
      {sync ? <EditorContent editor={editor} /> : <p role="status">{t('common.loading')}</p>}
      {sync ? <DocumentComments editor={editor} doc={doc} documentId={documentId} /> : null}
      <div className="document-export">
        <button type="button" disabled={!editor} onClick={() => editor && download(`${fileName(title)}.md`, 'text/markdown', toMarkdown(editor.getJSON()))}>
          {t('workspace.editor.exportMarkdown')}
        </button>{' '}
        <button
          type="button"
          disabled={!editor}
          onClick={() => editor && download(`${fileName(title)}.html`, 'text/html', toHtmlPage(title, editor.getHTML(), language))}
        >
          {t('workspace.editor.exportHtml')}
        </button>{' '}
        <button
          type="button"
          disabled={!editor}
          onClick={() => {
            if (!editor) return;
            const json = editor.getJSON();
            // the docx library is loaded only by those who export to Word
            void import('./docx').then(({ toDocx }) => toDocx(title, json)).then((blob) => download(`${fileName(title)}.docx`, DOCX, blob));
          }}
        >
          {t('workspace.editor.exportDocx')}
        </button>
      </div>
      {sync ? <DocumentVersions documentId={documentId} doc={doc} status={status} /> : null}
    </Page>
  );
}
