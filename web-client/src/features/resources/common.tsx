import { useEffect, useState } from 'react';
import { api } from '../../transport/api';
import { useLanguage, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { Badge } from '../../ui/components';
import type { ResourceSummary } from './model';

export interface Lever {
  slug: string;
  labelFr: string;
  labelEn: string;
}

let levers: Promise<Lever[]> | null = null;

/** The seven lever themes (reference themes of family "lever"), fetched once per page load. */
export function useLevers(): Lever[] {
  const [list, setList] = useState<Lever[]>([]);
  useEffect(() => {
    let live = true;
    levers ??= api.get('/api/reference/themes').then(
      (v) => (Array.isArray(v) ? (v as (Lever & { family: string })[]).filter((th) => th.family === 'lever') : []),
      (e) => {
        levers = null;
        throw e;
      },
    );
    levers.then((l) => live && setList(l)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return list;
}

export function useLeverName(list: Lever[]): (slug: string) => string {
  const language = useLanguage();
  return (slug) => {
    const found = list.find((l) => l.slug === slug);
    return found ? (language === 'en' ? found.labelEn : found.labelFr) : slug;
  };
}

/** One resource in a list: its title as a link, door, format, level and time. */
export function ResourceItem({ resource, leverName, headingLevel = 3 }: { resource: ResourceSummary; leverName: (slug: string) => string; headingLevel?: 2 | 3 | 4 }) {
  const t = useT();
  const H = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  return (
    <li className="resource-item">
      <H className="resource-item-title">
        <Link to={`/resources/${resource.id}`}>{resource.title}</Link>
      </H>
      <p className="resource-item-meta">
        <Badge tone="info">{t(`resources.door.${resource.door}`)}</Badge> {t(`resources.format.${resource.format}`)} ·{' '}
        {t(`resources.maturity.${resource.maturity}`)} · {t('resources.minutes', { count: resource.minutes })}
        {resource.featured ? (
          <>
            {' '}
            <Badge tone="success">{t('resources.featured')}</Badge>
          </>
        ) : null}
        {resource.status !== 'published' ? (
          <>
            {' '}
            <Badge tone="warning">{t(`resources.status.${resource.status}`)}</Badge>
          </>
        ) : null}
      </p>
      <p className="resource-item-summary">{resource.summary}</p>
      {resource.levers.length ? <p className="hint">{resource.levers.map(leverName).join(' · ')}</p> : null}
    </li>
  );
}
