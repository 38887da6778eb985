import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { initProseMirrorDoc, prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { anchorOf, boundedQuote, rangeOf } from './commentAnchors';
import { fromBase64 } from '../../protocol/workspace';

const schema = getSchema([StarterKit]);

function paragraphs(...texts: string[]) {
  return { type: 'doc', content: texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) };
}

/** What an editor bound to the Y.Doc would show, with y-prosemirror's mapping. */
function view(doc: Y.Doc) {
  const type = doc.getXmlFragment('default');
  const { doc: pmDoc, mapping } = initProseMirrorDoc(type, schema);
  return { type, pmDoc, mapping };
}

function positionOf(pmDoc: ReturnType<typeof view>['pmDoc'], text: string): number {
  let found = -1;
  pmDoc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text);
  });
  if (found < 0) throw new Error(`no ${text}`);
  return found;
}

describe('comment anchors', () => {
  it('follow the passage while another writer types before it, and hold the text as it was', () => {
    const ana = prosemirrorJSONToYDoc(schema, paragraphs('Un modèle hybride pour le tiers-lieu.', 'Deuxième idée.'), 'default');
    const bruno = new Y.Doc();
    Y.applyUpdate(bruno, Y.encodeStateAsUpdate(ana));

    const before = view(ana);
    const from = positionOf(before.pmDoc, 'modèle hybride');
    const made = anchorOf(before.pmDoc, from, from + 'modèle hybride'.length, before.type, before.mapping);
    expect(made?.quote).toBe('modèle hybride');
    // what the server checks: kind, ids, assoc, nothing more
    expect(Y.decodeRelativePosition(fromBase64(made!.anchor.start)).item).not.toBeNull();

    // Bruno writes a paragraph before the passage and inserts words at its start; Ana receives it.
    const text = bruno.getXmlFragment('default').get(0) as Y.XmlElement;
    const intro = new Y.XmlElement('paragraph');
    intro.insert(0, [new Y.XmlText('Introduction ajoutée par Bruno.')]);
    bruno.getXmlFragment('default').insert(0, [intro]);
    (text.get(0) as Y.XmlText).insert(0, 'Vraiment : ');
    Y.applyUpdate(ana, Y.encodeStateAsUpdate(bruno));

    const after = view(ana);
    const range = rangeOf(ana, after.type, after.mapping, made!.anchor, after.pmDoc.content.size);
    expect(range).not.toBeNull();
    expect(after.pmDoc.textBetween(range!.from, range!.to)).toBe('modèle hybride');
    expect(range!.from).toBeGreaterThan(from);
  });

  it('finds no passage once its text is deleted', () => {
    const ana = prosemirrorJSONToYDoc(schema, paragraphs('À supprimer entièrement.', 'Reste.'), 'default');
    const before = view(ana);
    const made = anchorOf(before.pmDoc, 1, 1 + 'À supprimer entièrement.'.length, before.type, before.mapping);
    ana.getXmlFragment('default').delete(0, 1);
    const after = view(ana);
    expect(rangeOf(ana, after.type, after.mapping, made!.anchor, after.pmDoc.content.size)).toBeNull();
  });

  it('give no anchor for an empty selection, and cut a long quote to the server limit', () => {
    const ana = prosemirrorJSONToYDoc(schema, paragraphs('Texte.'), 'default');
    const v = view(ana);
    expect(anchorOf(v.pmDoc, 2, 2, v.type, v.mapping)).toBeNull();
    const long = boundedQuote('é'.repeat(600));
    expect(Array.from(long)).toHaveLength(500);
    expect(long.endsWith('…')).toBe(true);
    expect(boundedQuote('  deux\n\nlignes ')).toBe('deux lignes');
  });

  it('refuses a garbled anchor without throwing', () => {
    const ana = prosemirrorJSONToYDoc(schema, paragraphs('Texte.'), 'default');
    const v = view(ana);
    expect(rangeOf(ana, v.type, v.mapping, { start: '////', end: '////' }, v.pmDoc.content.size)).toBeNull();
  });
});
