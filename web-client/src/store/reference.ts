/** Reference data changes rarely: fetched once per page load. */
import { parseTerritories, type Territory } from '../protocol/api';
import { api } from '../transport/api';
import type { ZoneOffset } from '../ui/zones';

let territories: Promise<Territory[]> | null = null;

export function loadTerritories(): Promise<Territory[]> {
  territories ??= api
    .get('/api/reference/territories')
    .then(parseTerritories)
    .catch((error) => {
      territories = null;
      throw error;
    });
  return territories;
}

let timeZones: Promise<ZoneOffset[]> | null = null;

/** Canonical IANA zones with their offset now (GET /api/reference/time-zones, anonymous). */
export function loadTimeZones(): Promise<ZoneOffset[]> {
  timeZones ??= api
    .get('/api/reference/time-zones')
    .then((value) =>
      (Array.isArray(value) ? value : [])
        .filter((z): z is { id: string; offsetMinutes: number } => !!z && typeof z.id === 'string' && typeof z.offsetMinutes === 'number')
        .map((z) => ({ id: z.id, offsetMinutes: z.offsetMinutes })),
    )
    .catch((error) => {
      timeZones = null;
      throw error;
    });
  return timeZones;
}
