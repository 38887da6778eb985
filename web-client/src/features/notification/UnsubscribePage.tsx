import { useState } from 'react';
import { api, ApiError } from '../../transport/api';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { useT } from '../../ui/i18n';

/** Where the unsubscribe link of an e-mail leads: one button, no sign-in (the link is signed). */
export default function UnsubscribePage({ params }: { params: Record<string, string> }) {
  const t = useT();
  const token = params.token ?? '';
  const list = token.split('.')[1] === 'urgent' ? 'urgent' : 'digest';
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'invalid' | 'failed'>('idle');

  async function confirm() {
    setState('busy');
    try {
      await api.post(`/mail/unsubscribe/${encodeURIComponent(token)}`, {});
      setState('done');
    } catch (e) {
      setState(e instanceof ApiError && e.status === 404 ? 'invalid' : 'failed');
    }
  }

  return (
    <Page title={t('unsubscribe.title')}>
      <p>{t(`unsubscribe.explain.${list}`)}</p>
      {state === 'done' ? null : (
        <button type="button" onClick={confirm} disabled={state === 'busy'}>
          {t('unsubscribe.confirm')}
        </button>
      )}
      <p role="status">
        {state === 'done' ? t(`unsubscribe.done.${list}`) : state === 'invalid' ? t('unsubscribe.invalid') : state === 'failed' ? t('unsubscribe.failed') : ''}
      </p>
      <p>
        <Link to="/notifications#email">{t('unsubscribe.settings')}</Link>
      </p>
    </Page>
  );
}
