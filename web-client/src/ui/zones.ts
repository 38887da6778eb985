/**
 * What the zone picker offers: the network's territories first with friendly names and their
 * current UTC offset ("La Réunion — UTC+4"), then every other canonical IANA zone
 * (GET /api/reference/time-zones, tzdata's zone.tab: no Asia/Calcutta-style links). Pure.
 */
import type { Language, Territory } from '../protocol/api';

export interface ZoneOffset {
  id: string;
  offsetMinutes: number;
}

export interface ZoneChoice {
  id: string;
  label: string;
}

export interface ZoneSections {
  territories: ZoneChoice[];
  others: ZoneChoice[];
}

/** French Polynesia spans three zones; other territories have one (their reference zone). */
const EXTRA_ZONES: Record<string, { zone: string; fr: string; en: string }[]> = {
  '987': [
    { zone: 'Pacific/Tahiti', fr: 'Tahiti', en: 'Tahiti' },
    { zone: 'Pacific/Marquesas', fr: 'Marquises', en: 'Marquesas' },
    { zone: 'Pacific/Gambier', fr: 'Gambier', en: 'Gambier' },
  ],
};

/** "UTC", "UTC+4", "UTC−9:30" (a true minus sign). */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '−';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/** The offset of a zone at `at`, read from Intl (when the server's list is not at hand). */
export function intlOffsetMinutes(zone: string, at: Date = new Date()): number | null {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (!part) return null;
    if (part === 'GMT') return 0;
    const m = /^GMT([+-−])(\d{1,2})(?::(\d{2}))?$/.exec(part);
    if (!m) return null;
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
    return m[1] === '+' ? minutes : -minutes;
  } catch {
    return null;
  }
}

/** A zone's id as people read it: "America/Port of Spain". */
export function zoneName(id: string): string {
  return id.replace(/_/g, ' ');
}

function territoryLabel(t: Territory, language: Language): string {
  return language === 'en' ? t.nameEn || t.name : t.name;
}

/** The zones a territory lives in, with the place name to show for each. */
export function territoryZones(t: Territory, language: Language): { zone: string; place: string }[] {
  const name = territoryLabel(t, language);
  const extra = EXTRA_ZONES[t.code];
  if (extra) return extra.map((e) => ({ zone: e.zone, place: `${name}, ${language === 'en' ? e.en : e.fr}` }));
  return [{ zone: t.timeZone, place: name }];
}

/**
 * The picker's two sections. Metropolitan regions share one entry ("France hexagonale");
 * `current` is always offered, even an old link the server no longer lists.
 */
export function zoneSections(territories: Territory[], zones: ZoneOffset[], language: Language, current: string, now: Date = new Date()): ZoneSections {
  const offsets = new Map(zones.map((z) => [z.id, z.offsetMinutes]));
  const offsetOf = (id: string) => offsets.get(id) ?? intlOffsetMinutes(id, now);
  const withOffset = (label: string, id: string) => {
    const offset = offsetOf(id);
    return offset === null ? label : `${label} — ${formatOffset(offset)}`;
  };
  const first: ZoneChoice[] = [];
  const seen = new Set<string>();
  const add = (id: string, label: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    first.push({ id, label: withOffset(label, id) });
  };
  const regions = territories.filter((t) => t.kind === 'region');
  if (regions.length) add(regions[0].timeZone, language === 'en' ? 'Mainland France' : 'France hexagonale');
  for (const t of territories.filter((x) => x.kind !== 'region')) {
    for (const { zone, place } of territoryZones(t, language)) add(zone, place);
  }
  const others: ZoneChoice[] = [];
  const rest = zones.map((z) => z.id).filter((id) => !seen.has(id));
  if (current && !seen.has(current) && !rest.includes(current)) rest.unshift(current);
  for (const id of rest) others.push({ id, label: withOffset(zoneName(id), id) });
  return { territories: first, others };
}

/** The label of one zone as the picker shows it. */
export function zoneLabel(sections: ZoneSections, id: string): string {
  return [...sections.territories, ...sections.others].find((c) => c.id === id)?.label ?? zoneName(id);
}

/**
 * The zones to propose after a change of territory: none when the current zone is already one
 * of the territory's (the person chose it, or it is right).
 */
export function proposedZones(t: Territory | undefined, current: string, language: Language): { zone: string; place: string }[] {
  if (!t) return [];
  const zones = territoryZones(t, language);
  return zones.some((z) => z.zone === current) ? [] : zones;
}

/** Accents, case and underscores do not matter when filtering: "reunion" finds "La Réunion". */
export function zoneFilter(text: string, input: string): boolean {
  const norm = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/_/g, ' ').toLowerCase();
  return norm(text).includes(norm(input));
}
