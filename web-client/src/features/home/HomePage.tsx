import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { api } from '../../transport/api';
import { live, notifications, session } from '../../store/app';
import { parseInvitationList, parseOutbox, type User } from '../../protocol/api';
import { parseProfile } from '../../protocol/directory';
import { parseThemePage, parseThemes, type ThemeSummary } from '../../protocol/discussion';
import { parseMyHelp, type MyHelp } from '../../protocol/help';
import { ANSWERS, parseAgenda, type Answer, type Occurrence } from '../../protocol/peersession';
import { parseWorkspaceDetail, parseWorkspaces } from '../workspace/model';
import type { DocumentSummary } from '../../protocol/workspace';
import { messageKey } from '../notification/message';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { Badge, Button, Card, EmptyState, toast } from '../../ui/components';
import { problemMessage } from '../../ui/forms';
import { firstSteps, pendingSteps, type HomeFacts, type Step } from './firstSteps';

const DISMISSED = 'maillage.home.dismissed';

function readDismissed(userId: string): string[] {
  try {
    const all = JSON.parse(localStorage.getItem(DISMISSED) ?? '{}') as Record<string, string[]>;
    return Array.isArray(all[userId]) ? all[userId] : [];
  } catch {
    return [];
  }
}

function writeDismissed(userId: string, ids: string[]) {
  try {
    const all = JSON.parse(localStorage.getItem(DISMISSED) ?? '{}') as Record<string, string[]>;
    localStorage.setItem(DISMISSED, JSON.stringify({ ...all, [userId]: ids }));
  } catch {
    /* private mode: dismissing lasts for this page only */
  }
}

interface HomeData {
  themes: ThemeSummary[];
  help: MyHelp | null;
  sessions: Occurrence[];
  documents: (DocumentSummary & { workspace: string })[];
  /** The streams whose events change this page: themes, their sessions, my workspaces. */
  streams: string[];
  facts: HomeFacts;
}

/** The network-life theme, where newcomers introduce themselves. */
const NETWORK_LIFE = 'vie-du-reseau';

const get = (path: string) => api.get(path).catch(() => null);

async function loadHome(user: User): Promise<HomeData> {
  const canInvite = user.role === 'administrator' || user.role === 'facilitator';
  const [me, themesBody, helpBody, agendaBody, workspacesBody, invitationsBody, outboxBody, lifeBody] = await Promise.all([
    get('/api/directory/me'),
    get('/api/themes'),
    user.role === 'guest' ? null : get('/api/help'),
    get('/api/peer-sessions?when=upcoming'),
    get('/api/workspaces'),
    canInvite ? get('/api/invitations') : null,
    user.role === 'administrator' ? get('/api/admin/outbox') : null,
    user.role === 'administrator' || user.role === 'guest' ? null : get(`/api/themes/${NETWORK_LIFE}/threads`),
  ]);
  const profile = me ? parseProfile(me) : null;
  const themes = themesBody ? parseThemes(themesBody) : [];
  const help = helpBody ? parseMyHelp(helpBody) : null;
  const sessions = agendaBody ? parseAgenda(agendaBody).occurrences.filter((o) => o.status === 'scheduled') : [];
  const workspaces = workspacesBody ? parseWorkspaces(workspacesBody) : [];
  const invitations = invitationsBody ? parseInvitationList(invitationsBody) : [];
  const outbox = outboxBody ? parseOutbox(outboxBody) : [];
  const life = lifeBody ? parseThemePage(lifeBody) : null;
  const details = await Promise.all(workspaces.slice(0, 5).map((w) => get(`/api/workspaces/${encodeURIComponent(w.id)}`)));
  const documents = details.flatMap((d) => {
    if (!d) return [];
    const detail = parseWorkspaceDetail(d);
    return detail.documents.map((doc) => ({ ...doc, workspace: detail.workspace.name }));
  });
  return {
    themes,
    help,
    sessions,
    documents,
    streams: [
      ...themes.filter((th) => th.followLevel !== 'muted').map((th) => `theme:${th.slug}`),
      ...themes.map((th) => `sessions:${th.slug}`),
      ...workspaces.slice(0, 20).map((w) => `workspace:${w.id}`),
    ],
    facts: {
      role: user.role,
      pioneer: profile?.pioneerDeclared ?? false,
      competences: profile?.competences.length ?? 0,
      canHelpCompetences: profile?.competences.filter((c) => c.mode === 'can_help').length ?? 0,
      availabilityOpen: profile?.availability === 'open',
      followedThemes: themes.filter((th) => th.followLevel === 'following' || th.followLevel === 'mailing_list').length,
      askedHelp: help?.asked.length ?? 0,
      invitationsSent: invitations.length,
      facilitatorInvited: invitations.some((i) => i.role === 'facilitator'),
      upcomingSessions: sessions.length,
      mailSent: outbox.some((m) => m.status === 'sent'),
      introduced: life?.threads.some((th) => th.authorId === user.id) ?? false,
      territory: profile?.territory?.code ?? null,
    },
  };
}

