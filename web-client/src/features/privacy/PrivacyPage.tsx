import { Page } from '../../ui/Page';
import { useT } from '../../ui/i18n';

const SECTIONS = ['stored', 'who', 'kept', 'rights'] as const;
const ITEMS: Record<(typeof SECTIONS)[number], number> = { stored: 6, who: 4, kept: 6, rights: 4 };

/** What Maillage stores about a person, who sees it, how long it is kept, and their rights. */
export default function PrivacyPage() {
  const t = useT();
  return (
    <Page title={t('privacy.title')}>
      <p>{t('privacy.intro')}</p>
      {SECTIONS.map((section) => (
        <section key={section} aria-labelledby={`privacy-${section}`}>
          <h2 id={`privacy-${section}`}>{t(`privacy.${section}.title`)}</h2>
          <ul>
            {Array.from({ length: ITEMS[section] }, (_, i) => (
              <li key={i}>{t(`privacy.${section}.${i + 1}`)}</li>
            ))}
          </ul>
        </section>
      ))}
    </Page>
  );
}
