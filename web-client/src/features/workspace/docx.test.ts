import { describe, expect, it } from 'vitest';
import { Packer } from 'docx';
import { strFromU8, unzipSync } from 'fflate';
import { toDocxDocument } from './docx';

const doc = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Modèle économique' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Un tiers-lieu ' },
        { type: 'text', text: 'rural', marks: [{ type: 'bold' }] },
        { type: 'text', text: ' & <solidaire>', marks: [{ type: 'link', attrs: { href: 'https://example.org/kit' } }] },
        { type: 'text', text: ' piégé', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
      ],
    },
    { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Premier point' }] }] }] },
    { type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Étape un' }] }] }] },
    { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Citation' }] }] },
  ],
};

describe('toDocxDocument', () => {
  it('writes a Word document with the headings, marks, lists and safe links of the editor', async () => {
    const files = unzipSync(new Uint8Array(await Packer.toBuffer(toDocxDocument('Guide', doc))));
    const body = strFromU8(files['word/document.xml']);
    expect(body).toContain('Modèle économique');
    expect(body).toContain('w:val="Heading2"');
    expect(body).toContain('<w:b/>');
    expect(body).toContain(' &amp; &lt;solidaire&gt;');
    expect(body).toContain('Premier point');
    expect(body).toContain('Étape un');
    expect(body).toContain('Citation');
    expect(body).toContain('<w:numPr>');
    const rels = strFromU8(files['word/_rels/document.xml.rels']);
    expect(rels).toContain('https://example.org/kit');
    expect(rels).not.toContain('javascript:');
    expect(strFromU8(files['docProps/core.xml'])).toContain('<dc:title>Guide</dc:title>');
  });
});
