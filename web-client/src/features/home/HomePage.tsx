import { useSyncExternalStore } from 'react';
import { session } from '../../store/app';
import { Page } from '../../ui/Page';
import { useT } from '../../ui/i18n';

export function HomePage() {
  const t = useT();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  return (
    <Page title={t('home.title', { name: user?.displayName ?? '' })}>
      <p>{t('home.intro')}</p>
      <h2>{t('home.comingTitle')}</h2>
      <ul>
        <li>{t('home.coming.themes')}</li>
        <li>{t('home.coming.directory')}</li>
        <li>{t('home.coming.help')}</li>
        <li>{t('home.coming.sessions')}</li>
        <li>{t('home.coming.workspaces')}</li>
      </ul>
    </Page>
  );
}
