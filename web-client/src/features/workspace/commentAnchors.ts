/**
 * Between the editor's selection and a comment's anchor: two Yjs relative positions, which
 * follow the passage while others edit around it (docs/workspaces.md, "Comments"). The pure
 * functions take the Y.XmlFragment and y-prosemirror's mapping, so they run without an editor.
 */
import * as Y from 'yjs';
import type { Node as PmNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import { fromBase64, toBase64 } from '../../protocol/workspace';
import type { CommentAnchor } from '../../protocol/comments';

/** The server's default limit on the quoted passage (maillage.workspace.comments.max-quote-chars). */
export const MAX_QUOTE_CHARS = 500;

/** y-prosemirror's map from Yjs types to ProseMirror nodes (ProsemirrorMapping). */
type Mapping = Map<unknown, unknown>;

/** The quote, cut to the server's limit (counted in code points, as the server does). */
export function boundedQuote(text: string, max = MAX_QUOTE_CHARS): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** The passage from..to of the ProseMirror document as a quote and an anchor; null when it holds no text. */
export function anchorOf(
  pmDoc: PmNode,
  from: number,
  to: number,
  type: Y.XmlFragment,
  mapping: Mapping,
): { quote: string; anchor: CommentAnchor } | null {
  if (to <= from) return null;
  const quote = boundedQuote(pmDoc.textBetween(from, to, ' ', ' '));
  if (!quote) return null;
  // y-prosemirror's types say `any` for the mapping and the positions
  const start = absolutePositionToRelativePosition(from, type, mapping as never) as Y.RelativePosition;
  const end = absolutePositionToRelativePosition(to, type, mapping as never) as Y.RelativePosition;
  return { quote, anchor: { start: toBase64(Y.encodeRelativePosition(start)), end: toBase64(Y.encodeRelativePosition(end)) } };
}

/** Where the anchored passage is now, or null when it cannot be found (its text was deleted). */
export function rangeOf(doc: Y.Doc, type: Y.XmlFragment, mapping: Mapping, anchor: CommentAnchor, size: number): { from: number; to: number } | null {
  try {
    const from = relativePositionToAbsolutePosition(doc, type, Y.decodeRelativePosition(fromBase64(anchor.start)), mapping as never);
    const to = relativePositionToAbsolutePosition(doc, type, Y.decodeRelativePosition(fromBase64(anchor.end)), mapping as never);
    if (from === null || to === null || to <= from) return null;
    return { from: Math.min(from, size), to: Math.min(to, size) };
  } catch {
    return null;
  }
}

interface SyncState {
  type: Y.XmlFragment;
  binding: { mapping: Mapping } | null;
}

function syncState(state: EditorState): { type: Y.XmlFragment; mapping: Mapping } | null {
  const s = ySyncPluginKey.getState(state) as SyncState | undefined;
  return s && s.binding ? { type: s.type, mapping: s.binding.mapping } : null;
}

/** The editor's selected passage as a comment's quote and anchor, or null when nothing is selected. */
export function anchorOfSelection(state: EditorState): { quote: string; anchor: CommentAnchor } | null {
  const sync = syncState(state);
  const { from, to } = state.selection;
  return sync ? anchorOf(state.doc, from, to, sync.type, sync.mapping) : null;
}

/** Where the anchored passage is in the editor now, or null. */
export function rangeOfAnchor(state: EditorState, doc: Y.Doc, anchor: CommentAnchor): { from: number; to: number } | null {
  const sync = syncState(state);
  return sync ? rangeOf(doc, sync.type, sync.mapping, anchor, state.doc.content.size) : null;
}
