import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { parseProblem } from '../../protocol/api';
import { api, ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie } from '../../transport/api';
import { useLanguage, useT } from '../../ui/i18n';
import { apiFieldErrors, problemMessage, TextField, type FieldErrors } from '../../ui/forms';
import { useLiveStream } from '../../store/useLiveStream';
import {
  applyFilesEvent,
  extensionOf,
  formatSize,
  parseFile,
  parseFilesPage,
  parseLink,
  withFile,
  withLink,
  type FileLimits,
  type FilesPage,
  type WorkspaceFile,
  type WorkspaceLink,
} from './files';

type Translate = ReturnType<typeof useT>;

/** What an upload answered: the stored file, or the problem. */
type UploadResult = { ok: true; file: WorkspaceFile } | { ok: false; error: ApiError };

/**
 * Sends one file as the raw request body (docs/api.md "Files and links") with XMLHttpRequest,
 * the one browser API that reports upload progress. Same CSRF rules as transport/api.ts.
 */
function sendFile(path: string, file: File, key: string, onProgress: (fraction: number) => void, token: string | null): Promise<UploadResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('Idempotency-Key', key);
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = undefined;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) {
        try {
          resolve({ ok: true, file: parseFile(body) });
        } catch (e) {
          resolve({ ok: false, error: new ApiError(parseProblem({ detail: String(e) }, 500, 'Unexpected answer')) });
        }
      } else {
        resolve({ ok: false, error: new ApiError(parseProblem(body, xhr.status, xhr.statusText || `HTTP ${xhr.status}`)) });
      }
    };
    xhr.onerror = () => resolve({ ok: false, error: new ApiError(parseProblem({ type: '/problems/network' }, 0, 'Network error')) });
    xhr.send(file);
  });
}

function uploadError(error: ApiError, limits: FileLimits, t: Translate, locale: string): string {
  if (error.is('payload-too-large')) return t('workspace.files.tooLarge', { max: formatSize(limits.maxFileBytes, locale) });
  if (error.is('unsupported-media-type')) return t('workspace.files.badType', { types: limits.allowedTypes.join(', ') });
  if (error.is('conflict')) return t('workspace.files.tooMany', { max: limits.maxFiles });
  return problemMessage(error, t);
}

