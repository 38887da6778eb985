/**
 * Highlights the passages of open comments in the editor. The decorations are computed from
 * the anchors when the comments change or a remote Yjs change rebuilds the document (then
 * y-prosemirror's mapping is current), and otherwise mapped through local edits, since the
 * mapping catches up with a local edit only after the transaction.
 */
import type * as Y from 'yjs';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type { CommentAnchor } from '../../protocol/comments';
import { rangeOfAnchor } from './commentAnchors';

export const commentHighlightKey = new PluginKey<Highlights>('maillage-comment-highlights');

interface Highlights {
  anchors: CommentAnchor[];
  decorations: DecorationSet;
}

function compute(state: EditorState, doc: Y.Doc, anchors: CommentAnchor[]): DecorationSet {
  const decorations: Decoration[] = [];
  for (const anchor of anchors) {
    const range = rangeOfAnchor(state, doc, anchor);
    if (range) decorations.push(Decoration.inline(range.from, range.to, { class: 'comment-highlight' }));
  }
  return DecorationSet.create(state.doc, decorations);
}

function remoteChange(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return !!meta?.isChangeOrigin;
}

export function commentHighlights(doc: Y.Doc): Plugin<Highlights> {
  return new Plugin<Highlights>({
    key: commentHighlightKey,
    state: {
      init: () => ({ anchors: [], decorations: DecorationSet.empty }),
      apply(tr, value, _old, state) {
        const anchors = tr.getMeta(commentHighlightKey) as CommentAnchor[] | undefined;
        try {
          if (anchors) return { anchors, decorations: compute(state, doc, anchors) };
          if (remoteChange(tr) && value.anchors.length) return { anchors: value.anchors, decorations: compute(state, doc, value.anchors) };
          return { anchors: value.anchors, decorations: value.decorations.map(tr.mapping, tr.doc) };
        } catch {
          // a highlight is a help, never a reason to break the editor
          return { anchors: value.anchors, decorations: DecorationSet.empty };
        }
      },
    },
    props: {
      decorations: (state) => commentHighlightKey.getState(state)?.decorations ?? null,
    },
  });
}

/** Tells the editor which passages to highlight. */
export function highlightAnchors(view: { state: EditorState; dispatch(tr: Transaction): void }, anchors: CommentAnchor[]): void {
  view.dispatch(view.state.tr.setMeta(commentHighlightKey, anchors).setMeta('addToHistory', false));
}
