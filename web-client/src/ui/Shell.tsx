import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { connection, session } from '../store/app';
import { chooseLanguage } from '../store/language';
import { Link, navigate, usePathname } from './router';
import { useLanguage, useT } from './i18n';
import { NotificationAnnouncer, NotificationBadge } from '../features/notification/NotificationBadge';

function NavLink({ to, children }: { to: string; children: ReactNode }) {
  const pathname = usePathname();
  return (
    <Link to={to} aria-current={pathname === to ? 'page' : undefined}>
      {children}
    </Link>
  );
}

function ConnectionIndicator() {
  const t = useT();
  const state = useSyncExternalStore(connection.subscribe, connection.getState);
  return (
    <p role="status" aria-live="polite" className={`connection connection-${state}`}>
      <span aria-hidden="true" className="connection-dot" />
      {t(`connection.${state}`)}
    </p>
  );
}

function LanguageSwitch() {
  const t = useT();
  const language = useLanguage();
  const [failed, setFailed] = useState(false);
  const other = language === 'fr' ? 'en' : 'fr';
  return (
    <>
      <button
        type="button"
        className="language-switch"
        onClick={() => {
          setFailed(false);
          chooseLanguage(session, other).catch(() => setFailed(true));
        }}
      >
        <span className="visually-hidden">{t('language.label')} : </span>
        <span lang={other}>{t(`language.switchTo.${other}`)}</span>
      </button>
      {failed ? (
        <span role="alert" className="field-error">
          {t('language.failed')}
        </span>
      ) : null}
    </>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const t = useT();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const [signingOut, setSigningOut] = useState(false);
  const canInvite = user?.role === 'administrator' || user?.role === 'facilitator';

  async function signOut() {
    setSigningOut(true);
    try {
      await session.signOut();
    } finally {
      setSigningOut(false);
      navigate('/login');
    }
  }

  return (
    <>
      <a className="skip-link" href="#contenu">
        {t('shell.skipLink')}
      </a>
      <header className="site-header">
        <div className="header-row">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          <div className="header-tools">
            <LanguageSwitch />
            {user ? <ConnectionIndicator /> : null}
          </div>
        </div>
        {user ? (
          <div className="header-row">
            <nav aria-label={t('shell.mainNav')}>
              <ul>
                <li>
                  <NavLink to="/">{t('nav.home')}</NavLink>
                </li>
                <li>
                  <NavLink to="/themes">{t('nav.discussions')}</NavLink>
                </li>
                <li>
                  <NavLink to="/sessions">{t('nav.sessions')}</NavLink>
                </li>
                <li>
                  <NavLink to="/workspaces">{t('nav.workspaces')}</NavLink>
                </li>
                <li>
                  <NavLink to="/directory">{t('nav.directory')}</NavLink>
                </li>
                <li>
                  <NavLink to="/help">{t('nav.help')}</NavLink>
                </li>
                <li>
                  <NotificationBadge />
                </li>
                {canInvite ? (
                  <li>
                    <NavLink to="/admin/invitations">{t('nav.invitations')}</NavLink>
                  </li>
                ) : null}
                {user.role === 'administrator' ? (
                  <li>
                    <NavLink to="/admin/outbox">{t('nav.outbox')}</NavLink>
                  </li>
                ) : null}
                {user.role === 'administrator' ? (
                  <li>
                    <NavLink to="/admin/people">{t('nav.people')}</NavLink>
                  </li>
                ) : null}
                {user.role === 'administrator' ? (
                  <li>
                    <NavLink to="/admin/audit">{t('nav.audit')}</NavLink>
                  </li>
                ) : null}
              </ul>
            </nav>
            <NotificationAnnouncer />
            <div className="account">
              <span className="account-name">{user.displayName}</span>
              <NavLink to="/profile">{t('nav.profile')}</NavLink>
              <button type="button" className="link-button" onClick={signOut} disabled={signingOut}>
                {t('nav.signOut')}
              </button>
            </div>
          </div>
        ) : null}
      </header>
      <main id="contenu" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('shell.footer')}</p>
        <p>
          <Link to="/privacy">{t('shell.privacy')}</Link>
        </p>
      </footer>
    </>
  );
}
