import { useEffect, useState } from 'react';
import { useT } from '../../ui/i18n';
import { api } from '../../transport/api';
import { parseTerritoryCounts, type TerritoryCount } from '../../protocol/directory';
import { problemMessage } from '../../ui/forms';
import { useReference, useTerritoryName } from './common';

/**
 * A schematic tile map: one square per territory, placed roughly where it lies (metropolitan
 * regions on a 5 × 4 grid, every overseas territory in its own row). Drawn by hand for
 * Maillage, so no third-party geometry and no licence to carry; no tile server, no network.
 */
const METROPOLITAN: Record<string, [number, number]> = {
  '28': [1, 0], // Normandie
  '32': [2, 0], // Hauts-de-France
  '44': [3, 0], // Grand Est
  '53': [0, 1], // Bretagne
  '52': [1, 1], // Pays de la Loire
  '11': [2, 1], // Île-de-France
  '27': [3, 1], // Bourgogne-Franche-Comté
  '75': [1, 2], // Nouvelle-Aquitaine
  '24': [2, 2], // Centre-Val de Loire
  '84': [3, 2], // Auvergne-Rhône-Alpes
  '76': [2, 3], // Occitanie
  '93': [3, 3], // Provence-Alpes-Côte d'Azur
  '94': [4, 3], // Corse
};

const ABBREVIATIONS: Record<string, string> = {
  '28': 'NOR', '32': 'HDF', '44': 'GES', '53': 'BRE', '52': 'PDL', '11': 'IDF', '27': 'BFC', '75': 'NAQ', '24': 'CVL',
  '84': 'ARA', '76': 'OCC', '93': 'PAC', '94': 'COR', '01': 'GUA', '02': 'MTQ', '03': 'GUF', '04': 'REU', '06': 'MYT',
  '975': 'SPM', '977': 'BLM', '978': 'MAF', '986': 'WLF', '987': 'PYF', '988': 'NCL',
};

function Tile({ count, selected, onChoose }: { count: TerritoryCount; selected: boolean; onChoose: (code: string) => void }) {
  const t = useT();
  const position = METROPOLITAN[count.code];
  const style = position ? { gridColumn: position[0] + 1, gridRow: position[1] + 1 } : undefined;
  return (
    <button
      type="button"
      className={`map-tile${count.members ? ' map-tile-filled' : ''}${selected ? ' map-tile-selected' : ''}`}
      style={style}
      aria-pressed={selected}
      data-territory={count.code}
      onClick={() => onChoose(count.code)}
    >
      <span className="visually-hidden">{t('map.tile', { name: count.name, members: count.members, pioneers: count.pioneers })}</span>
      <span aria-hidden="true" className="map-tile-code">
        {ABBREVIATIONS[count.code] ?? count.code}
      </span>
      <span aria-hidden="true" className="map-tile-count">
        {count.members}
        {count.pioneers ? ` · ${count.pioneers}★` : ''}
      </span>
    </button>
  );
}

export default function TerritoryMap({ selected, onChoose }: { selected: string | null; onChoose: (code: string) => void }) {
  const t = useT();
  const [loaded, setCounts] = useState<TerritoryCount[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const placeName = useTerritoryName(useReference().territories);
  useEffect(() => {
    api.get('/api/directory/map').then((v) => setCounts(parseTerritoryCounts(v)), setError);
  }, []);
  if (error) return <p role="alert">{problemMessage(error, t)}</p>;
  if (!loaded) return <p role="status">{t('common.loading')}</p>;
  const counts = loaded.map((c) => ({ ...c, name: placeName(c.code, c.name) }));
  const metropolitan = counts.filter((c) => c.kind === 'region');
  const overseas = counts.filter((c) => c.kind !== 'region');
  return (
    <section aria-labelledby="map-title" className="territory-map">
      <h2 id="map-title">{t('map.title')}</h2>
      <p className="hint">{t('map.hint')}</p>
      <h3>{t('map.metropolitan')}</h3>
      <div className="map-grid map-grid-metropolitan">
        {metropolitan.map((c) => (
          <Tile key={c.code} count={c} selected={selected === c.code} onChoose={onChoose} />
        ))}
      </div>
      <h3>{t('map.overseas')}</h3>
      <div className="map-grid map-grid-overseas">
        {overseas.map((c) => (
          <Tile key={c.code} count={c} selected={selected === c.code} onChoose={onChoose} />
        ))}
      </div>
      <p className="hint">{t('map.licence')}</p>
      <details>
        <summary>{t('map.table')}</summary>
        <table>
          <caption>{t('map.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('directory.territory')}</th>
              <th scope="col">{t('map.members')}</th>
              <th scope="col">{t('map.pioneers')}</th>
            </tr>
          </thead>
          <tbody>
            {counts.map((c) => (
              <tr key={c.code}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => onChoose(c.code)}>
                    {t('map.filter', { name: c.name })}
                  </button>
                </th>
                <td>{c.members}</td>
                <td>{c.pioneers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
