import { useEffect, useRef, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import { Menu as MenuIcon, Search as SearchIcon, X } from 'lucide-react';
import { api } from '../transport/api';
import { connection, session } from '../store/app';
import { chooseLanguage } from '../store/language';
import { Link, navigate, usePathname, useSearch } from './router';
import { useLanguage, useT } from './i18n';
import { NotificationAnnouncer, NotificationBadge } from '../features/notification/NotificationBadge';
import { ToastRegion } from './components';

function NavLink({ to, children }: { to: string; children: ReactNode }) {
  const pathname = usePathname();
  const current = pathname === to || (to !== '/' && pathname.startsWith(`${to}/`));
  return (
    <Link to={to} aria-current={current ? 'page' : undefined}>
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
      <span className="connection-text">{t(`connection.${state}`)}</span>
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

/** True when a key press is typing into a field, where `/` must stay a character. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The header's search field; `/` anywhere outside a field focuses it. */
function HeaderSearch() {
  const t = useT();
  const pathname = usePathname();
  const search = useSearch();
  const input = useRef<HTMLInputElement>(null);
  const current = pathname === '/search' ? (new URLSearchParams(search).get('q') ?? '') : '';
  const [q, setQ] = useState(current);
  useEffect(() => setQ(current), [current]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  function submit(e: FormEvent) {
    e.preventDefault();
    const text = q.trim();
    if (!text) return;
    const params = new URLSearchParams(pathname === '/search' ? search : '');
    params.set('q', text);
    navigate(`/search?${params.toString()}`);
  }
  return (
    <form role="search" className="header-search" onSubmit={submit} aria-label={t('search.label')}>
      <label htmlFor="header-search" className="visually-hidden">
        {t('search.label')}
      </label>
      <input
        id="header-search"
        ref={input}
        type="search"
        name="q"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={t('search.placeholder')}
        aria-keyshortcuts="/"
        autoComplete="off"
      />
      <button type="submit" className="header-search-button">
        <SearchIcon aria-hidden="true" size={18} />
        <span className="visually-hidden">{t('search.submit')}</span>
      </button>
    </form>
  );
}

interface SidebarTheme {
  slug: string;
  label: string;
  unread: number;
}

/** Followed themes with unread counts and the workspaces, refreshed on each navigation. */
function useSidebarData(pathname: string, signedIn: boolean) {
  const language = useLanguage();
  const [themes, setThemes] = useState<SidebarTheme[]>([]);
  const [workspaces, setWorkspaces] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    api
      .get('/api/themes')
      .then((body) => {
        if (!live || !Array.isArray(body)) return;
        setThemes(
          body
            .filter((x) => x && typeof x === 'object' && x.followLevel && x.followLevel !== 'none' && x.followLevel !== 'muted')
            .map((x) => ({ slug: String(x.slug), label: String(language === 'en' ? x.labelEn : x.labelFr), unread: Number(x.unread) || 0 })),
        );
      })
      .catch(() => undefined);
    api
      .get('/api/workspaces')
      .then((body) => {
        if (!live || !Array.isArray(body)) return;
        setWorkspaces(body.filter((x) => x && typeof x === 'object').map((x) => ({ id: String(x.id), name: String(x.name) })));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [pathname, signedIn, language]);
  return { themes, workspaces };
}

export function Shell({ children }: { children: ReactNode }) {
  const t = useT();
  const pathname = usePathname();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const [signingOut, setSigningOut] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const canInvite = user?.role === 'administrator' || user?.role === 'facilitator';
  const { themes, workspaces } = useSidebarData(pathname, !!user);

  useEffect(() => setMenuOpen(false), [pathname]);

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
        {user ? (
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="sidebar"
            onClick={() => setMenuOpen((open) => !open)}
          >
            {menuOpen ? <X aria-hidden="true" size={20} /> : <MenuIcon aria-hidden="true" size={20} />}
            <span className="menu-button-text">{t('shell.menu')}</span>
          </button>
        ) : null}
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>{t('app.name')}</span>
        </Link>
        {user ? <HeaderSearch /> : null}
        <div className="header-tools">
          {user ? <ConnectionIndicator /> : <LanguageSwitch />}
        </div>
      </header>
      <div className={`layout${user ? ' with-sidebar' : ''}`}>
        {user ? (
          <aside id="sidebar" className={`sidebar${menuOpen ? ' open' : ''}`} aria-label={t('shell.sidebar')}>
            <nav aria-label={t('shell.mainNav')}>
              <ul className="sidebar-list">
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
                {user.role !== 'guest' ? (
                  <li>
                    <NavLink to="/resources">{t('nav.resources')}</NavLink>
                  </li>
                ) : null}
                <li>
                  <NavLink to="/surveys">{t('nav.surveys')}</NavLink>
                </li>
                <li>
                  <NotificationBadge />
                </li>
                {canInvite ? (
                  <li>
                    <NavLink to="/admin/invitations">{t('nav.invitations')}</NavLink>
                  </li>
                ) : null}
                {canInvite ? (
                  <li>
                    <NavLink to="/moderation">{t('nav.moderation')}</NavLink>
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
            {themes.length > 0 ? (
              <nav aria-labelledby="sidebar-themes">
                <h2 id="sidebar-themes" className="sidebar-heading">
                  {t('shell.followedThemes')}
                </h2>
                <ul className="sidebar-list">
                  {themes.map((theme) => (
                    <li key={theme.slug}>
                      <NavLink to={`/themes/${encodeURIComponent(theme.slug)}`}>
                        <span className="sidebar-label">{theme.label}</span>
                        {theme.unread > 0 ? (
                          <span className="sidebar-count">
                            <span aria-hidden="true">{theme.unread}</span>
                            <span className="visually-hidden">{t('shell.unread', { count: theme.unread })}</span>
                          </span>
                        ) : null}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            {workspaces.length > 0 ? (
              <nav aria-labelledby="sidebar-workspaces">
                <h2 id="sidebar-workspaces" className="sidebar-heading">
                  {t('nav.workspaces')}
                </h2>
                <ul className="sidebar-list">
                  {workspaces.slice(0, 8).map((w) => (
                    <li key={w.id}>
                      <NavLink to={`/workspaces/${encodeURIComponent(w.id)}`}>
                        <span className="sidebar-label">{w.name}</span>
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            <div className="sidebar-account">
              <p className="account-name">{user.displayName}</p>
              <ul className="sidebar-list">
                <li>
                  <NavLink to="/profile">{t('nav.profile')}</NavLink>
                </li>
                <li>
                  <button type="button" className="link-button" onClick={signOut} disabled={signingOut}>
                    {t('nav.signOut')}
                  </button>
                </li>
              </ul>
              <LanguageSwitch />
            </div>
          </aside>
        ) : null}
        <NotificationAnnouncer />
        <div className="layout-main">
          <main id="contenu" tabIndex={-1}>
            {children}
          </main>
          <footer className="site-footer">
            <p>{t('shell.footer')}</p>
            <p>
              <Link to="/privacy">{t('shell.privacy')}</Link>
            </p>
          </footer>
        </div>
      </div>
      <ToastRegion />
    </>
  );
}
