/**
 * "Télécharger mes données": asks the server for an export, follows it while it is prepared
 * (a background job; a notification says when it is ready), then offers the ZIP once.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError, api } from '../../transport/api';
import { session } from '../../store/app';
import { Button } from '../../ui/components';
import { useLanguage, useT } from '../../ui/i18n';
import { formatDateTime } from '../../ui/format';
import { problemMessage } from '../../ui/forms';

export interface ExportView {
  id: string;
  status: 'pending' | 'ready' | 'downloaded' | 'expired' | 'failed';
  requestedAt: string;
  readyAt: string | null;
  expiresAt: string | null;
  sizeBytes: number | null;
  failure: string | null;
  downloadUrl: string | null;
}

const STATUSES = ['pending', 'ready', 'downloaded', 'expired', 'failed'];

export function parseExport(value: unknown): ExportView | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || typeof v.status !== 'string' || !STATUSES.includes(v.status)) return null;
  return {
    id: v.id,
    status: v.status as ExportView['status'],
    requestedAt: String(v.requestedAt ?? ''),
    readyAt: typeof v.readyAt === 'string' ? v.readyAt : null,
    expiresAt: typeof v.expiresAt === 'string' ? v.expiresAt : null,
    sizeBytes: typeof v.sizeBytes === 'number' ? v.sizeBytes : null,
    failure: typeof v.failure === 'string' ? v.failure : null,
    downloadUrl: typeof v.downloadUrl === 'string' && v.downloadUrl.startsWith('/api/me/exports/') ? v.downloadUrl : null,
  };
}

/** "1,2 Mo" / "1.2 MB", for the size of a ready archive. */
export function formatSize(bytes: number, language: string): string {
  const units = language === 'en' ? ['bytes', 'KB', 'MB', 'GB'] : ['octets', 'Ko', 'Mo', 'Go'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : value.toLocaleString(language === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 });
  return `${shown} ${units[unit]}`;
}

const POLL_MS = 3000;

export function ExportPanel() {
  const t = useT();
  const language = useLanguage();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const [latest, setLatest] = useState<ExportView | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [limits, setLimits] = useState({ perDay: 3, hours: 24 });

  const load = useCallback(async () => {
    try {
      const body = (await api.get('/api/me/exports')) as { latest?: unknown; perDay?: unknown; ttlSeconds?: unknown } | null;
      setLatest(parseExport(body?.latest));
      if (typeof body?.perDay === 'number' && typeof body.ttlSeconds === 'number') {
        setLimits({ perDay: body.perDay, hours: Math.round(body.ttlSeconds / 3600) });
      }
    } catch (error) {
      setProblem(problemMessage(error, t));
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (latest?.status !== 'pending') return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [latest?.status, load]);

  async function request() {
    setBusy(true);
    setProblem(null);
    try {
      setLatest(parseExport(await api.post('/api/me/exports', {})));
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      setProblem(status === 409 ? t('mydata.export.already') : status === 429 ? t('mydata.export.tooMany') : problemMessage(error, t));
      if (status === 409) void load();
    } finally {
      setBusy(false);
    }
  }

  const when = (iso: string | null) => formatDateTime(iso, language, user?.timeZone);
  const canRequest = latest !== undefined && latest?.status !== 'pending' && latest?.status !== 'ready';

  return (
    <div className="mydata-block">
      <h3>{t('mydata.export.title')}</h3>
      <p>{t('mydata.export.explain', limits)}</p>
      <div role="status" className="mydata-status">
        {latest === undefined ? <p>{t('common.loading')}</p> : null}
        {latest?.status === 'pending' ? <p>{t('mydata.export.pending')}</p> : null}
        {latest?.status === 'ready' ? (
          <p>{t('mydata.export.ready', { size: formatSize(latest.sizeBytes ?? 0, language), until: when(latest.expiresAt) })}</p>
        ) : null}
        {latest?.status === 'downloaded' ? <p>{t('mydata.export.downloaded')}</p> : null}
        {latest?.status === 'expired' ? <p>{t('mydata.export.expired')}</p> : null}
        {latest?.status === 'failed' ? (
          <p>{latest.failure === 'too-large' ? t('mydata.export.tooLarge') : t('mydata.export.failed')}</p>
        ) : null}
      </div>
      {latest?.status === 'ready' && latest.downloadUrl ? (
        <a
          className="ds-button ds-button-primary"
          href={latest.downloadUrl}
          download="maillage-mes-donnees.zip"
          onClick={() => setTimeout(() => void load(), 1500)}
        >
          {t('mydata.export.download')}
        </a>
      ) : null}
      {canRequest ? (
        <Button onPress={() => void request()} isDisabled={busy}>
          {t('mydata.export.request')}
        </Button>
      ) : null}
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
