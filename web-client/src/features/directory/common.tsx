import { useEffect, useState } from 'react';
import { api } from '../../transport/api';
import { loadTerritories } from '../../store/reference';
import type { Territory } from '../../protocol/api';
import { useLanguage } from '../../ui/i18n';

export interface Competence {
  slug: string;
  labelFr: string;
  family: string;
}

let competences: Promise<Competence[]> | null = null;

/** The competences of ../shared/reference/competences.csv, fetched once per page load. */
export function loadCompetences(): Promise<Competence[]> {
  competences ??= api
    .get('/api/reference/competences')
    .then((value) => (Array.isArray(value) ? (value as Competence[]) : []))
    .catch((error) => {
      competences = null;
      throw error;
    });
  return competences;
}

export function useReference(): { competences: Competence[]; territories: Territory[] } {
  const [state, setState] = useState<{ competences: Competence[]; territories: Territory[] }>({ competences: [], territories: [] });
  useEffect(() => {
    let live = true;
    Promise.all([loadCompetences(), loadTerritories()])
      .then(([c, t]) => live && setState({ competences: c, territories: t }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** Competence labels exist in French only (the reference data); other languages show them too. */
export function useCompetenceLabel(list: Competence[]): (slug: string) => string {
  useLanguage();
  return (slug) => list.find((c) => c.slug === slug)?.labelFr ?? slug;
}

export function Avatar({ id, initials, hasPhoto, size = 48 }: { id: string; initials: string; hasPhoto: boolean; size?: number }) {
  if (hasPhoto) {
    return <img className="avatar" src={`/api/directory/people/${id}/photo`} alt="" width={size} height={size} />;
  }
  return (
    <span className="avatar avatar-initials" aria-hidden="true" style={{ width: size, height: size, lineHeight: `${size}px` }}>
      {initials}
    </span>
  );
}
