/** Peer-session types of docs/api.md (Peer sessions) and docs/protocol.md, with runtime parsers. */
import { ProtocolError, asArray, asObject, oneOf, optNum, optStr, str, type Json } from './validate';
import type { DiscussionEvent } from './discussion';

export const FORMATS = ['online', 'in_person', 'hybrid'] as const;
export type SessionFormat = (typeof FORMATS)[number];
export const RECURRENCES = ['once', 'monthly', 'bimonthly', 'quarterly', 'custom'] as const;
export type Recurrence = (typeof RECURRENCES)[number];
export const ANSWERS = ['yes', 'maybe', 'no'] as const;
export type Answer = (typeof ANSWERS)[number];

export interface Occurrence {
  id: string;
  seriesId: string;
  title: string;
  theme: string;
  format: SessionFormat;
  place: string | null;
  territory: string | null;
  status: 'scheduled' | 'cancelled';
  startsAt: string;
  endsAt: string;
  originalStart: string;
  moved: boolean;
  sequence: number;
  organiserZone: string;
  organiserStart: string;
  organiserOffset: string;
  readerZone: string;
  readerStart: string;
  readerOffset: string;
  organiserDstShift: boolean;
  readerDstShift: boolean;
  capacity: number | null;
  attending: number;
  waiting: number;
  myAnswer: Answer | null;
  mySeat: 'attending' | 'waiting' | null;
  catchUpThreadId: string | null;
  /** Public holidays of the reader's territory on this occurrence's date there (none: []). */
  holidays: HolidayBadge[];
}

export interface HolidayBadge {
  territory: string;
  date: string;
  nameFr: string;
  nameEn: string;
}

/** What the series form does with occurrences on a public holiday of the audience. */
export const HOLIDAY_CHOICES = ['keep', 'skip', 'move'] as const;
export type HolidayChoice = (typeof HOLIDAY_CHOICES)[number];

export interface Attendee {
  id: string;
  displayName: string;
  answer: Answer;
  seat: 'attending' | 'waiting' | null;
  checkedIn: boolean;
}

export interface OccurrenceDetail {
  occurrence: Occurrence;
  description: string;
  dialIn: string;
  facilitators: { id: string; displayName: string }[];
  attendees: Attendee[];
  waitingList: Attendee[];
  canManage: boolean;
  roomOpensAt: string;
  roomUrl: string | null;
  stream: string;
  seq: number;
  /** The start times (organiser's zone) the series rotates between; [] when it does not. */
  rotation: string[];
}

export interface Agenda {
  readerZone: string;
  occurrences: Occurrence[];
}

const bool = (o: Json, key: string) => o[key] === true;
const list = (o: Json, key: string) => (o[key] === undefined || o[key] === null ? [] : o[key]);

export function parseOccurrence(value: unknown, what = 'occurrence'): Occurrence {
  const o = asObject(value, what);
  const answer = optStr(o, 'myAnswer', what);
  const seat = optStr(o, 'mySeat', what);
  return {
    id: str(o, 'id', what),
    seriesId: str(o, 'seriesId', what),
    title: str(o, 'title', what),
    theme: str(o, 'theme', what),
    format: oneOf(o, 'format', FORMATS, what),
    place: optStr(o, 'place', what),
    territory: optStr(o, 'territory', what),
    status: oneOf(o, 'status', ['scheduled', 'cancelled'] as const, what),
    startsAt: str(o, 'startsAt', what),
    endsAt: str(o, 'endsAt', what),
    originalStart: str(o, 'originalStart', what),
    moved: bool(o, 'moved'),
    sequence: optNum(o, 'sequence') ?? 0,
    organiserZone: str(o, 'organiserZone', what),
    organiserStart: str(o, 'organiserStart', what),
    organiserOffset: str(o, 'organiserOffset', what),
    readerZone: str(o, 'readerZone', what),
    readerStart: str(o, 'readerStart', what),
    readerOffset: str(o, 'readerOffset', what),
    organiserDstShift: bool(o, 'organiserDstShift'),
    readerDstShift: bool(o, 'readerDstShift'),
    capacity: optNum(o, 'capacity'),
    attending: optNum(o, 'attending') ?? 0,
    waiting: optNum(o, 'waiting') ?? 0,
    myAnswer: answer === 'yes' || answer === 'maybe' || answer === 'no' ? answer : null,
    mySeat: seat === 'attending' || seat === 'waiting' ? seat : null,
    catchUpThreadId: optStr(o, 'catchUpThreadId', what),
    holidays: asArray(list(o, 'holidays'), `${what}.holidays`, (h, w) => {
      const b = asObject(h, w);
      return { territory: str(b, 'territory', w), date: str(b, 'date', w), nameFr: str(b, 'nameFr', w), nameEn: str(b, 'nameEn', w) };
    }),
  };
}

function parseAttendee(value: unknown, what: string): Attendee {
  const o = asObject(value, what);
  const seat = optStr(o, 'seat', what);
  return {
    id: str(o, 'id', what),
    displayName: str(o, 'displayName', what),
    answer: oneOf(o, 'answer', ANSWERS, what),
    seat: seat === 'attending' || seat === 'waiting' ? seat : null,
    checkedIn: bool(o, 'checkedIn'),
  };
}

export function parseAgenda(value: unknown): Agenda {
  const o = asObject(value, 'agenda');
  return { readerZone: str(o, 'readerZone', 'agenda'), occurrences: asArray(list(o, 'occurrences'), 'agenda.occurrences', parseOccurrence) };
}

