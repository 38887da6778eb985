/** Search-everywhere logic without a browser: URL state, highlighting, local title matching. */

export const SCOPES = ['all', 'discussions', 'people', 'sessions', 'workspaces'] as const;
export type Scope = (typeof SCOPES)[number];

export interface SearchState {
  q: string;
  scope: Scope;
}

export function readSearch(search: string): SearchState {
  const params = new URLSearchParams(search);
  const scope = params.get('in') ?? 'all';
  return { q: (params.get('q') ?? '').trim(), scope: (SCOPES as readonly string[]).includes(scope) ? (scope as Scope) : 'all' };
}

export function searchUrl(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  if (state.scope !== 'all') params.set('in', state.scope);
  return `/search?${params.toString()}`;
}

export interface Segment {
  text: string;
  mark: boolean;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

/** The server's escaped extract with `<mark>` around matches, as text segments (no HTML injected). */
export function markedSegments(extract: string): Segment[] {
  const out: Segment[] = [];
  const re = /<mark>(.*?)<\/mark>/g;
  let last = 0;
  for (let m = re.exec(extract); m; m = re.exec(extract)) {
    if (m.index > last) out.push({ text: unescape(extract.slice(last, m.index)), mark: false });
    out.push({ text: unescape(m[1]), mark: true });
    last = m.index + m[0].length;
  }
  if (last < extract.length) out.push({ text: unescape(extract.slice(last)), mark: false });
  return out;
}

/** Lowercase without accents, one character for one character, so positions map back. */
export function fold(s: string): string {
  return Array.from(s)
    .map((c) => {
      const base = c.normalize('NFD').replace(/\p{M}/gu, '');
      return (base.length === 1 ? base : c).toLowerCase();
    })
    .join('');
}

/** The query's words folded, without very short ones; plural "x"/"s" endings dropped. */
export function queryWords(q: string): string[] {
  return fold(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2)
    .map((w) => (w.length > 3 ? w.replace(/[sx]$/, '') : w));
}

/**
 * Segments of `text` with every word of the query marked, or null when some query word is
 * missing (all words must appear, like the server's search).
 */
export function highlightWords(text: string, q: string): Segment[] | null {
  const words = queryWords(q);
  if (words.length === 0) return null;
  const folded = fold(text);
  const marks = new Array<boolean>(text.length).fill(false);
  for (const word of words) {
    let at = folded.indexOf(word);
    if (at < 0) return null;
    while (at >= 0) {
      // The mark runs to the end of the word, so "tiers" is marked whole for the stem "tier".
      let end = at + word.length;
      while (end < text.length && /[\p{L}\p{N}]/u.test(text[end])) end++;
      for (let i = at; i < end; i++) marks[i] = true;
      at = folded.indexOf(word, at + word.length);
    }
  }
  const out: Segment[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = out[out.length - 1];
    if (last && last.mark === marks[i]) last.text += text[i];
    else out.push({ text: text[i], mark: marks[i] });
  }
  return out;
}

/** A session series found by `GET /api/search/sessions` (docs/api.md). */
export interface SessionHit {
  seriesId: string;
  title: string;
  theme: string;
  extract: string;
  occurrenceId: string;
  startsAt: string;
  status: string;
  upcoming: boolean;
}

/** A workspace or document found by `GET /api/search/workspaces`. */
export interface PlaceHit {
  kind: 'workspace' | 'document';
  workspaceId: string;
  workspaceName: string;
  documentId: string | null;
  title: string;
  extract: string;
}

type Json = Record<string, unknown>;
const hitsOf = (body: unknown): Json[] => {
  const hits = body && typeof body === 'object' ? (body as Json).hits : undefined;
  // Serde omits an empty list: missing means none.
  return Array.isArray(hits) ? hits.filter((h): h is Json => !!h && typeof h === 'object') : [];
};
const text = (o: Json, k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');

export function parseSessionHits(body: unknown): SessionHit[] {
  return hitsOf(body)
    .filter((h) => text(h, 'seriesId') && text(h, 'occurrenceId'))
    .map((h) => ({
      seriesId: text(h, 'seriesId'),
      title: text(h, 'title'),
      theme: text(h, 'theme'),
      extract: text(h, 'extract'),
      occurrenceId: text(h, 'occurrenceId'),
      startsAt: text(h, 'startsAt'),
      status: text(h, 'status') || 'scheduled',
      upcoming: h.upcoming === true,
    }));
}

export function parsePlaceHits(body: unknown): PlaceHit[] {
  return hitsOf(body)
    .filter((h) => (h.kind === 'workspace' || h.kind === 'document') && text(h, 'workspaceId'))
    .map((h) => ({
      kind: h.kind as PlaceHit['kind'],
      workspaceId: text(h, 'workspaceId'),
      workspaceName: text(h, 'workspaceName'),
      documentId: text(h, 'documentId') || null,
      title: text(h, 'title'),
      extract: text(h, 'extract'),
    }));
}

/** Where a workspace hit leads. */
export function placeLink(hit: PlaceHit): string {
  return hit.kind === 'document' && hit.documentId
    ? `/documents/${encodeURIComponent(hit.documentId)}`
    : `/workspaces/${encodeURIComponent(hit.workspaceId)}`;
}

/**
 * Arrow keys between results: the index of the result to focus next, or null to leave the key
 * alone (Home/End jump to the first and last).
 */
export function nextResult(key: string, current: number, count: number): number | null {
  if (count === 0 || current < 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, current + 1);
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
