import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
  it('turns URLs into links and leaves sentence punctuation out', () => {
    expect(linkify('Ouvrez https://x.test/invitation/AbC. Merci')).toEqual([
      { kind: 'text', text: 'Ouvrez ' },
      { kind: 'link', href: 'https://x.test/invitation/AbC' },
      { kind: 'text', text: '. Merci' },
    ]);
    expect(linkify('no link')).toEqual([{ kind: 'text', text: 'no link' }]);
  });
});
