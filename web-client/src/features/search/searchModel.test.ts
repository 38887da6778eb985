import { describe, expect, it } from 'vitest';
import { highlightWords, markedSegments, nextResult, parsePlaceHits, parseSessionHits, placeLink, readSearch, searchUrl } from './searchModel';

describe('search model', () => {
  it('keeps the query and the scope in the URL', () => {
    expect(searchUrl({ q: 'ESS tiers-lieux', scope: 'people' })).toBe('/search?q=ESS+tiers-lieux&in=people');
    expect(readSearch('?q=ESS+tiers-lieux&in=people')).toEqual({ q: 'ESS tiers-lieux', scope: 'people' });
    expect(readSearch('?q=x&in=nonsense').scope).toBe('all');
    expect(searchUrl({ q: 'a', scope: 'all' })).toBe('/search?q=a');
  });

  it('splits a server extract into marked text without interpreting HTML', () => {
    expect(markedSegments('un <mark>tiers-lieu</mark> &lt;b&gt; &amp; co')).toEqual([
      { text: 'un ', mark: false },
      { text: 'tiers-lieu', mark: true },
      { text: ' <b> & co', mark: false },
    ]);
  });

  it('marks every query word in a title, ignoring accents, case and plurals', () => {
    const segments = highlightWords('Atelier Économie des tiers-lieu', 'economie tiers-lieux');
    expect(segments?.filter((s) => s.mark).map((s) => s.text)).toEqual(['Économie', 'tiers', 'lieu']);
  });

  it('does not match when a word is missing', () => {
    expect(highlightWords('Atelier mobilité', 'mobilité rurale')).toBeNull();
    expect(highlightWords('Atelier', '')).toBeNull();
  });
});

describe('server hits', () => {
  it('reads session hits, a missing list as none', () => {
    expect(parseSessionHits({ query: 'x' })).toEqual([]);
    const [hit] = parseSessionHits({
      hits: [{ seriesId: 's', title: 'Atelier', theme: 'vie-du-reseau', extract: '<mark>Atelier</mark>', occurrenceId: 'o', startsAt: '2026-04-14T08:00:00Z', status: 'scheduled', upcoming: true }, { title: 'no ids' }],
    });
    expect(hit).toMatchObject({ seriesId: 's', occurrenceId: 'o', upcoming: true });
  });

  it('reads workspace and document hits and links each to its page', () => {
    const hits = parsePlaceHits({
      hits: [
        { kind: 'workspace', workspaceId: 'w', workspaceName: 'Kit', title: 'Kit', extract: 'Kit' },
        { kind: 'document', workspaceId: 'w', workspaceName: 'Kit', documentId: 'd', title: 'Doc', extract: 'Doc' },
        { kind: 'other', workspaceId: 'w' },
      ],
    });
    expect(hits.map(placeLink)).toEqual(['/workspaces/w', '/documents/d']);
  });

  it('moves between results with the arrow keys, Home and End', () => {
    expect(nextResult('ArrowDown', 0, 3)).toBe(1);
    expect(nextResult('ArrowDown', 2, 3)).toBe(2);
    expect(nextResult('ArrowUp', 0, 3)).toBe(0);
    expect(nextResult('End', 0, 3)).toBe(2);
    expect(nextResult('Home', 2, 3)).toBe(0);
    expect(nextResult('a', 1, 3)).toBeNull();
    expect(nextResult('ArrowDown', -1, 3)).toBeNull();
  });
});
