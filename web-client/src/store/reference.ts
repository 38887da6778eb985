/** Reference data changes rarely: fetched once per page load. */
import { parseTerritories, type Territory } from '../protocol/api';
import { api } from '../transport/api';

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
