import { useEffect, useMemo, useState } from 'react';
import type { Territory } from '../protocol/api';
import { loadTerritories, loadTimeZones } from '../store/reference';
import { Button, ComboBox } from './components';
import { useLanguage, useT } from './i18n';
import { proposedZones, zoneFilter, zoneSections, type ZoneOffset } from './zones';

function useZoneData(): { territories: Territory[]; zones: ZoneOffset[]; loaded: boolean } {
  const [data, setData] = useState<{ territories: Territory[]; zones: ZoneOffset[]; loaded: boolean }>({ territories: [], zones: [], loaded: false });
  useEffect(() => {
    let live = true;
    // Either list may fail alone: the picker still offers what it has, offsets read from Intl.
    Promise.all([loadTerritories().catch(() => []), loadTimeZones().catch(() => [])]).then(
      ([territories, zones]) => live && setData({ territories, zones, loaded: true }),
    );
    return () => {
      live = false;
    };
  }, []);
  return data;
}

/** The one zone picker: territories first ("La Réunion — UTC+4"), then every canonical zone. */
export function ZonePicker({ id, label, help, value, error, onChange }: { id: string; label: string; help?: string; value: string; error?: string; onChange: (zone: string) => void }) {
  const t = useT();
  const language = useLanguage();
  const { territories, zones, loaded } = useZoneData();
  const sections = useMemo(() => zoneSections(territories, zones, language, value), [territories, zones, language, value]);
  return (
    <ComboBox
      // The input shows the chosen item's label once: remount when the lists or the language arrive.
      key={`${loaded}-${language}`}
      id={id}
      label={label}
      help={help}
      error={error}
      value={value}
      onChange={onChange}
      filter={zoneFilter}
      sections={[
        { title: t('zone.territories'), choices: sections.territories.map((c) => ({ value: c.id, label: c.label })) },
        { title: t('zone.others'), choices: sections.others.map((c) => ({ value: c.id, label: c.label })) },
      ]}
    />
  );
}

/**
 * After a change of territory: the territory's zone(s), proposed with a button each, never
 * applied without the person's say. Nothing when the current zone already fits.
 */
export function ZoneProposal({ territory, current, onAccept }: { territory: Territory | undefined; current: string; onAccept: (zone: string) => void }) {
  const t = useT();
  const language = useLanguage();
  const { territories, zones } = useZoneData();
  const proposals = proposedZones(territory, current, language);
  if (!territory || proposals.length === 0) return null;
  const sections = zoneSections(territories, zones, language, current);
  const labelOf = (zone: string) => sections.territories.find((c) => c.id === zone)?.label ?? zone;
  const currentLabel = [...sections.territories, ...sections.others].find((c) => c.id === current)?.label ?? current;
  return (
    <div className="zone-proposal" role="status">
      <p>{t(proposals.length > 1 ? 'zone.proposalMany' : 'zone.proposal', { territory: proposals[0].place.split(',')[0], current: currentLabel })}</p>
      <div className="zone-proposal-actions">
        {proposals.map((p) => (
          <Button key={p.zone} variant="secondary" onPress={() => onAccept(p.zone)}>
            {t('zone.use', { zone: labelOf(p.zone) })}
          </Button>
        ))}
      </div>
    </div>
  );
}
