/** Resources on the wire (docs/api.md "Resources"). Missing lists are read as []. */
import { asArray, asObject, optNum, optStr, str, type Json } from '../../protocol/validate';

export const DOORS = ['outil', 'temoignage', 'kit', 'methode'] as const;
export const FORMATS = ['text', 'video', 'mooc', 'webinar', 'page'] as const;
export const MATURITIES = ['decouvrir', 'demarrer', 'approfondir'] as const;
export type Door = (typeof DOORS)[number];

export interface ResourceSummary {
  id: string;
  title: string;
  summary: string;
  door: string;
  levers: string[];
  format: string;
  maturity: string;
  minutes: number;
  status: 'draft' | 'in_review' | 'published';
  featured: boolean;
  usefulCount: number;
  publishedAt: string | null;
}

export interface Neighbour {
  lever: string;
  door: string;
  resources: ResourceSummary[];
}

export interface Resource extends ResourceSummary {
  body: string | null;
  link: string | null;
  territories: string[];
  competences: string[];
  authors: string[];
  licence: string;
  proposerId: string;
  proposerName: string;
  reviewComment: string | null;
  viewCount: number;
  markedUseful: boolean;
  adaptedTerritories: string[];
  adaptationCount: number;
  canEdit: boolean;
  canReview: boolean;
  neighbours: Neighbour[];
}

export interface OverviewLever {
  lever: string;
  labelFr: string;
  labelEn: string;
  cells: { door: string; count: number; featured: ResourceSummary | null }[];
  path: ResourceSummary[];
  pathMinutes: number;
}

function strings(o: Json, key: string, what: string): string[] {
  return asArray(o[key] ?? [], `${what}.${key}`, (v, w) => {
    if (typeof v !== 'string') throw new Error(`${w}: expected a string`);
    return v;
  });
}

const bool = (o: Json, key: string) => o[key] === true;

export function parseSummary(value: unknown, what = 'resource'): ResourceSummary {
  const o = asObject(value, what);
  return {
    id: str(o, 'id', what),
    title: str(o, 'title', what),
    summary: str(o, 'summary', what),
    door: str(o, 'door', what),
    levers: strings(o, 'levers', what),
    format: str(o, 'format', what),
    maturity: str(o, 'maturity', what),
    minutes: optNum(o, 'minutes') ?? 0,
    status: str(o, 'status', what) as ResourceSummary['status'],
    featured: bool(o, 'featured'),
    usefulCount: optNum(o, 'usefulCount') ?? 0,
    publishedAt: optStr(o, 'publishedAt', what),
  };
}

export const parseSummaries = (value: unknown, what = 'resources') => asArray(value ?? [], what, (v, w) => parseSummary(v, w));

export function parseResource(value: unknown): Resource {
  const what = 'resource';
  const o = asObject(value, what);
  return {
    ...parseSummary(o, what),
    body: optStr(o, 'body', what),
    link: optStr(o, 'link', what),
    territories: strings(o, 'territories', what),
    competences: strings(o, 'competences', what),
    authors: strings(o, 'authors', what),
    licence: str(o, 'licence', what),
    proposerId: str(o, 'proposerId', what),
    proposerName: str(o, 'proposerName', what),
    reviewComment: optStr(o, 'reviewComment', what),
    viewCount: optNum(o, 'viewCount') ?? 0,
    markedUseful: bool(o, 'markedUseful'),
    adaptedTerritories: strings(o, 'adaptedTerritories', what),
    adaptationCount: optNum(o, 'adaptationCount') ?? 0,
    canEdit: bool(o, 'canEdit'),
    canReview: bool(o, 'canReview'),
    neighbours: asArray(o.neighbours ?? [], 'neighbours', (v, w) => {
      const n = asObject(v, w);
      return { lever: str(n, 'lever', w), door: str(n, 'door', w), resources: parseSummaries(n.resources, `${w}.resources`) };
    }),
  };
}

export function parseLibrary(value: unknown): { resources: ResourceSummary[]; total: number } {
  const o = asObject(value, 'library');
  return { resources: parseSummaries(o.resources), total: optNum(o, 'total') ?? 0 };
}

export function parseOverview(value: unknown): OverviewLever[] {
  const o = asObject(value, 'overview');
  return asArray(o.levers ?? [], 'levers', (v, w) => {
    const l = asObject(v, w);
    return {
      lever: str(l, 'lever', w),
      labelFr: str(l, 'labelFr', w),
      labelEn: str(l, 'labelEn', w),
      cells: asArray(l.cells ?? [], `${w}.cells`, (c, cw) => {
        const cell = asObject(c, cw);
        return { door: str(cell, 'door', cw), count: optNum(cell, 'count') ?? 0, featured: cell.featured ? parseSummary(cell.featured, `${cw}.featured`) : null };
      }),
      path: parseSummaries(l.path, `${w}.path`),
      pathMinutes: optNum(l, 'pathMinutes') ?? 0,
    };
  });
}

/** The library's filters, read from and written to the URL's query. */
export const FILTER_KEYS = ['q', 'door', 'lever', 'format', 'maturity', 'maxMinutes', 'territory', 'competence'] as const;
export type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

export function filtersFrom(search: string): Filters {
  const params = new URLSearchParams(search);
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key);
    if (v) filters[key] = v;
  }
  return filters;
}

export function queryOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = filters[key];
    if (v) params.set(key, v);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
