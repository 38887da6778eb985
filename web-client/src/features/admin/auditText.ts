/**
 * An audit entry's before/after values as labelled French (or English) text: "Rôle : Membre →
 * Animateur·rice", "Statut : actif → désactivé". Known fields and values come from the
 * catalogue (src/i18n/admin-people/); anything else is shown as it was stored.
 */
import type { AuditEntry } from '../../protocol/admin';

type T = (key: string, params?: Record<string, string | number>) => string;

const FIELDS = ['role', 'status', 'pinned', 'locked', 'theme', 'body', 'reader'];
const ROLES = ['administrator', 'facilitator', 'member', 'guest'];
const STATUSES = ['active', 'deactivated', 'pending', 'accepted', 'revoked', 'expired'];
const QUOTE_MAX = 80;

function parse(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    return { value };
  } catch {
    return { value: json };
  }
}

function fieldLabel(field: string, t: T): string {
  return FIELDS.includes(field) ? t(`audit.field.${field}`) : field;
}

export function valueLabel(field: string, value: unknown, t: T): string {
  if (value === null || value === undefined) return t('audit.value.none');
  if (typeof value === 'boolean') return t(value ? 'audit.value.yes' : 'audit.value.no');
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (field === 'role' && ROLES.includes(text)) return t(`role.${text}`);
  if (field === 'status' && STATUSES.includes(text)) return t(`audit.status.${text}`);
  if (field === 'body') return `« ${text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX)}…` : text} »`;
  return text;
}

/** One line per field: changed, set, or removed. */
export function describeChange(entry: Pick<AuditEntry, 'before' | 'after'>, t: T): string[] {
  const before = parse(entry.before);
  const after = parse(entry.after);
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.flatMap((field) => {
    const label = fieldLabel(field, t);
    const hadBefore = before !== null && field in before;
    const hasAfter = after !== null && field in after;
    if (hadBefore && hasAfter) {
      const from = valueLabel(field, before[field], t);
      const to = valueLabel(field, after[field], t);
      if (from === to) return [];
      return [t('audit.changed', { field: label, before: from, after: to })];
    }
    if (hasAfter) return [t('audit.set', { field: label, value: valueLabel(field, after[field], t) })];
    return [t('audit.removed', { field: label, value: valueLabel(field, before?.[field], t) })];
  });
}
