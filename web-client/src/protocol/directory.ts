/** The directory's wire types (docs/api.md, "Directory") and its filters as URL parameters. */
import { asArray, asObject, optNum, optStr, str, type Json } from './validate';

export interface CompetenceTag {
  slug: string;
  mode: 'can_help' | 'wants_to_learn';
}

export interface TerritoryRef {
  code: string;
  name: string;
  kind: string;
}

export interface PersonCard {
  id: string;
  displayName: string;
  initials: string;
  hasPhoto: boolean;
  territory: TerritoryRef | null;
  organisation: string | null;
  metiers: string[];
  competences: CompetenceTag[];
  pioneer: boolean;
  availability: 'open' | 'paused';
  solvedCount: number;
  /** Shown as "compte désactivé". */
  deactivated: boolean;
}

export interface Profile extends PersonCard {
  role: string;
  organisationKind: string | null;
  pioneerDeclared: boolean;
  bio: string | null;
  maxOpenRequests: number | null;
  languages: string[];
  email: string | null;
  showEmail: boolean;
}

export interface DirectoryPage {
  items: PersonCard[];
  total: number;
  page: number;
  pageSize: number;
}

export interface TerritoryCount {
  code: string;
  name: string;
  kind: string;
  members: number;
  pioneers: number;
}

const strings = (o: Json, key: string): string[] => asArray(o[key] ?? [], key, (v) => String(v));
const tags = (o: Json): CompetenceTag[] =>
  asArray(o.competences ?? [], 'competences', (v, what) => {
    const t = asObject(v, what);
    return { slug: str(t, 'slug', what), mode: str(t, 'mode', what) === 'wants_to_learn' ? 'wants_to_learn' : 'can_help' };
  });
const territory = (v: unknown): TerritoryRef | null => {
  if (v === null || v === undefined) return null;
  const t = asObject(v, 'territory');
  return { code: str(t, 'code', 'territory'), name: str(t, 'name', 'territory'), kind: str(t, 'kind', 'territory') };
};

export function parsePersonCard(value: unknown): PersonCard {
  const o = asObject(value, 'person');
  return {
    id: str(o, 'id', 'person'),
    displayName: str(o, 'displayName', 'person'),
    initials: str(o, 'initials', 'person'),
    hasPhoto: o.hasPhoto === true,
    territory: territory(o.territory),
    organisation: optStr(o, 'organisation', 'person'),
    metiers: strings(o, 'metiers'),
    competences: tags(o),
    pioneer: o.pioneer === true,
    availability: o.availability === 'paused' ? 'paused' : 'open',
    solvedCount: optNum(o, 'solvedCount') ?? 0,
    deactivated: o.deactivated === true,
  };
}

export function parseProfile(value: unknown): Profile {
  const o = asObject(value, 'profile');
  return {
    ...parsePersonCard(o),
    role: str(o, 'role', 'profile'),
    organisationKind: optStr(o, 'organisationKind', 'profile'),
    pioneerDeclared: o.pioneerDeclared === true,
    bio: optStr(o, 'bio', 'profile'),
    maxOpenRequests: optNum(o, 'maxOpenRequests'),
    languages: strings(o, 'languages'),
    email: optStr(o, 'email', 'profile'),
    showEmail: o.showEmail === true,
  };
}

export function parseDirectoryPage(value: unknown): DirectoryPage {
  const o = asObject(value, 'directory');
  return {
    items: asArray(o.items, 'items', parsePersonCard),
    total: optNum(o, 'total') ?? 0,
    page: optNum(o, 'page') ?? 1,
    pageSize: optNum(o, 'pageSize') ?? 20,
  };
}

export const parseTerritoryCounts = (value: unknown): TerritoryCount[] =>
  asArray(value, 'map', (v, what) => {
    const o = asObject(v, what);
    return {
      code: str(o, 'code', what),
      name: str(o, 'name', what),
      kind: str(o, 'kind', what),
      members: optNum(o, 'members') ?? 0,
      pioneers: optNum(o, 'pioneers') ?? 0,
    };
  });

/** The directory's filters; every one optional. The URL carries them (`?competence=…&page=2`). */
export interface DirectoryFilters {
  q?: string;
  competence?: string;
  mode?: 'can_help' | 'wants_to_learn';
  metier?: string;
  territory?: string;
  overseas?: boolean;
  pioneer?: boolean;
  openToHelp?: boolean;
  page?: number;
}

const FLAGS = ['overseas', 'pioneer', 'openToHelp'] as const;
const TEXTS = ['q', 'competence', 'metier', 'territory'] as const;

export function filtersFromSearch(search: string): DirectoryFilters {
  const params = new URLSearchParams(search);
  const filters: DirectoryFilters = {};
  for (const key of TEXTS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const mode = params.get('mode');
  if (mode === 'can_help' || mode === 'wants_to_learn') filters.mode = mode;
  for (const key of FLAGS) {
    const value = params.get(key);
    if (value === 'true' || value === 'false') filters[key] = value === 'true';
  }
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page > 1) filters.page = page;
  return filters;
}

/** The canonical query string (stable order, defaults left out), without the leading `?`. */
export function searchFromFilters(filters: DirectoryFilters): string {
  const params = new URLSearchParams();
  for (const key of TEXTS) if (filters[key]) params.set(key, filters[key] as string);
  if (filters.mode) params.set('mode', filters.mode);
  for (const key of FLAGS) if (filters[key] !== undefined) params.set(key, String(filters[key]));
  if (filters.page && filters.page > 1) params.set('page', String(filters.page));
  return params.toString();
}

/** Which filters to drop to widen an empty search, most specific first. */
export function wideningSteps(filters: DirectoryFilters): (keyof DirectoryFilters)[] {
  const order: (keyof DirectoryFilters)[] = ['openToHelp', 'pioneer', 'mode', 'metier', 'territory', 'overseas', 'competence', 'q'];
  return order.filter((key) => filters[key] !== undefined);
}
