import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { filtersFrom, parseOverview, parseResource, queryOf } from './model';
import { blocksOf, seedDoc } from './seed';

describe('library filters in the URL', () => {
  it('reads the known filters and writes them back in a stable order', () => {
    const filters = filtersFrom('?lever=definir-sa-strategie&door=kit&unknown=x&q=ESS');
    expect(filters).toEqual({ lever: 'definir-sa-strategie', door: 'kit', q: 'ESS' });
    expect(queryOf(filters)).toBe('?q=ESS&door=kit&lever=definir-sa-strategie');
    expect(queryOf({})).toBe('');
  });
});

describe('resource parsing', () => {
  it('treats the lists the server omits as empty', () => {
    const r = parseResource({
      id: 'a', title: 'T', summary: 'S', door: 'kit', format: 'text', maturity: 'demarrer', minutes: 5, status: 'published',
      licence: 'CC BY', proposerId: 'p', proposerName: 'Ada', body: 'x',
    });
    expect(r.levers).toEqual([]);
    expect(r.neighbours).toEqual([]);
    expect(r.adaptedTerritories).toEqual([]);
    expect(r.markedUseful).toBe(false);
  });

  it('reads the overview cells with and without a featured resource', () => {
    const levers = parseOverview({
      levers: [{ lever: 'l', labelFr: 'L', labelEn: 'L', cells: [{ door: 'outil', count: 2, featured: null }], pathMinutes: 0 }],
    });
    expect(levers[0].cells[0]).toEqual({ door: 'outil', count: 2, featured: null });
    expect(levers[0].path).toEqual([]);
  });
});

describe('make it mine: the seeded document', () => {
  it('turns Markdown blocks into headings and paragraphs', () => {
    expect(blocksOf('# Titre\n\nUn paragraphe\nsur deux lignes.\n\n## Étape')).toEqual([
      { type: 'heading', level: 1, text: 'Titre' },
      { type: 'paragraph', text: 'Un paragraphe sur deux lignes.' },
      { type: 'heading', level: 2, text: 'Étape' },
    ]);
  });

  it('holds the title, the text and the source line with the licence', () => {
    const doc = seedDoc('Kit', '# Étapes\n\nRéunir les acteurs.', 'Adapté de « Kit », licence CC BY-SA.');
    const fragment = doc.getXmlFragment('default');
    const nodes = fragment.toArray() as Y.XmlElement[];
    expect(nodes.map((n) => n.nodeName)).toEqual(['heading', 'heading', 'paragraph', 'paragraph']);
    expect(nodes[2].toString()).toContain('Réunir les acteurs.');
    expect(nodes[3].toString()).toContain('licence CC BY-SA');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(copy.getXmlFragment('default').length).toBe(4);
  });
});