export function parseOccurrenceDetail(value: unknown): OccurrenceDetail {
  const o = asObject(value, 'detail');
  return {
    occurrence: parseOccurrence(o.occurrence, 'detail.occurrence'),
    description: optStr(o, 'description', 'detail') ?? '',
    dialIn: optStr(o, 'dialIn', 'detail') ?? '',
    facilitators: asArray(list(o, 'facilitators'), 'detail.facilitators', (v, w) => {
      const p = asObject(v, w);
      return { id: str(p, 'id', w), displayName: str(p, 'displayName', w) };
    }),
    attendees: asArray(list(o, 'attendees'), 'detail.attendees', parseAttendee),
    waitingList: asArray(list(o, 'waitingList'), 'detail.waitingList', parseAttendee),
    canManage: bool(o, 'canManage'),
    roomOpensAt: str(o, 'roomOpensAt', 'detail'),
    roomUrl: optStr(o, 'roomUrl', 'detail'),
    stream: str(o, 'stream', 'detail'),
    seq: optNum(o, 'seq') ?? 0,
    rotation: asArray(list(o, 'rotation'), 'detail.rotation', (v, w) => {
      if (typeof v !== 'string') throw new ProtocolError(`${w}: expected a time`);
      return v;
    }),
  };
}

/** The series created: the client opens its first occurrence. */
export function parseSeriesFirstOccurrence(value: unknown): string | null {
  const o = asObject(value, 'series');
  const occurrences = asArray(list(o, 'occurrences'), 'series.occurrences', parseOccurrence);
  return occurrences[0]?.id ?? null;
}

export function sessionStream(theme: string): string {
  return `sessions:${theme}`;
}

export type PeerSessionEvent =
  | { type: 'session.series_created'; seriesId: string; theme: string }
  | { type: 'session.series_updated'; seriesId: string }
  | { type: 'session.occurrence_changed'; occurrenceId: string; seriesId: string; status: string }
  | { type: 'session.rsvp_changed'; occurrenceId: string; seriesId: string; attending: number; waiting: number }
  | { type: 'session.catch_up_published'; occurrenceId: string; seriesId: string; threadId: string };

/** A session event from a stream (arrives as `other` from the discussion parser); null if it is none. */
export function peerSessionEvent(event: DiscussionEvent): PeerSessionEvent | null {
  if (event.type !== 'other') return null;
  const o = event.raw;
  const w = event.eventType;
  switch (event.eventType) {
    case 'session.series_created':
      return { type: 'session.series_created', seriesId: str(o, 'seriesId', w), theme: str(o, 'theme', w) };
    case 'session.series_updated':
      return { type: 'session.series_updated', seriesId: str(o, 'seriesId', w) };
    case 'session.occurrence_changed':
      return { type: 'session.occurrence_changed', occurrenceId: str(o, 'occurrenceId', w), seriesId: str(o, 'seriesId', w), status: str(o, 'status', w) };
    case 'session.rsvp_changed':
      return { type: 'session.rsvp_changed', occurrenceId: str(o, 'occurrenceId', w), seriesId: str(o, 'seriesId', w), attending: optNum(o, 'attending') ?? 0, waiting: optNum(o, 'waiting') ?? 0 };
    case 'session.catch_up_published':
      return { type: 'session.catch_up_published', occurrenceId: str(o, 'occurrenceId', w), seriesId: str(o, 'seriesId', w), threadId: str(o, 'threadId', w) };
    default:
      return null;
  }
}

export interface MonthDay {
  date: string;
  inMonth: boolean;
  occurrences: Occurrence[];
}

/**
 * The weeks (Monday first) of a month, each day with the occurrences that start on it in the
 * reader's zone (`readerStart` is already local to that zone).
 */
export function monthGrid(year: number, month: number, occurrences: Occurrence[]): MonthDay[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const offset = (first.getUTCDay() + 6) % 7;
  const start = new Date(first.getTime() - offset * 86_400_000);
  const byDay = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const day = o.readerStart.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), o]);
  }
  const weeks: MonthDay[][] = [];
  for (let cursor = start; ; ) {
    const week: MonthDay[] = [];
    for (let i = 0; i < 7; i++) {
      const date = cursor.toISOString().slice(0, 10);
      week.push({ date, inMonth: cursor.getUTCMonth() === month - 1, occurrences: byDay.get(date) ?? [] });
      cursor = new Date(cursor.getTime() + 86_400_000);
    }
    weeks.push(week);
    if (cursor.getUTCMonth() !== month - 1) break;
  }
  return weeks;
}

/** The months ("2026-05") that hold at least one occurrence, in order: the list's pages. */
export function occurrenceMonths(occurrences: Occurrence[]): string[] {
  return [...new Set(occurrences.map((o) => o.readerStart.slice(0, 7)))].sort();
}

/** The occurrences of one month ("2026-05"), in the reader's zone. */
export function occurrencesIn(occurrences: Occurrence[], month: string): Occurrence[] {
  return occurrences.filter((o) => o.readerStart.startsWith(month));
}

/** "10:00" from a local ISO date-time. */
export function localTime(localIso: string): string {
  return localIso.slice(11, 16);
}

/** "2026-01-13" from a local ISO date-time. */
export function localDate(localIso: string): string {
  return localIso.slice(0, 10);
}
