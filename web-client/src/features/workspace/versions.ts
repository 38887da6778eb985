/**
 * Named versions on the client (docs/workspaces.md, "Versions"): a version's state opens in a
 * Y.Doc of its own, is shown as HTML, and is restored by writing its content into the live
 * document as a new change — nothing of the history is destroyed, and the others see it live.
 */
import * as Y from 'yjs';
import type { DocumentState } from '../../protocol/workspace';
import { applyState } from '../../store/documentSync';

/** The Y.XmlFragment Tiptap's Collaboration extension binds (its `field` option, default "default"). */
export const FIELD = 'default';
/** A transaction's content is kept well under the server's update limit (8 KiB): about this many characters of XML. */
const BATCH_CHARS = 3000;

export function versionDoc(state: DocumentState): Y.Doc {
  const doc = new Y.Doc();
  applyState(doc, state);
  return doc;
}

type Block = Y.XmlElement | Y.XmlText;

/**
 * Replaces the target's content with a copy of the source's, as local changes of the target
 * (sent like typing). The blocks are copied a few at a time, each batch its own transaction,
 * so every update stays under the size limit however long the document.
 */
export function restoreInto(target: Y.Doc, source: Y.Doc, field = FIELD): void {
  const to = target.getXmlFragment(field);
  const blocks = source.getXmlFragment(field).toArray() as Block[];
  const batches: Block[][] = [];
  let batch: Block[] = [];
  let chars = 0;
  for (const block of blocks) {
    const size = block.toString().length;
    if (batch.length > 0 && chars + size > BATCH_CHARS) {
      batches.push(batch);
      batch = [];
      chars = 0;
    }
    batch.push(block);
    chars += size;
  }
  if (batch.length > 0) batches.push(batch);
  // the deletion goes with the first batch, so the document is never seen empty by the editor
  target.transact(() => {
    if (to.length > 0) to.delete(0, to.length);
    if (batches.length > 0) to.insert(0, batches[0].map((b) => b.clone()));
  });
  for (const next of batches.slice(1)) {
    target.transact(() => to.insert(to.length, next.map((b) => b.clone())));
  }
}
