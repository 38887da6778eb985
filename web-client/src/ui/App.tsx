import { lazy, Suspense, useSyncExternalStore, type ComponentType, type ReactNode } from 'react';
import type { Role } from '../protocol/api';
import { session } from '../store/app';
import { HomePage } from '../features/home/HomePage';
import { LoginPage } from '../features/auth/LoginPage';
import { ForbiddenPage, NotFoundPage } from '../features/errors/ErrorPages';
import { ErrorBoundary } from './ErrorBoundary';
import { Shell } from './Shell';
import { matchPath, Redirect, usePathname } from './router';
import { useT } from './i18n';

// Screens most visits never open are loaded on demand, to keep the first load small.
const AcceptInvitationPage = lazy(() => import('../features/invitation/AcceptInvitationPage'));
const RequestResetPage = lazy(() => import('../features/auth/RequestResetPage'));
const ResetPasswordPage = lazy(() => import('../features/auth/ResetPasswordPage'));
const ProfilePage = lazy(() => import('../features/profile/ProfilePage'));
const InvitationsPage = lazy(() => import('../features/admin/InvitationsPage'));
const OutboxPage = lazy(() => import('../features/admin/OutboxPage'));
const ThemesPage = lazy(() => import('../features/discussions/ThemesPage'));
const ThemePage = lazy(() => import('../features/discussions/ThemePage'));
const ThreadPage = lazy(() => import('../features/discussions/ThreadPage'));
const NotificationsPage = lazy(() => import('../features/notification/NotificationsPage'));
const UnsubscribePage = lazy(() => import('../features/notification/UnsubscribePage'));
const AgendaPage = lazy(() => import('../features/peersession/AgendaPage'));
const NewSeriesPage = lazy(() => import('../features/peersession/NewSeriesPage'));
const OccurrencePage = lazy(() => import('../features/peersession/OccurrencePage'));
const WorkspacesPage = lazy(() => import('../features/workspace/WorkspacesPage'));
const WorkspacePage = lazy(() => import('../features/workspace/WorkspacePage'));
const DocumentPage = lazy(() => import('../features/workspace/DocumentPage'));
const DirectoryPage = lazy(() => import('../features/directory/DirectoryPage'));
const DirectoryProfilePage = lazy(() => import('../features/directory/DirectoryProfilePage'));
const PersonPage = lazy(() => import('../features/directory/PersonPage'));
const PrivacyPage = lazy(() => import('../features/privacy/PrivacyPage'));
const PeoplePage = lazy(() => import('../features/admin/PeoplePage'));
const AuditPage = lazy(() => import('../features/admin/AuditPage'));
const ModerationPage = lazy(() => import('../features/moderation/ModerationPage'));
const HelpListPage = lazy(() => import('../features/help/HelpListPage'));
const AskHelpPage = lazy(() => import('../features/help/AskHelpPage'));
const HelpRequestPage = lazy(() => import('../features/help/HelpRequestPage'));
const SearchPage = lazy(() => import('../features/search/SearchPage'));
const SurveysPage = lazy(() => import('../features/survey/SurveysPage'));
const SurveyPage = lazy(() => import('../features/survey/SurveyPage'));
const SurveyResultsPage = lazy(() => import('../features/survey/SurveyResultsPage'));
const LibraryPage = lazy(() => import('../features/resources/LibraryPage'));
const OverviewPage = lazy(() => import('../features/resources/OverviewPage'));
const ResourcePage = lazy(() => import('../features/resources/ResourcePage'));
const ResourceFormPage = lazy(() => import('../features/resources/ResourceFormPage'));
const ResourceReportPage = lazy(() => import('../features/resources/ReportPage'));
const ResourcePathPage = lazy(() => import('../features/resources/PathPage'));

type Access = 'anyone' | 'anonymous' | 'signedIn' | Role[];

interface Route {
  path: string;
  access: Access;
  page: ComponentType<{ params: Record<string, string> }>;
}

