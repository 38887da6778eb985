/** Scheduling aids of docs/api.md (Peer sessions › Planning): holidays, reasonable hours, slot finder. */
import { ProtocolError, asArray, asObject, optNum, optStr, str, type Json } from './validate';

export interface LocalSlot {
  territory: string | null;
  territoryName: string | null;
  zone: string;
  people: number;
  localStart: string;
  localEnd: string;
  dayShift: number;
  reasonable: boolean;
}

export interface HolidayHit {
  territory: string;
  territoryName: string;
  date: string;
  nameFr: string;
  nameEn: string;
  people: number;
}

export interface OccurrenceCheck {
  startsAt: string;
  localStart: string;
  holidays: HolidayHit[];
  outsideHours: LocalSlot[];
  peopleOutside: number;
}

export interface Planning {
  audience: 'followers' | 'network';
  people: number;
  reasonableFrom: string;
  reasonableUntil: string;
  occurrences: OccurrenceCheck[];
  occurrencesWithHolidays: number;
}

export interface Proposal {
  start: string;
  date: string;
  peopleWithin: number;
  peopleOutside: number;
  local: LocalSlot[];
  holidays: HolidayHit[];
}

export interface Slots {
  audience: 'followers' | 'network';
  people: number;
  proposals: Proposal[];
}

const num = (o: Json, key: string, what: string): number => {
  const n = optNum(o, key);
  if (n === null) throw new ProtocolError(`${what}.${key}: expected a number`);
  return n;
};

function parseSlot(value: unknown, what: string): LocalSlot {
  const o = asObject(value, what);
  return {
    territory: optStr(o, 'territory', what), territoryName: optStr(o, 'territoryName', what), zone: str(o, 'zone', what),
    people: num(o, 'people', what), localStart: str(o, 'localStart', what), localEnd: str(o, 'localEnd', what),
    dayShift: num(o, 'dayShift', what), reasonable: o.reasonable === true,
  };
}

function parseHoliday(value: unknown, what: string): HolidayHit {
  const o = asObject(value, what);
  return {
    territory: str(o, 'territory', what), territoryName: str(o, 'territoryName', what), date: str(o, 'date', what),
    nameFr: str(o, 'nameFr', what), nameEn: str(o, 'nameEn', what), people: num(o, 'people', what),
  };
}

/** The server leaves empty lists out of its answers. */
const listOf = (o: Json, key: string): unknown => o[key] ?? [];

const audienceOf = (o: Json): 'followers' | 'network' => (o.audience === 'followers' ? 'followers' : 'network');

export function parsePlanning(value: unknown): Planning {
  const o = asObject(value, 'planning');
  return {
    audience: audienceOf(o), people: num(o, 'people', 'planning'),
    reasonableFrom: str(o, 'reasonableFrom', 'planning'), reasonableUntil: str(o, 'reasonableUntil', 'planning'),
    occurrencesWithHolidays: num(o, 'occurrencesWithHolidays', 'planning'),
    occurrences: asArray(listOf(o, 'occurrences'), 'planning.occurrences', (v, w) => {
      const c = asObject(v, w);
      return {
        startsAt: str(c, 'startsAt', w), localStart: str(c, 'localStart', w), peopleOutside: num(c, 'peopleOutside', w),
        holidays: asArray(listOf(c, 'holidays'), `${w}.holidays`, parseHoliday),
        outsideHours: asArray(listOf(c, 'outsideHours'), `${w}.outsideHours`, parseSlot),
      };
    }),
  };
}

export function parseSlots(value: unknown): Slots {
  const o = asObject(value, 'slots');
  return {
    audience: audienceOf(o), people: num(o, 'people', 'slots'),
    proposals: asArray(listOf(o, 'proposals'), 'slots.proposals', (v, w) => {
      const p = asObject(v, w);
      return {
        start: str(p, 'start', w).slice(0, 5), date: str(p, 'date', w), peopleWithin: num(p, 'peopleWithin', w),
        peopleOutside: num(p, 'peopleOutside', w), local: asArray(listOf(p, 'local'), `${w}.local`, parseSlot),
        holidays: asArray(listOf(p, 'holidays'), `${w}.holidays`, parseHoliday),
      };
    }),
  };
}

/** "22:00 la veille" / "22:00 the day before": the local hour, and the day when it differs. */
export function localHour(slot: LocalSlot): { hour: string; shift: -1 | 0 | 1 } {
  const hour = slot.localStart.slice(11, 16);
  return { hour, shift: slot.dayShift < 0 ? -1 : slot.dayShift > 0 ? 1 : 0 };
}
