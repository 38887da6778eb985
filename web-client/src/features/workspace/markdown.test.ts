import { describe, expect, it } from 'vitest';
import { toHtmlPage, toMarkdown } from './markdown';

describe('toMarkdown', () => {
  it('writes headings, paragraphs with marks, lists and quotes', () => {
    const doc = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Plan' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Bien ' },
            { type: 'text', text: 'gras', marks: [{ type: 'bold' }] },
            { type: 'text', text: ' et ' },
            { type: 'text', text: 'lien', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }] },
          ],
        },
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'un' }] }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'deux' }] }] },
          ],
        },
        { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'trois' }] }] }] },
        { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'cité' }] }] },
      ],
    };
    expect(toMarkdown(doc)).toBe('## Plan\n\nBien **gras** et [lien](https://example.org)\n\n- un\n- deux\n\n3. trois\n\n> cité\n');
  });

  it('escapes characters Markdown would read as syntax', () => {
    expect(toMarkdown({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '*pas* # titre' }] }] })).toBe(
      '\\*pas\\* \\# titre\n',
    );
  });

  it('answers an empty string for an empty document', () => {
    expect(toMarkdown({ type: 'doc', content: [{ type: 'paragraph' }] })).toBe('');
  });
});

describe('toHtmlPage', () => {
  it('escapes the title', () => {
    expect(toHtmlPage('a <b>', '<p>x</p>', 'fr')).toContain('<title>a &lt;b&gt;</title>');
  });
});