/**
 * Keeps the home live: any new event on its streams (a post in a theme, a session planned or
 * answered, activity in a workspace) or a new notification (a mention, a help request offered
 * to me) reloads the cards after a short pause, so a burst of events costs one reload (no page reload).
 */
function useLiveHome(streams: string[] | undefined, reload: () => void) {
  const latest = useRef(reload);
  latest.current = reload;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const schedule = useCallback(() => {
    // At most one reload per second, however busy the streams are.
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, 800);
  }, []);
  const key = (streams ?? []).join(' ');
  useEffect(() => {
    if (!key) return;
    const stops = key.split(' ').map((stream) =>
      live.watch(stream, { lastSeq: () => null, onEvent: schedule, onResync: schedule }),
    );
    return () => stops.forEach((stop) => stop());
  }, [key, schedule]);
  const { items } = useSyncExternalStore(notifications.subscribe, notifications.getState);
  const newest = items[0]?.id ?? null;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    schedule();
  }, [newest, schedule]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
}

function FirstSteps({ user, steps }: { user: User; steps: Step[] }) {
  const t = useT();
  const [dismissed, setDismissed] = useState(() => readDismissed(user.id));
  const pending = pendingSteps(steps, dismissed);
  if (pending.length === 0) return null;
  const done = steps.filter((s) => s.done).length;
  const dismiss = (ids: string[]) => {
    const next = [...dismissed, ...ids];
    setDismissed(next);
    writeDismissed(user.id, next);
  };
  return (
    <Card title={t('home.steps.title')} className="home-steps">
      <p className="hint">{t('home.steps.progress', { done, total: steps.length })}</p>
      <ul>
        {pending.map((s) => (
          <li key={s.id} className="home-step">
            <Link to={s.to}>{t(`home.step.${s.id}`)}</Link>
            <Button variant="quiet" onPress={() => dismiss([s.id])}>
              {t('home.steps.dismiss')}
              <span className="visually-hidden"> : {t(`home.step.${s.id}`)}</span>
            </Button>
          </li>
        ))}
      </ul>
      <Button variant="secondary" onPress={() => dismiss(pending.map((s) => s.id))}>
        {t('home.steps.dismissAll')}
      </Button>
    </Card>
  );
}

function SessionRow({ occurrence, onAnswered }: { occurrence: Occurrence; onAnswered: (o: Occurrence) => void }) {
  const t = useT();
  const language = useLanguage();
  const [busy, setBusy] = useState(false);
  const answer = (a: Answer) => {
    setBusy(true);
    api
      .request('PUT', `/api/peer-sessions/occurrences/${encodeURIComponent(occurrence.id)}/rsvp`, { answer: a })
      .then(() => {
        onAnswered({ ...occurrence, myAnswer: a });
        toast(t('home.sessions.answered'), 'success');
      })
      .catch((e) => toast(problemMessage(e, t), 'danger'))
      .finally(() => setBusy(false));
  };
  const when = new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short', timeZone: occurrence.readerZone }).format(new Date(occurrence.startsAt));
  return (
    <li>
      <Link to={`/sessions/occurrences/${encodeURIComponent(occurrence.id)}`}>{occurrence.title}</Link>
      <p className="search-meta">
        <time dateTime={occurrence.startsAt}>{when}</time>
      </p>
      <div role="group" aria-label={t('home.sessions.rsvp', { title: occurrence.title })} className="button-row rsvp-row">
        {ANSWERS.map((a) => (
          <Button key={a} variant={occurrence.myAnswer === a ? 'primary' : 'secondary'} isDisabled={busy} aria-pressed={occurrence.myAnswer === a} onPress={() => answer(a)}>
            {t(`home.sessions.answer.${a}`)}
          </Button>
        ))}
      </div>
    </li>
  );
}