function UploadForm({ workspaceId, limits, onUploaded }: { workspaceId: string; limits: FileLimits; onUploaded: (f: WorkspaceFile) => void }) {
  const t = useT();
  const locale = useLanguage();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function upload(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const file = input.current?.files?.[0];
    if (!file) {
      setError(t('workspace.files.choose'));
      input.current?.focus();
      return;
    }
    // the server checks all of this again; saying it here spares a useless upload
    if (!limits.allowedTypes.includes(extensionOf(file.name))) {
      setError(t('workspace.files.badType', { types: limits.allowedTypes.join(', ') }));
      return;
    }
    if (file.size > limits.maxFileBytes) {
      setError(t('workspace.files.tooLarge', { max: formatSize(limits.maxFileBytes, locale) }));
      return;
    }
    const path = `/api/workspaces/${workspaceId}/files?name=${encodeURIComponent(file.name)}`;
    const key = crypto.randomUUID();
    const announced = new Set<number>();
    const onProgress = (fraction: number) => {
      setProgress(fraction);
      // announce by quarters, not at every event, so screen readers are not flooded
      const quarter = Math.floor(fraction * 4);
      if (quarter > 0 && quarter < 4 && !announced.has(quarter)) {
        announced.add(quarter);
        setStatus(t('workspace.files.progress', { name: file.name, percent: quarter * 25 }));
      }
    };
    setProgress(0);
    setStatus(t('workspace.files.sending', { name: file.name }));
    let result = await sendFile(path, file, key, onProgress, readCookie(document.cookie, CSRF_COOKIE));
    if (!result.ok && result.error.is('csrf')) {
      // a missing or rotated token: fetch a fresh one once, then retry with the same key
      const session = (await api.get('/api/session').catch(() => null)) as { csrfToken?: unknown } | null;
      const token = typeof session?.csrfToken === 'string' ? session.csrfToken : null;
      result = await sendFile(path, file, key, onProgress, token);
    }
    setProgress(null);
    if (result.ok) {
      onUploaded(result.file);
      setStatus(t('workspace.files.uploaded', { name: result.file.name }));
      if (input.current) input.current.value = '';
    } else {
      setStatus('');
      setError(uploadError(result.error, limits, t, locale));
    }
  }

  const accept = limits.allowedTypes.map((ext) => `.${ext}`).join(',');
  return (
    <form onSubmit={upload} className="workspace-upload">
      <div className="field">
        <label htmlFor="workspace-file">{t('workspace.files.input')}</label>
        <input id="workspace-file" name="file" type="file" accept={accept} ref={input} aria-describedby="workspace-file-hint" />
        <p id="workspace-file-hint" className="hint">
          {t('workspace.files.limits', {
            max: formatSize(limits.maxFileBytes, locale),
            count: limits.maxFiles,
            types: limits.allowedTypes.join(', '),
          })}
        </p>
      </div>
      <button type="submit" disabled={progress !== null}>
        {t('workspace.files.upload')}
      </button>
      {progress !== null ? <progress max={1} value={progress} aria-label={t('workspace.files.progressLabel')} /> : null}
      <p role="status">{status}</p>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}

function LinkForm({ workspaceId, onAdded }: { workspaceId: string; onAdded: (link: WorkspaceLink) => void }) {
  const t = useT();
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  function add(e: FormEvent) {
    e.preventDefault();
    setFields({});
    setError(null);
    setStatus('');
    api
      .post(`/api/workspaces/${workspaceId}/links`, { url, title, idempotencyKey: crypto.randomUUID() })
      .then((body) => {
        const link = parseLink(body);
        onAdded(link);
        setUrl('');
        setTitle('');
        setStatus(t('workspace.links.added', { title: link.title }));
      })
      .catch((err) => {
        const { fields: known, general } = apiFieldErrors(err, ['url', 'title']);
        setFields(known);
        setError(general ?? (Object.keys(known).length ? null : problemMessage(err, t)));
      });
  }

  return (
    <form onSubmit={add} className="workspace-link-form">
      <TextField id="workspace-link-url" label={t('workspace.links.url')} hint={t('workspace.links.urlHint')} value={url} onChange={setUrl} error={fields.url} />
      <TextField id="workspace-link-title" label={t('workspace.links.linkTitle')} value={title} onChange={setTitle} error={fields.title} />
      {error ? <p role="alert">{error}</p> : null}
      <button type="submit">{t('workspace.links.add')}</button>
      <p role="status">{status}</p>
    </form>
  );
}

/**
 * "Fichiers et liens" of a workspace page: upload, download (a plain link to the attachment),
 * remove; links with titles. Follows the workspace's stream, so what others add or remove
 * appears live.
 */
export default function WorkspaceFiles({ workspaceId, user }: { workspaceId: string; user: { id: string; role: string } | null }) {
  const t = useT();
  const locale = useLanguage();
  const load = useCallback(() => api.get(`/api/workspaces/${workspaceId}/files`).then(parseFilesPage), [workspaceId]);
  const { page: streamed, error: loadError } = useLiveStream<FilesPage>({ load, apply: applyFilesEvent });
  // What this person did shows at once, before (or without, when the socket is down) its
  // event: an added item until the stream has it, a removed id for good (ids never return).
  const [added, setAdded] = useState<{ files: WorkspaceFile[]; links: WorkspaceLink[] }>({ files: [], links: [] });
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState('');
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!streamed) return;
    setAdded((a) => {
      const files = a.files.filter((f) => !streamed.files.some((s) => s.id === f.id));
      const links = a.links.filter((l) => !streamed.links.some((s) => s.id === l.id));
      return files.length === a.files.length && links.length === a.links.length ? a : { files, links };
    });
  }, [streamed]);

  const page: FilesPage | null = streamed
    ? {
        ...streamed,
        files: added.files.reduce(withFile, streamed).files.filter((f) => !removed.has(f.id)),
        links: added.links.reduce(withLink, streamed).links.filter((l) => !removed.has(l.id)),
      }
    : null;

  function mayRemove(ownerId: string): boolean {
    return !!user && (user.role !== 'guest' || user.id === ownerId);
  }

  function remove(kind: 'files' | 'links', id: string, label: string) {
    setFailure(null);
    api
      .del(`/api/workspaces/${workspaceId}/${kind}/${id}`)
      .then(() => {
        setRemoved((r) => new Set([...r, id]));
        setMessage(t('workspace.files.removed', { name: label }));
      })
      .catch((e) => setFailure(problemMessage(e, t)));
  }

  return (
    <section aria-labelledby="workspace-files">
      <h2 id="workspace-files">{t('workspace.files.title')}</h2>
      {!page ? (
        loadError ? <p role="alert">{problemMessage(loadError, t)}</p> : <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <h3 id="workspace-files-list">{t('workspace.files.listTitle')}</h3>
          {page.files.length ? (
            <ul aria-labelledby="workspace-files-list">
              {page.files.map((f) => (
                <li key={f.id}>
                  <a href={f.url} download={f.name}>
                    {f.name}
                  </a>{' '}
                  <span>{t('workspace.files.meta', { size: formatSize(f.size, locale), name: f.uploadedByName })}</span>{' '}
                  {mayRemove(f.uploadedBy) ? (
                    <button type="button" onClick={() => remove('files', f.id, f.name)}>
                      {t('workspace.files.remove', { name: f.name })}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('workspace.files.empty')}</p>
          )}
          <UploadForm workspaceId={workspaceId} limits={page.limits} onUploaded={(file) => setAdded((a) => ({ ...a, files: [...a.files, file] }))} />

          <h3 id="workspace-links-list">{t('workspace.links.title')}</h3>
          {page.links.length ? (
            <ul aria-labelledby="workspace-links-list">
              {page.links.map((l) => (
                <li key={l.id}>
                  <a href={l.url} target="_blank" rel="noopener noreferrer">
                    {l.title}
                    <span className="visually-hidden"> {t('workspace.links.newTab')}</span>
                  </a>{' '}
                  <span>{t('workspace.links.meta', { host: hostOf(l.url), name: l.addedByName })}</span>{' '}
                  {mayRemove(l.addedBy) ? (
                    <button type="button" onClick={() => remove('links', l.id, l.title)}>
                      {t('workspace.links.remove', { title: l.title })}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('workspace.links.empty')}</p>
          )}
          <LinkForm workspaceId={workspaceId} onAdded={(link) => setAdded((a) => ({ ...a, links: [...a.links, link] }))} />
          <p role="status">{message}</p>
          {failure ? <p role="alert">{failure}</p> : null}
        </>
      )}
    </section>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
