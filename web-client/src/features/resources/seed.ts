/**
 * "Make it mine": the content of a new workspace document seeded from a resource, as one Yjs
 * update of the field Tiptap binds (the same Y.XmlFragment the versions' restore writes):
 * the resource's Markdown blocks as headings and paragraphs, then a line with the link back
 * and the licence.
 */
import * as Y from 'yjs';
import { FIELD } from '../workspace/versions';

function element(type: string, text: string, attrs: Record<string, string | number> = {}): Y.XmlElement {
  const node = new Y.XmlElement(type);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v as string);
  const content = new Y.XmlText();
  content.insert(0, text);
  node.insert(0, [content]);
  return node;
}

/** The blocks of a Markdown text: `#` lines become headings, the rest paragraphs (one per blank-line block). */
export function blocksOf(markdown: string): { type: 'heading' | 'paragraph'; level?: number; text: string }[] {
  return markdown
    .split(/\n{2,}/)
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => {
      const m = /^(#{1,6})\s+(.*)$/s.exec(b);
      return m ? { type: 'heading' as const, level: m[1].length, text: m[2].replace(/\n/g, ' ') } : { type: 'paragraph' as const, text: b.replace(/\n/g, ' ') };
    });
}

/** A Y.Doc holding the title, the body and the source line; its full state is the seed update. */
export function seedDoc(title: string, body: string, source: string): Y.Doc {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(FIELD);
  const nodes = [
    element('heading', title, { level: 1 }),
    ...blocksOf(body).map((b) => (b.type === 'heading' ? element('heading', b.text, { level: Math.min(6, (b.level ?? 1) + 1) }) : element('paragraph', b.text))),
    element('paragraph', source),
  ];
  doc.transact(() => fragment.insert(0, nodes));
  return doc;
}

export function seedUpdate(title: string, body: string, source: string): Uint8Array {
  return Y.encodeStateAsUpdate(seedDoc(title, body, source));
}
