import { describe, expect, it } from 'vitest';
import { monthGrid, occurrenceMonths, occurrencesIn, parseAgenda, parseOccurrenceDetail, peerSessionEvent, type Occurrence } from './peersession';
import { parseDiscussionEvent } from './discussion';

const occurrence = {
  id: 'o1', seriesId: 's1', title: 'Rencontre', theme: 'vie-du-reseau', format: 'online', status: 'scheduled',
  startsAt: '2026-05-12T08:00:00Z', endsAt: '2026-05-12T09:30:00Z', originalStart: '2026-05-12T08:00:00Z', moved: false,
  sequence: 0, organiserZone: 'Europe/Paris', organiserStart: '2026-05-12T10:00:00', organiserOffset: '+02:00',
  readerZone: 'Pacific/Noumea', readerStart: '2026-05-12T19:00:00', readerOffset: '+11:00', organiserDstShift: true,
  readerDstShift: true, capacity: 30, attending: 3, waiting: 0,
};

describe('peer-session protocol', () => {
  it('reads an agenda whose empty list the server left out', () => {
    expect(parseAgenda({ readerZone: 'Pacific/Noumea' })).toEqual({ readerZone: 'Pacific/Noumea', occurrences: [] });
  });

  it('reads an occurrence with the reader and organiser times and DST flags', () => {
    const [o] = parseAgenda({ readerZone: 'Pacific/Noumea', occurrences: [occurrence] }).occurrences;
    expect(o.readerStart).toBe('2026-05-12T19:00:00');
    expect(o.organiserStart).toBe('2026-05-12T10:00:00');
    expect(o.readerDstShift).toBe(true);
    expect(o.myAnswer).toBeNull();
  });

  it('reads the holiday badges of the reader\'s territory, none when the server left the list out', () => {
    const [none, holiday] = parseAgenda({ readerZone: 'America/Guadeloupe', occurrences: [occurrence, { ...occurrence, id: 'o2',
      holidays: [{ territory: '01', date: '2027-05-27', nameFr: 'Abolition de l\'esclavage', nameEn: 'Abolition of slavery' }] }] }).occurrences;
    expect(none.holidays).toEqual([]);
    expect(holiday.holidays.map((h) => h.nameEn)).toEqual(['Abolition of slavery']);
    expect(() => parseAgenda({ readerZone: 'UTC', occurrences: [{ ...occurrence, holidays: [{ territory: '01' }] }] })).toThrow(/date/);
  });

  it('rejects an occurrence of an unknown format', () => {
    expect(() => parseAgenda({ readerZone: 'UTC', occurrences: [{ ...occurrence, format: 'telepathy' }] })).toThrow(/format/);
  });

  it('reads an occurrence page with its room link', () => {
    const detail = parseOccurrenceDetail({
      occurrence, attendees: [{ id: 'u1', displayName: 'Ana', answer: 'yes', seat: 'attending', checkedIn: false }],
      canManage: false, roomOpensAt: '2026-05-12T07:30:00Z', roomUrl: 'https://meet.jit.si/Maillage-abc', stream: 'sessions:vie-du-reseau', seq: 4,
    });
    expect(detail.attendees[0].seat).toBe('attending');
    expect(detail.waitingList).toEqual([]);
    expect(detail.roomUrl).toContain('meet.jit.si');
  });

  it('recognises session events among a stream\'s events and ignores the others', () => {
    const rsvp = peerSessionEvent(parseDiscussionEvent({ type: 'session.rsvp_changed', occurrenceId: 'o1', seriesId: 's1', attending: 4, waiting: 1 }));
    expect(rsvp).toEqual({ type: 'session.rsvp_changed', occurrenceId: 'o1', seriesId: 's1', attending: 4, waiting: 1 });
    expect(peerSessionEvent(parseDiscussionEvent({ type: 'workspace.something', id: 'x' }))).toBeNull();
  });

  it('lays a month out in Monday-first weeks with each occurrence on its local day', () => {
    const weeks = monthGrid(2026, 5, [occurrence as Occurrence]);
    expect(weeks[0][0].date).toBe('2026-04-27');
    expect(weeks.at(-1)?.at(-1)?.date).toBe('2026-05-31');
    const day = weeks.flat().find((d) => d.date === '2026-05-12');
    expect(day?.occurrences.map((o) => o.id)).toEqual(['o1']);
    expect(weeks.flat().filter((d) => d.inMonth)).toHaveLength(31);
  });

  it('pages a series without end by month: each page holds one month only', () => {
    const daily = Array.from({ length: 30 }, (_, i) => {
      const day = new Date(Date.UTC(2026, 11, 20 + i, 9));
      return { ...(occurrence as Occurrence), id: `d${i}`, readerStart: day.toISOString().slice(0, 19) };
    });
    expect(occurrenceMonths(daily)).toEqual(['2026-12', '2027-01']);
    expect(occurrencesIn(daily, '2026-12')).toHaveLength(12);
    expect(occurrencesIn(daily, '2027-01').map((o) => o.id)[0]).toBe('d12');
  });
});
