import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { generateHTML } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { api } from '../../transport/api';
import { live, session } from '../../store/app';
import type { SyncStatus } from '../../store/documentSync';
import { parseDocumentState, parseVersion, parseVersionList, parseWorkspaceEvent, type Version } from '../../protocol/workspace';
import { useLanguage, useT } from '../../ui/i18n';
import { formatDateTime } from '../../ui/format';
import { problemMessage, TextField } from '../../ui/forms';
import { FIELD, restoreInto, versionDoc } from './versions';

interface Preview {
  version: Version;
  html: string;
  doc: Y.Doc;
}

async function openVersion(documentId: string, version: Version): Promise<Preview> {
  const state = parseDocumentState(await api.get(`/api/documents/${documentId}/versions/${version.id}/state`));
  const doc = versionDoc(state);
  const html = generateHTML(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(FIELD)) as never, [StarterKit]);
  return { version, html, doc };
}

const key = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).replace(/-/g, '');

/** Named versions of a document: name the current state, view a past one, restore it as a new change. */
export function DocumentVersions({ documentId, doc, status }: { documentId: string; doc: Y.Doc; status: SyncStatus }) {
  const t = useT();
  const language = useLanguage();
  const user = useSyncExternalStore(session.subscribe, session.getState).user;
  const [versions, setVersions] = useState<Version[]>([]);
  const seq = useRef<number | null>(null);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [confirming, setConfirming] = useState<Version | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const previewRef = useRef<HTMLHeadingElement>(null);

  const add = useCallback((version: Version) => {
    setVersions((list) => (list.some((v) => v.id === version.id) ? list : [version, ...list].sort((a, b) => b.uptoSeq - a.uptoSeq)));
  }, []);

  const reload = useCallback(() => {
    api
      .get(`/api/documents/${documentId}/versions`)
      .then((body) => {
        const list = parseVersionList(body);
        seq.current = Math.max(seq.current ?? 0, list.seq);
        setVersions(list.versions);
      })
      .catch((e) => setMessage(problemMessage(e, t)));
  }, [documentId, t]);

  useEffect(() => {
    reload();
    return live.watch(`workspace-doc:${documentId}`, {
      lastSeq: () => seq.current,
      onEvent: (s, event) => {
        seq.current = Math.max(seq.current ?? 0, s);
        if (event.type !== 'other') return;
        const parsed = parseWorkspaceEvent(event.raw);
        if (parsed?.type === 'workspace.version_created') add(parsed.version);
      },
      onResync: reload,
    });
  }, [documentId, reload, add]);

  useEffect(() => () => preview?.doc.destroy(), [preview]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const nameVersion = async (label: string): Promise<Version> =>
    parseVersion(await api.post(`/api/documents/${documentId}/versions`, { name: label, idempotencyKey: key() }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const label = name.trim();
    if (!label) {
      setNameError(t('workspace.versions.nameRequired'));
      return;
    }
    setNameError(undefined);
    setBusy(true);
    try {
      const version = await nameVersion(label);
      add(version);
      setName('');
      setMessage(t('workspace.versions.created', { name: version.name }));
    } catch (error) {
      setMessage(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  const view = async (version: Version) => {
    setBusy(true);
    try {
      setPreview(await openVersion(documentId, version));
      setMessage(t('workspace.versions.viewing', { name: version.name }));
      setTimeout(() => previewRef.current?.focus(), 0);
    } catch (error) {
      setMessage(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  const restore = async (version: Version) => {
    setConfirming(null);
    setBusy(true);
    try {
      const opened = preview?.version.id === version.id ? preview : await openVersion(documentId, version);
      // what is replaced stays one click away: it is named first
      add(await nameVersion(t('workspace.versions.beforeRestore', { name: version.name })));
      restoreInto(doc, opened.doc);
      setMessage(t('workspace.versions.restored', { name: version.name }));
    } catch (error) {
      setMessage(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  const unsaved = status !== 'saved';
  return (
    <section aria-labelledby="versions-title" className="document-versions">
      <h2 id="versions-title">{t('workspace.versions.title')}</h2>
      <form onSubmit={submit} noValidate>
        <TextField
          id="version-name"
          label={t('workspace.versions.name')}
          hint={t('workspace.versions.hint')}
          value={name}
          onChange={setName}
          error={nameError}
        />
        <button type="submit" disabled={busy || unsaved}>
          {t('workspace.versions.create')}
        </button>
        {unsaved ? <p className="hint">{t('workspace.versions.waitSaved')}</p> : null}
      </form>
      <p role="status">{message}</p>
      {versions.length === 0 ? (
        <p>{t('workspace.versions.empty')}</p>
      ) : (
        <ul className="version-list">
          {versions.map((v) => (
            <li key={v.id}>
              <strong>{v.name}</strong>{' '}
              <span>{t('workspace.versions.by', { name: v.createdByName, date: formatDateTime(v.createdAt, language, user?.timeZone) })}</span>{' '}
              <button type="button" disabled={busy} onClick={() => void view(v)}>
                {t('workspace.versions.view')}
                <span className="visually-hidden"> « {v.name} »</span>
              </button>{' '}
              <button type="button" disabled={busy || unsaved} onClick={() => setConfirming(v)}>
                {t('workspace.versions.restore')}
                <span className="visually-hidden"> « {v.name} »</span>
              </button>
              {confirming?.id === v.id ? (
                <div role="group" aria-labelledby={`confirm-${v.id}`} className="version-confirm">
                  <p id={`confirm-${v.id}`}>{t('workspace.versions.confirm', { name: v.name })}</p>
                  <button type="button" ref={confirmRef} onClick={() => void restore(v)}>
                    {t('workspace.versions.confirmRestore')}
                  </button>{' '}
                  <button type="button" onClick={() => setConfirming(null)}>
                    {t('workspace.versions.cancel')}
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {preview ? (
        <section aria-labelledby="version-preview-title" className="version-preview">
          <h3 id="version-preview-title" tabIndex={-1} ref={previewRef}>
            {t('workspace.versions.previewTitle', { name: preview.version.name })}
          </h3>
          {/* HTML serialised by the editor's own schema from the version's content: text is escaped */}
          <div className="version-preview-content" dangerouslySetInnerHTML={{ __html: preview.html }} />
          <button type="button" onClick={() => setPreview(null)}>
            {t('workspace.versions.closePreview')}
          </button>
        </section>
      ) : null}
    </section>
  );
}
