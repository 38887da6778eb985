import { describe, expect, it } from 'vitest';
import { localHour, parsePlanning, parseSlots } from './planning';

const tahiti = {
  territory: '987', territoryName: 'Polynésie française', zone: 'Pacific/Tahiti', people: 2,
  localStart: '2027-05-26T22:00:00', localEnd: '2027-05-26T23:00:00', dayShift: -1, reasonable: false,
};

describe('planning aids', () => {
  it('reads a planning answer and says the hour there with its day', () => {
    const planning = parsePlanning({
      audience: 'followers', people: 5, reasonableFrom: '07:30', reasonableUntil: '21:00', occurrencesWithHolidays: 1,
      occurrences: [{
        startsAt: '2027-05-27T08:00:00Z', localStart: '2027-05-27T10:00:00', peopleOutside: 2,
        holidays: [{ territory: '01', territoryName: 'Guadeloupe', date: '2027-05-27', nameFr: 'Abolition', nameEn: 'Abolition', people: 1 }],
        outsideHours: [tahiti],
      }],
    });
    expect(planning.occurrences[0].holidays[0].territoryName).toBe('Guadeloupe');
    expect(localHour(planning.occurrences[0].outsideHours[0])).toEqual({ hour: '22:00', shift: -1 });
  });

  it('reads the lists the server leaves out when empty', () => {
    const planning = parsePlanning({ audience: 'network', people: 1, reasonableFrom: '07:30', reasonableUntil: '21:00', occurrencesWithHolidays: 0,
      occurrences: [{ startsAt: '2027-01-12T09:00:00Z', localStart: '2027-01-12T10:00:00', peopleOutside: 0 }] });
    expect(planning.occurrences[0].holidays).toEqual([]);
    expect(planning.occurrences[0].outsideHours).toEqual([]);
  });

  it('keeps hours and minutes of a proposal, and refuses a proposal without counts', () => {
    const slots = parseSlots({ audience: 'network', people: 3, proposals: [{ start: '18:30:00', date: '2027-01-12', peopleWithin: 3, peopleOutside: 0, local: [tahiti], holidays: [] }] });
    expect(slots.proposals[0].start).toBe('18:30');
    expect(() => parseSlots({ audience: 'network', people: 3, proposals: [{ start: '18:30', date: '2027-01-12', local: [], holidays: [] }] }))
      .toThrow(/peopleWithin/);
  });
});
