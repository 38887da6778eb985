import { type ChangeEvent, type ReactNode } from 'react';
import { ApiError } from '../transport/api';
import { useT } from './i18n';
import { t as translateNow } from '../i18n';
import { problemSentence, violationSentence } from './problems';

export type FieldErrors = Record<string, string>;

interface FieldBase {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  optional?: boolean;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Label({ id, label, optional }: { id: string; label: string; optional?: boolean }) {
  const t = useT();
  return (
    <label htmlFor={id}>
      {label}
      {optional ? <span className="optional"> {t('form.optional')}</span> : null}
    </label>
  );
}

function Extras({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

export function TextField({
  id,
  label,
  error,
  hint,
  optional,
  value,
  onChange,
  type = 'text',
  autoComplete,
  multiline,
}: FieldBase & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  multiline?: boolean;
}) {
  const common = {
    id,
    name: id,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
    required: !optional,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value),
  };
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <Label id={id} label={label} optional={optional} />
      {multiline ? <textarea rows={4} {...common} /> : <input type={type} autoComplete={autoComplete} {...common} />}
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

export function SelectField({
  id,
  label,
  error,
  hint,
  optional,
  value,
  onChange,
  children,
}: FieldBase & { value: string; onChange: (value: string) => void; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <Label id={id} label={label} optional={optional} />
      <select
        id={id}
        name={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      >
        {children}
      </select>
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

/** Server violation fields may come qualified (`command.email`): keep the last segment. */
export function fieldOf(violationField: string): string {
  const parts = violationField.split('.');
  return parts[parts.length - 1] ?? violationField;
}

/** "Try again in 45 seconds" / "in 2 minutes": minutes once the wait passes a minute and a half. */
export function retryAfterSentence(seconds: number, t: (key: string, params?: Record<string, string | number>) => string): string {
  if (seconds < 90) return t('error.retryAfter', { count: seconds });
  return t('error.retryAfterMinutes', { count: Math.ceil(seconds / 60) });
}

/** A message for any failure, in the reader's language where we know the case. */
export function problemMessage(error: unknown, t: (key: string, params?: Record<string, string | number>) => string): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('error.network');
    if (error.is('csrf')) return t('error.csrf');
    if (error.is('internal') || error.status >= 500) {
      return error.errorId ? t('error.internalWithId', { id: error.errorId }) : t('error.internal');
    }
    // Never the server's own (English) title or detail: the catalogue's sentence for the type,
    // and for a validation problem the sentences of its violations.
    let text = problemSentence(error.type, t) ?? t('error.unexpected');
    if (error.violations.length > 0) text = error.violations.map((v) => violationSentence(v.message, t)).join(' ');
    if (error.retryAfterSeconds) return `${text} ${retryAfterSentence(error.retryAfterSeconds, t)}`;
    return text;
  }
  return t('error.unexpected');
}

/** Splits an API failure into messages for known fields and the rest for the summary. */
export function apiFieldErrors(error: unknown, knownFields: string[]): { fields: FieldErrors; general: string | null } {
  const fields: FieldErrors = {};
  if (error instanceof ApiError && error.violations.length > 0) {
    const unknown: string[] = [];
    for (const v of error.violations) {
      const field = fieldOf(v.field);
      const sentence = violationSentence(v.message, translateNow);
      if (knownFields.includes(field)) fields[field] = fields[field] ? `${fields[field]} ${sentence}` : sentence;
      else unknown.push(sentence);
    }
    return { fields, general: unknown.length ? unknown.join(' ; ') : null };
  }
  return { fields, general: null };
}

/**
 * The summary above a form: role=alert so it is announced; each entry links to its field.
 */
export function ErrorSummary({
  fields,
  labels,
  general,
}: {
  fields: FieldErrors;
  labels: Record<string, string>;
  general?: string | null;
}) {
  const t = useT();
  // In the order of the form (the order of `labels`), whatever order the checks ran in.
  const order = Object.keys(labels);
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const entries = Object.entries(fields).sort(([a], [b]) => rank(a) - rank(b));
  if (entries.length === 0 && !general) return null;
  return (
    <div role="alert" className="error-summary">
      <h2>{entries.length ? t('form.errorSummary', { count: entries.length }) : t('form.failed')}</h2>
      <ul>
        {general ? <li>{general}</li> : null}
        {entries.map(([field, message]) => (
          <li key={field}>
            <a
              href={`#${field}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(field)?.focus();
              }}
            >
              {labels[field] ?? field} : {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="notice">
      {children}
    </div>
  );
}
