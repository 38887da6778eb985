import { useEffect, useState } from 'react';
import { api } from '../../transport/api';
import { loadTerritories } from '../../store/reference';
import type { Language, Territory } from '../../protocol/api';
import { useLanguage } from '../../ui/i18n';

export interface Competence {
  slug: string;
  labelFr: string;
  /** Absent from an older server: the French label stands in. */
  labelEn?: string;
  family: string;
}

/** A competence or métier in the reader's language. */
export function competenceName(c: Competence, language: Language): string {
  return language === 'en' ? c.labelEn || c.labelFr : c.labelFr;
}

/** A territory in the reader's language (reference data carries `nameEn`). */
export function territoryName(t: { name: string; nameEn?: string }, language: Language): string {
  return language === 'en' ? t.nameEn || t.name : t.name;
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

/** A competence's label by slug, in the reader's language. */
export function useCompetenceLabel(list: Competence[]): (slug: string) => string {
  const language = useLanguage();
  return (slug) => {
    const found = list.find((c) => c.slug === slug);
    return found ? competenceName(found, language) : slug;
  };
}

/**
 * A territory's name by code in the reader's language; `fallback` (the name a profile carries)
 * while the reference list loads.
 */
export function useTerritoryName(list: Territory[]): (code: string | null | undefined, fallback?: string | null) => string {
  const language = useLanguage();
  return (code, fallback) => {
    const found = list.find((x) => x.code === code);
    return found ? territoryName(found, language) : (fallback ?? code ?? '');
  };
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
