import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FIELD, restoreInto } from './versions';

function paragraph(text: string, bold = false): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text, bold ? { bold: true } : undefined);
  p.insert(0, [t]);
  return p;
}

function write(doc: Y.Doc, ...texts: string[]): void {
  const f = doc.getXmlFragment(FIELD);
  doc.transact(() => f.insert(f.length, texts.map((t, i) => paragraph(t, i === 0))));
}

const xml = (doc: Y.Doc) => doc.getXmlFragment(FIELD).toString();

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('restoreInto', () => {
  it('brings back the version content, marks included, as a change the others receive', () => {
    const live = new Y.Doc();
    write(live, 'Titre', 'Premier jet');
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(live));
    live.transact(() => live.getXmlFragment(FIELD).delete(1, 1));
    write(live, 'Réécrit');
    sync(live, peer);

    const updates: Uint8Array[] = [];
    live.on('update', (u: Uint8Array) => updates.push(u));
    restoreInto(live, version);

    expect(xml(live)).toBe(xml(version));
    expect(xml(live)).toContain('<bold>Titre</bold>');
    for (const u of updates) Y.applyUpdate(peer, u);
    expect(xml(peer)).toBe(xml(version));
  });

  it('keeps each update under the socket limit for a long document', () => {
    const version = new Y.Doc();
    write(version, ...Array.from({ length: 400 }, (_, i) => `Paragraphe ${i} `.repeat(8)));
    const live = new Y.Doc();
    write(live, 'Tout autre chose');
    const sizes: number[] = [];
    live.on('update', (u: Uint8Array) => sizes.push(u.length));

    restoreInto(live, version);

    expect(xml(live)).toBe(xml(version));
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThan(8192);
  });

  it('merges with an edit made at the same time by someone else', () => {
    const live = new Y.Doc();
    write(live, 'Un', 'Deux');
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(live));

    restoreInto(live, version);
    write(peer, 'Ajout concurrent');
    sync(live, peer);

    expect(xml(live)).toBe(xml(peer));
    expect(xml(live)).toContain('Ajout concurrent');
    expect(xml(live)).toContain('Deux');
  });
});
