/** The `@` autocomplete of the composers: finding the query, inserting a name, the ids sent. No UI framework here. */
import type { Person } from '../protocol/discussion';

export const MENTIONS_MAX = 20;
const QUERY_MAX = 40;

/** The `@name` being typed just before the caret: where its `@` is and what follows it; null if none. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  if (at > 0 && !/[\s([{"'«]/.test(before[at - 1])) return null; // an e-mail address, not a mention
  const query = before.slice(at + 1);
  if (query.length === 0 || query.length > QUERY_MAX) return null;
  if (!/^[\p{L}\p{M}][\p{L}\p{M}\p{N} .'’-]*$/u.test(query)) return null;
  return { start: at, query };
}

/** Replaces the `@query` at `start` (up to the caret) with `@Display Name `; returns the text and the new caret. */
export function insertMention(text: string, start: number, caret: number, displayName: string): { text: string; caret: number } {
  const inserted = `@${displayName} `;
  const after = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, start) + inserted + after, caret: start + inserted.length };
}

/** The ids to send: the people picked whose `@Name` is still in the text, once each, at most 20. */
export function mentionIds(text: string, picked: readonly Person[]): string[] {
  const ids: string[] = [];
  for (const person of picked) {
    if (ids.includes(person.id) || ids.length >= MENTIONS_MAX) continue;
    if (text.includes(`@${person.displayName}`)) ids.push(person.id);
  }
  return ids;
}

/** Adds a pick (once per id). */
export function addPick(picked: readonly Person[], person: Person): Person[] {
  return picked.some((p) => p.id === person.id) ? [...picked] : [...picked, person];
}

export type ComboAction = { kind: 'move'; active: number } | { kind: 'choose'; active: number } | { kind: 'close' } | null;

/** What a key does in an open listbox of `count` options whose active one is `active` (-1: none). */
export function comboKey(key: string, active: number, count: number): ComboAction {
  if (count === 0) return key === 'Escape' ? { kind: 'close' } : null;
  switch (key) {
    case 'ArrowDown':
      return { kind: 'move', active: active < 0 ? 0 : (active + 1) % count };
    case 'ArrowUp':
      return { kind: 'move', active: active <= 0 ? count - 1 : active - 1 };
    case 'Home':
      return { kind: 'move', active: 0 };
    case 'End':
      return { kind: 'move', active: count - 1 };
    case 'Enter':
    case 'Tab':
      return active >= 0 ? { kind: 'choose', active } : null;
    case 'Escape':
      return { kind: 'close' };
    default:
      return null;
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The same text with character references spelled as characters (only &, < and > stay escaped). */
function normaliseText(text: string): string {
  const decoded = text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
  return escapeHtml(decoded);
}

/**
 * Wraps each `@Name` of the mentioned people in the server's HTML (text only, never inside a
 * tag) with <strong class="mention">. Returns the HTML and the people not found in it.
 */
export function highlightMentions(html: string, mentions: readonly Person[]): { html: string; missing: Person[] } {
  if (mentions.length === 0) return { html, missing: [] };
  const found = new Set<string>();
  const names = [...mentions].sort((a, b) => b.displayName.length - a.displayName.length);
  const parts = html.split(/(<[^>]*>)/);
  const out = parts.map((part) => {
    if (part.startsWith('<') || !part.includes('@') && !part.includes('&')) return part;
    let text = normaliseText(part);
    for (const person of names) {
      const needle = `@${escapeHtml(person.displayName)}`;
      if (!text.includes(needle)) continue;
      found.add(person.id);
      text = text.split(needle).join(`\u0000${person.id}\u0000`);
    }
    return text.replace(/\u0000([^\u0000]*)\u0000/g, (_, id: string) => {
      const person = names.find((p) => p.id === id);
      return `<strong class="mention">@${escapeHtml(person?.displayName ?? '')}</strong>`;
    });
  });
  return { html: out.join(''), missing: mentions.filter((m) => !found.has(m.id)) };
}
