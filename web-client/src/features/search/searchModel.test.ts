import { describe, expect, it } from 'vitest';
import { highlightWords, markedSegments, readSearch, searchUrl } from './searchModel';

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
