import { describe, expect, it } from 'vitest';
import { formatOffset, intlOffsetMinutes, proposedZones, zoneFilter, zoneSections } from './zones';
import type { Territory } from '../protocol/api';

const territories: Territory[] = [
  { code: '11', name: 'Île-de-France', nameEn: 'Île-de-France', kind: 'region', timeZone: 'Europe/Paris' },
  { code: '53', name: 'Bretagne', nameEn: 'Brittany', kind: 'region', timeZone: 'Europe/Paris' },
  { code: '04', name: 'La Réunion', nameEn: 'Réunion', kind: 'overseas_region', timeZone: 'Indian/Reunion' },
  { code: '03', name: 'Guyane', nameEn: 'French Guiana', kind: 'overseas_region', timeZone: 'America/Cayenne' },
  { code: '987', name: 'Polynésie française', nameEn: 'French Polynesia', kind: 'overseas_collectivity', timeZone: 'Pacific/Tahiti' },
];
const zones = [
  { id: 'America/Cayenne', offsetMinutes: -180 },
  { id: 'America/Port_of_Spain', offsetMinutes: -240 },
  { id: 'Asia/Kolkata', offsetMinutes: 330 },
  { id: 'Europe/Paris', offsetMinutes: 60 },
  { id: 'Indian/Reunion', offsetMinutes: 240 },
  { id: 'Pacific/Gambier', offsetMinutes: -540 },
  { id: 'Pacific/Marquesas', offsetMinutes: -570 },
  { id: 'Pacific/Tahiti', offsetMinutes: -600 },
];

describe('zone picker', () => {
  it('writes offsets as people read them', () => {
    expect(formatOffset(0)).toBe('UTC');
    expect(formatOffset(240)).toBe('UTC+4');
    expect(formatOffset(-570)).toBe('UTC−9:30');
    expect(formatOffset(330)).toBe('UTC+5:30');
  });

  it('puts the territories first with friendly names, French Polynesia in three zones', () => {
    const { territories: first, others } = zoneSections(territories, zones, 'fr', 'Europe/Paris');
    expect(first.map((c) => c.label)).toEqual([
      'France hexagonale — UTC+1',
      'La Réunion — UTC+4',
      'Guyane — UTC−3',
      'Polynésie française, Tahiti — UTC−10',
      'Polynésie française, Marquises — UTC−9:30',
      'Polynésie française, Gambier — UTC−9',
    ]);
    expect(others.map((c) => c.label)).toEqual(['America/Port of Spain — UTC−4', 'Asia/Kolkata — UTC+5:30']);
  });

  it('speaks English to English readers', () => {
    const { territories: first } = zoneSections(territories, zones, 'en', 'Europe/Paris');
    expect(first[0].label).toBe('Mainland France — UTC+1');
    expect(first[1].label).toBe('Réunion — UTC+4');
    expect(first[4].label).toBe('French Polynesia, Marquesas — UTC−9:30');
  });

  it('keeps a saved old name offered, with an offset from Intl', () => {
    const { others } = zoneSections(territories, zones, 'fr', 'Asia/Calcutta');
    expect(others[0].id).toBe('Asia/Calcutta');
    expect(others[0].label).toBe('Asia/Calcutta — UTC+5:30');
    expect(intlOffsetMinutes('Pacific/Marquesas')).toBe(-570);
  });

  it('proposes the zones of a new territory unless the current zone is one of them', () => {
    expect(proposedZones(territories[2], 'Europe/Paris', 'fr')).toEqual([{ zone: 'Indian/Reunion', place: 'La Réunion' }]);
    expect(proposedZones(territories[4], 'Pacific/Marquesas', 'fr')).toEqual([]);
    expect(proposedZones(territories[4], 'Europe/Paris', 'fr').map((z) => z.zone)).toEqual(['Pacific/Tahiti', 'Pacific/Marquesas', 'Pacific/Gambier']);
    expect(proposedZones(undefined, 'Europe/Paris', 'fr')).toEqual([]);
  });

  it('filters without minding accents, case or underscores', () => {
    expect(zoneFilter('La Réunion — UTC+4', 'reunion')).toBe(true);
    expect(zoneFilter('America/Port of Spain — UTC−4', 'port_of')).toBe(true);
    expect(zoneFilter('Asia/Kolkata — UTC+5:30', 'paris')).toBe(false);
  });
});
