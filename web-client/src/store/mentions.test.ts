import { describe, expect, it } from 'vitest';
import { addPick, comboKey, highlightMentions, insertMention, mentionIds, mentionQuery } from './mentions';

const bruno = { id: 'b', displayName: 'Bruno Martin' };
const ana = { id: 'a', displayName: 'Ana' };

describe('mentionQuery', () => {
  it('finds the name typed after @ up to the caret', () => {
    expect(mentionQuery('Merci @Bru', 10)).toEqual({ start: 6, query: 'Bru' });
    expect(mentionQuery('@Ana', 4)).toEqual({ start: 0, query: 'Ana' });
    expect(mentionQuery('(@Élo', 5)).toEqual({ start: 1, query: 'Élo' });
  });
  it('ignores a lone @, an e-mail address, a newline and text far after', () => {
    expect(mentionQuery('Merci @', 7)).toBeNull();
    expect(mentionQuery('ana@exemple.org', 15)).toBeNull();
    expect(mentionQuery('@Ana\nbonjour', 12)).toBeNull();
    expect(mentionQuery('@1abc', 5)).toBeNull();
    expect(mentionQuery('pas de mention', 5)).toBeNull();
  });
  it('looks only before the caret', () => {
    expect(mentionQuery('@Bru et la suite', 4)).toEqual({ start: 0, query: 'Bru' });
  });
});

describe('insertMention', () => {
  it('replaces the query by @Name and a space, caret after it', () => {
    expect(insertMention('Merci @Bru', 6, 10, 'Bruno Martin')).toEqual({ text: 'Merci @Bruno Martin ', caret: 20 });
    expect(insertMention('@Bru et toi', 0, 4, 'Bruno Martin')).toEqual({ text: '@Bruno Martin et toi', caret: 14 });
  });
});

describe('mentionIds', () => {
  it('keeps only the picks still named in the text, once', () => {
    expect(mentionIds('Merci @Bruno Martin et @Ana', [bruno, ana, bruno])).toEqual(['b', 'a']);
    expect(mentionIds('Merci @Bruno', [bruno, ana])).toEqual([]);
    expect(mentionIds('', [])).toEqual([]);
  });
  it('sends at most 20', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ id: `p${i}`, displayName: `P${i}` }));
    expect(mentionIds(many.map((p) => `@${p.displayName}`).join(' '), many)).toHaveLength(20);
  });
  it('addPick keeps one entry per person', () => {
    expect(addPick([bruno], bruno)).toEqual([bruno]);
    expect(addPick([bruno], ana)).toEqual([bruno, ana]);
  });
});

describe('comboKey', () => {
  it('moves with the arrows, wrapping', () => {
    expect(comboKey('ArrowDown', -1, 3)).toEqual({ kind: 'move', active: 0 });
    expect(comboKey('ArrowDown', 2, 3)).toEqual({ kind: 'move', active: 0 });
    expect(comboKey('ArrowUp', 0, 3)).toEqual({ kind: 'move', active: 2 });
    expect(comboKey('ArrowUp', -1, 3)).toEqual({ kind: 'move', active: 2 });
    expect(comboKey('End', 0, 3)).toEqual({ kind: 'move', active: 2 });
  });
  it('chooses with Enter only when an option is active, closes with Escape', () => {
    expect(comboKey('Enter', 1, 3)).toEqual({ kind: 'choose', active: 1 });
    expect(comboKey('Enter', -1, 3)).toBeNull();
    expect(comboKey('Escape', 1, 3)).toEqual({ kind: 'close' });
    expect(comboKey('a', 1, 3)).toBeNull();
    expect(comboKey('ArrowDown', -1, 0)).toBeNull();
  });
});

describe('highlightMentions', () => {
  it('wraps @Name in text, not in tags, and reports names not found', () => {
    const { html, missing } = highlightMentions('<p>Oui, <a href="/x@Ana">@Ana</a> et @Bruno Martin.</p>', [bruno, ana, { id: 'c', displayName: 'Chloé' }]);
    expect(html).toBe('<p>Oui, <a href="/x@Ana"><strong class="mention">@Ana</strong></a> et <strong class="mention">@Bruno Martin</strong>.</p>');
    expect(missing.map((m) => m.id)).toEqual(['c']);
  });
  it('finds @ written as a character reference (&#64;)', () => {
    expect(highlightMentions('<p>Merci &#64;Bruno Martin, et &#x40;Ana&#39;s</p>', [bruno, ana]).html).toBe(
      `<p>Merci <strong class="mention">@Bruno Martin</strong>, et <strong class="mention">@Ana</strong>'s</p>`,
    );
  });
  it('escapes names like the HTML does', () => {
    const tom = { id: 't', displayName: 'Tom & Jo' };
    expect(highlightMentions('<p>@Tom &amp; Jo</p>', [tom]).html).toBe('<p><strong class="mention">@Tom &amp; Jo</strong></p>');
  });
});