const routes: Route[] = [
  { path: '/', access: 'signedIn', page: HomePage },
  { path: '/login', access: 'anonymous', page: LoginPage },
  { path: '/invitation/:token', access: 'anyone', page: AcceptInvitationPage },
  { path: '/password-reset', access: 'anyone', page: RequestResetPage },
  { path: '/password-reset/:token', access: 'anyone', page: ResetPasswordPage },
  { path: '/profile', access: 'signedIn', page: ProfilePage },
  { path: '/themes', access: 'signedIn', page: ThemesPage },
  { path: '/themes/:slug', access: 'signedIn', page: ThemePage },
  { path: '/threads/:id', access: 'signedIn', page: ThreadPage },
  { path: '/notifications', access: 'signedIn', page: NotificationsPage },
  { path: '/unsubscribe/:token', access: 'anyone', page: UnsubscribePage },
  { path: '/sessions', access: 'signedIn', page: AgendaPage },
  { path: '/sessions/new', access: ['administrator', 'facilitator'], page: NewSeriesPage },
  { path: '/sessions/occurrences/:id', access: 'signedIn', page: OccurrencePage },
  { path: '/workspaces', access: 'signedIn', page: WorkspacesPage },
  { path: '/workspaces/:id', access: 'signedIn', page: WorkspacePage },
  { path: '/documents/:id', access: 'signedIn', page: DocumentPage },
  { path: '/admin/invitations', access: ['administrator', 'facilitator'], page: InvitationsPage },
  { path: '/admin/outbox', access: ['administrator'], page: OutboxPage },
  { path: '/privacy', access: 'anyone', page: PrivacyPage },
  { path: '/admin/people', access: ['administrator'], page: PeoplePage },
  { path: '/admin/audit', access: ['administrator'], page: AuditPage },
  { path: '/moderation', access: ['administrator', 'facilitator'], page: ModerationPage },
  { path: '/directory', access: 'signedIn', page: DirectoryPage },
  { path: '/directory/me', access: 'signedIn', page: DirectoryProfilePage },
  { path: '/directory/people/:id', access: 'signedIn', page: PersonPage },
  { path: '/help', access: 'signedIn', page: HelpListPage },
  { path: '/help/new', access: ['administrator', 'facilitator', 'member'], page: AskHelpPage },
  { path: '/help/:id', access: 'signedIn', page: HelpRequestPage },
  { path: '/search', access: 'signedIn', page: SearchPage },
  { path: '/surveys', access: 'signedIn', page: SurveysPage },
  { path: '/surveys/:id', access: 'signedIn', page: SurveyPage },
  { path: '/surveys/:id/results', access: 'signedIn', page: SurveyResultsPage },
  { path: '/resources', access: ['administrator', 'facilitator', 'member'], page: LibraryPage },
  { path: '/resources/survol', access: ['administrator', 'facilitator', 'member'], page: OverviewPage },
  { path: '/resources/new', access: ['administrator', 'facilitator', 'member'], page: ResourceFormPage },
  { path: '/resources/report', access: ['administrator', 'facilitator'], page: ResourceReportPage },
  { path: '/resources/paths/:lever', access: ['administrator', 'facilitator'], page: ResourcePathPage },
  { path: '/resources/:id', access: ['administrator', 'facilitator', 'member'], page: ResourcePage },
  { path: '/resources/:id/edit', access: ['administrator', 'facilitator', 'member'], page: ResourceFormPage },
];

function Loading() {
  const t = useT();
  return (
    <p role="status" className="loading">
      {t('common.loading')}
    </p>
  );
}

function Routed({ pathname }: { pathname: string }): ReactNode {
  const state = useSyncExternalStore(session.subscribe, session.getState);
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (state.status === 'loading' && route.access !== 'anyone') return <Loading />;
    const user = state.user;
    if (route.access === 'anonymous' && user) return <Redirect to="/" />;
    if (route.access !== 'anyone' && route.access !== 'anonymous' && !user) {
      const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname)}`;
      return <Redirect to={`/login${next}`} />;
    }
    if (Array.isArray(route.access) && user && !route.access.includes(user.role)) return <ForbiddenPage />;
    const Screen = route.page;
    return <Screen key={pathname} params={params} />;
  }
  return <NotFoundPage />;
}

export function App() {
  const pathname = usePathname();
  return (
    <Shell>
      <ErrorBoundary resetKey={pathname}>
        <Suspense fallback={<Loading />}>
          <Routed pathname={pathname} />
        </Suspense>
      </ErrorBoundary>
    </Shell>
  );
}