export function HomePage() {
  const t = useT();
  const language = useLanguage();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const { items } = useSyncExternalStore(notifications.subscribe, notifications.getState);
  const [data, setData] = useState<HomeData | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const load = useCallback(() => {
    if (user) loadHome(user).then(setData).catch(() => undefined);
  }, [user]);
  useEffect(load, [load]);
  const refresh = useCallback(() => {
    if (!user) return;
    loadHome(user)
      .then((fresh) => {
        setData(fresh);
        setUpdatedAt(new Date());
      })
      .catch(() => undefined);
  }, [user]);
  useLiveHome(data?.streams, refresh);

  if (!user) return null;
  const unreadThemes = (data?.themes ?? []).filter((th) => th.unread > 0 && th.followLevel !== 'muted');
  const mentions = items.filter((n) => !n.readAt && /mention|repl/.test(n.kind)).slice(0, 5);
  const help = data?.help;
  const label = (th: ThemeSummary) => (language === 'en' ? th.labelEn : th.labelFr);

  return (
    <Page title={t('home.title', { name: user.displayName })}>
      <p className="home-intro">{t('home.forYou')}</p>
      <p role="status" className="visually-hidden">
        {updatedAt ? t('home.updated', { time: new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(updatedAt) }) : ''}
      </p>
      {data ? <FirstSteps user={user} steps={firstSteps(data.facts)} /> : <p role="status">{t('common.loading')}</p>}
      <div className="home-grid">
        <Card title={t('home.unread.title')}>
          {unreadThemes.length === 0 ? (
            <EmptyState title={t('home.unread.none')} action={<Link to="/themes">{t('home.unread.browse')}</Link>} />
          ) : (
            <ul>
              {unreadThemes.map((th) => (
                <li key={th.slug} className="home-row">
                  <Link to={`/themes/${encodeURIComponent(th.slug)}`}>{label(th)}</Link>{' '}
                  <Badge tone="info">{t('shell.unread', { count: th.unread })}</Badge>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t('home.mentions.title')}>
          {mentions.length === 0 ? (
            <EmptyState title={t('home.mentions.none')} />
          ) : (
            <ul>
              {mentions.map((n) => (
                <li key={n.id}>
                  <Link to={n.link}>{t(messageKey(n), n.data)}</Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t('home.sessions.title')}>
          {!data || data.sessions.length === 0 ? (
            <EmptyState title={t('home.sessions.none')} action={<Link to="/sessions">{t('home.sessions.agenda')}</Link>} />
          ) : (
            <ul>
              {data.sessions.slice(0, 3).map((o) => (
                <SessionRow key={o.id} occurrence={o} onAnswered={(next) => setData({ ...data, sessions: data.sessions.map((x) => (x.id === next.id ? next : x)) })} />
              ))}
            </ul>
          )}
        </Card>
        {user.role !== 'guest' ? (
          <Card title={t('home.help.title')}>
            {!help || help.offered.length + help.asked.length + help.helping.length === 0 ? (
              <EmptyState title={t('home.help.none')} action={<Link to="/help/new">{t('home.help.ask')}</Link>} />
            ) : (
              <ul>
                {[...help.offered.map((r) => ({ r, why: 'offered' })), ...help.helping.map((r) => ({ r, why: 'helping' })), ...help.asked.map((r) => ({ r, why: 'asked' }))]
                  .slice(0, 6)
                  .map(({ r, why }) => (
                    <li key={`${why}-${r.id}`} className="home-row">
                      <Link to={`/help/${encodeURIComponent(r.id)}`}>{r.title}</Link>{' '}
                      <Badge tone={why === 'offered' ? 'warning' : r.status === 'solved' ? 'success' : 'neutral'}>{t(`home.help.${why}`)}</Badge>
                    </li>
                  ))}
              </ul>
            )}
          </Card>
        ) : null}
        <Card title={t('home.documents.title')}>
          {!data || data.documents.length === 0 ? (
            <EmptyState title={t('home.documents.none')} action={<Link to="/workspaces">{t('home.documents.workspaces')}</Link>} />
          ) : (
            <ul>
              {data.documents.slice(0, 5).map((d) => (
                <li key={d.id}>
                  <Link to={`/documents/${encodeURIComponent(d.id)}`}>{d.title}</Link>
                  <p className="search-meta">{d.workspace}</p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </Page>
  );
}
