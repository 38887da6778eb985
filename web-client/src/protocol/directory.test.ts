import { describe, expect, it } from 'vitest';
import { filtersFromSearch, searchFromFilters, wideningSteps } from './directory';
import { applyHelpEvent, parseHelpEvent, type HelpPage } from './help';

describe('directory filters in the URL', () => {
  it('round-trips every filter in a stable order', () => {
    const search = '?page=2&overseas=true&competence=mecenat&mode=can_help&q=tiers-lieu&pioneer=true';
    const filters = filtersFromSearch(search);
    expect(filters).toEqual({ q: 'tiers-lieu', competence: 'mecenat', mode: 'can_help', overseas: true, pioneer: true, page: 2 });
    expect(searchFromFilters(filters)).toBe('q=tiers-lieu&competence=mecenat&mode=can_help&overseas=true&pioneer=true&page=2');
  });

  it('drops unknown values and the first page', () => {
    expect(filtersFromSearch('?mode=teaches&overseas=maybe&page=1&territory=')).toEqual({});
    expect(searchFromFilters({ page: 1 })).toBe('');
  });

  it('suggests widening the most specific filters first', () => {
    expect(wideningSteps({ q: 'x', territory: '04', openToHelp: true })).toEqual(['openToHelp', 'territory', 'q']);
  });
});

describe('help events', () => {
  const page: HelpPage = {
    request: {
      id: 'r1', title: 'T', need: 'N', theme: 'vie-du-reseau', competences: ['mecenat'], urgency: 'high', preferredForm: 'call',
      status: 'accepted', requester: { id: 'a', displayName: 'A' }, helper: { id: 'b', displayName: 'B' },
      createdAt: '2026-11-23T09:00:00Z', late: false, thanks: null,
    },
    matches: null,
    messages: [],
    stream: 'help:r1',
    seq: 2,
    myOffer: null,
    readers: { participants: [{ id: 'a', displayName: 'A' }, { id: 'b', displayName: 'B' }], invited: [], facilitators: false, invitable: [{ id: 'f', displayName: 'F' }] },
  };

  it('counts the helper among who reads once the request is accepted', () => {
    const open = { ...page, readers: { ...page.readers!, participants: [{ id: 'a', displayName: 'A' }] } };
    const event = parseHelpEvent({ type: 'help.accepted', request: { ...page.request, status: 'accepted' } });
    expect(applyHelpEvent(open, event!).readers?.participants.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('adds an invited reader once and stops offering them', () => {
    const event = parseHelpEvent({
      type: 'help.reader_invited', requestId: 'r1', reader: { id: 'f', displayName: 'F' },
      invitedBy: { id: 'a', displayName: 'A' }, invitedAt: '2026-11-23T09:02:00Z',
    });
    const once = applyHelpEvent(page, event!);
    const twice = applyHelpEvent(once, event!);
    expect(twice.readers?.invited.map((i) => i.reader.id)).toEqual(['f']);
    expect(twice.readers?.invitable).toEqual([]);
  });

  it('adds a posted message once', () => {
    const event = parseHelpEvent({
      type: 'help.message_posted',
      message: { id: 'm1', author: { id: 'a', displayName: 'A' }, body: 'Bonjour', createdAt: '2026-11-23T09:01:00Z' },
    });
    expect(event).not.toBeNull();
    const once = applyHelpEvent(page, event!);
    expect(applyHelpEvent(once, event!).messages).toHaveLength(1);
  });

  it('ignores events it does not know or cannot read', () => {
    expect(parseHelpEvent({ type: 'help.unknown' })).toBeNull();
    expect(parseHelpEvent({ type: 'help.accepted', request: { id: 1 } })).toBeNull();
  });
});
