import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import { api } from '../../transport/api';
import { parseDirectoryPage, type PersonCard } from '../../protocol/directory';
import { parseThemes, type ThemeSummary } from '../../protocol/discussion';
import { Page } from '../../ui/Page';
import { Link, useSearch } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { problemMessage } from '../../ui/forms';
import { Avatar, Badge, Card, EmptyState } from '../../ui/components';
import { useReference, useTerritoryName } from '../directory/common';
import {
  highlightWords,
  markedSegments,
  nextResult,
  parsePlaceHits,
  parseSessionHits,
  placeLink,
  readSearch,
  SCOPES,
  searchUrl,
  type PlaceHit,
  type Scope,
  type Segment,
  type SessionHit,
} from './searchModel';

interface DiscussionHit {
  threadId: string;
  threadTitle: string;
  theme: string;
  postId: string;
  authorName: string;
  createdAt: string;
  solved: boolean;
  extract: string;
}

type Section<T> = { status: 'loading' } | { status: 'done'; items: T[] } | { status: 'failed'; reason: string };

function Marked({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}

/** Runs one section's search, and keeps its state apart so a failing section hides no other. */
function useSection<T>(enabled: boolean, q: string, run: (q: string) => Promise<T[]>): Section<T> | null {
  const [state, setState] = useState<Section<T>>({ status: 'loading' });
  const t = useT();
  useEffect(() => {
    if (!enabled || !q) return;
    let live = true;
    setState({ status: 'loading' });
    run(q)
      .then((items) => live && setState({ status: 'done', items }))
      .catch((error) => live && setState({ status: 'failed', reason: problemMessage(error, t) }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, q, t]);
  return enabled && q ? state : null;
}

async function searchDiscussions(q: string): Promise<DiscussionHit[]> {
  const body = (await api.get(`/api/search?q=${encodeURIComponent(q)}`)) as { hits?: DiscussionHit[] };
  return Array.isArray(body?.hits) ? body.hits : [];
}

async function searchPeople(q: string): Promise<PersonCard[]> {
  return parseDirectoryPage(await api.get(`/api/directory/people?q=${encodeURIComponent(q)}`)).items;
}

/** Sessions found by the server (French stemming, only the themes I may read). */
async function searchSessions(q: string): Promise<SessionHit[]> {
  return parseSessionHits(await api.get(`/api/search/sessions?q=${encodeURIComponent(q)}`));
}

/** Workspaces and documents found by the server, among the workspaces I belong to. */
async function searchPlaces(q: string): Promise<PlaceHit[]> {
  return parsePlaceHits(await api.get(`/api/search/workspaces?q=${encodeURIComponent(q)}`));
}

/** Arrow keys, Home and End move between the results' links, across sections. */
function onResultsKey(event: KeyboardEvent<HTMLDivElement>) {
  const links = Array.from(event.currentTarget.querySelectorAll<HTMLAnchorElement>('a.search-result-title'));
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = nextResult(event.key, at, links.length);
  if (next === null) return;
  event.preventDefault();
  links[next].focus();
}

/** Theme labels in the reader's language, by slug (the slug until they arrive). */
function useThemeNames(): (slug: string) => string {
  const language = useLanguage();
  const [labels, setLabels] = useState<Map<string, ThemeSummary>>(new Map());
  useEffect(() => {
    api
      .get('/api/themes')
      .then((body) => setLabels(new Map(parseThemes(body).map((th) => [th.slug, th]))))
      .catch(() => undefined);
  }, []);
  return (slug) => {
    const th = labels.get(slug);
    return th ? (language === 'en' ? th.labelEn : th.labelFr) : slug;
  };
}

function SectionBody<T>({ section, render }: { section: Section<T>; render: (items: T[]) => ReactNode }) {
  const t = useT();
  if (section.status === 'loading') return <p role="status">{t('common.loading')}</p>;
  if (section.status === 'failed') return <p className="problem">{t('search.failed', { reason: section.reason })}</p>;
  if (section.items.length === 0) return <p className="hint">{t('search.none')}</p>;
  return <>{render(section.items)}</>;
}

function SectionCard<T>({ id, title, section, render }: { id: string; title: string; section: Section<T> | null; render: (items: T[]) => ReactNode }) {
  const t = useT();
  if (!section) return null;
  const count = section.status === 'done' ? section.items.length : null;
  return (
    <Card
      className="search-section"
      title={
        <span id={id}>
          {title} {count !== null ? <Badge tone={count ? 'info' : 'neutral'}>{count ? t('search.count', { count }) : t('search.countNone')}</Badge> : null}
        </span>
      }
    >
      <SectionBody section={section} render={render} />
    </Card>
  );
}

export default function SearchPage() {
  const placeName = useTerritoryName(useReference().territories);
  const themeName = useThemeNames();
  const t = useT();
  const language = useLanguage();
  const { q, scope } = readSearch(useSearch());
  const on = (s: Scope) => scope === 'all' || scope === s;
  const discussions = useSection(on('discussions'), q, searchDiscussions);
  const people = useSection(on('people'), q, searchPeople);
  const sessions = useSection(on('sessions'), q, searchSessions);
  const places = useSection(on('workspaces'), q, searchPlaces);
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short' });

  return (
    <Page title={q ? t('search.titleWith', { q }) : t('search.title')}>
      {!q ? (
        <EmptyState title={t('search.title')}>{t('search.prompt')}</EmptyState>
      ) : (
        <div onKeyDown={onResultsKey} className="search-page">
          <p className="hint">{t('search.keys')}</p>
          <nav aria-label={t('search.filters')} className="search-scopes">
            <ul>
              {SCOPES.map((s) => (
                <li key={s}>
                  <Link to={searchUrl({ q, scope: s })} aria-current={scope === s ? 'page' : undefined}>
                    {t(`search.scope.${s}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <SectionCard
            id="search-discussions"
            title={t('search.section.discussions')}
            section={discussions}
            render={(hits) => (
              <ul className="search-results">
                {hits.map((h) => (
                  <li key={h.postId}>
                    <Link to={`/threads/${encodeURIComponent(h.threadId)}#post-${encodeURIComponent(h.postId)}`} className="search-result-title">
                      {h.threadTitle}
                    </Link>{' '}
                    {h.solved ? <Badge tone="success">{t('search.solved')}</Badge> : null}
                    <p className="search-extract">
                      <Marked segments={markedSegments(h.extract)} />
                    </p>
                    <p className="search-meta">
                      {t('search.inTheme', { theme: themeName(h.theme), author: h.authorName })} · <time dateTime={h.createdAt}>{date.format(new Date(h.createdAt))}</time>
                    </p>
                  </li>
                ))}
              </ul>
            )}
          />
          <SectionCard
            id="search-people"
            title={t('search.section.people')}
            section={people}
            render={(items) => (
              <ul className="search-results">
                {items.map((p) => (
                  <li key={p.id} className="search-person">
                    <Avatar name={p.displayName} id={p.id} photoUrl={p.hasPhoto ? `/api/directory/people/${encodeURIComponent(p.id)}/photo` : null} />
                    <div>
                      <Link to={`/directory/people/${encodeURIComponent(p.id)}`} className="search-result-title">
                        <Marked segments={highlightWords(p.displayName, q) ?? [{ text: p.displayName, mark: false }]} />
                      </Link>
                      <p className="search-meta">{[p.territory ? placeName(p.territory.code, p.territory.name) : null, p.organisation].filter(Boolean).join(' · ')}</p>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          />
          <SectionCard
            id="search-sessions"
            title={t('search.section.sessions')}
            section={sessions}
            render={(items) => (
              <ul className="search-results">
                {items.map((h) => (
                  <li key={h.seriesId}>
                    <Link to={`/sessions/occurrences/${encodeURIComponent(h.occurrenceId)}`} className="search-result-title">
                      <Marked segments={highlightWords(h.title, q) ?? [{ text: h.title, mark: false }]} />
                    </Link>{' '}
                    {!h.upcoming ? <Badge tone="neutral">{t('search.sessionPast')}</Badge> : h.status === 'cancelled' ? <Badge tone="warning">{t('search.sessionCancelled')}</Badge> : null}
                    <p className="search-extract">
                      <Marked segments={markedSegments(h.extract)} />
                    </p>
                    <p className="search-meta">
                      {t('search.sessionIn', { theme: themeName(h.theme) })} · <time dateTime={h.startsAt}>{dateTime.format(new Date(h.startsAt))}</time>
                    </p>
                  </li>
                ))}
              </ul>
            )}
          />
          <SectionCard
            id="search-workspaces"
            title={t('search.section.workspaces')}
            section={places}
            render={(items) => (
              <ul className="search-results">
                {items.map((h) => (
                  <li key={`${h.kind}-${h.documentId ?? h.workspaceId}`}>
                    <Link to={placeLink(h)} className="search-result-title">
                      <Marked segments={highlightWords(h.title, q) ?? [{ text: h.title, mark: false }]} />
                    </Link>
                    {h.extract ? (
                      <p className="search-extract">
                        <Marked segments={markedSegments(h.extract)} />
                      </p>
                    ) : null}
                    <p className="search-meta">{h.kind === 'workspace' ? t('search.workspace') : t('search.document', { workspace: h.workspaceName })}</p>
                  </li>
                ))}
              </ul>
            )}
          />
        </div>
      )}
    </Page>
  );
}
