/**
 * Server problems and validation messages turned into sentences of the catalogue, so that no
 * raw (English) server text reaches a screen. Pure functions: tested without a browser.
 */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** The catalogue key of a problem type, `/problems/not-found` → `problem.not-found`. */
export function problemKey(type: string): string | null {
  const m = /\/problems\/([a-z0-9-]+)$/.exec(type);
  return m ? `problem.${m[1]}` : null;
}

/** Known validation messages (the server's English) and the catalogue key that says them. */
const VIOLATIONS: [RegExp, string][] = [
  [/^must not be blank$|^is required$|^is empty$|^is required when the reason is other$/, 'violation.required'],
  [/^give 1 to (\d+) characters$/, 'violation.length'],
  [/^give at most (\d+) characters$|^is longer than (\d+)/, 'violation.tooLong'],
  [/^must be in the future$/, 'violation.future'],
  [/^the end is not after the start$|^the end of the series is before its first start$/, 'violation.endBeforeStart'],
  [/^not a valid RRULE/, 'violation.rrule'],
  [/^this rule gives no occurrence/, 'violation.noOccurrence'],
  [/^unknown territory$/, 'violation.territory'],
  [/^unknown or archived theme$|^unknown theme$|^no such theme$/, 'violation.theme'],
  [/^unknown competence/, 'violation.competence'],
  [/time zone/, 'violation.zone'],
  [/needs a place$/, 'violation.place'],
  [/^must start with http:\/\/ or https:\/\/$|^has no host$|user name or password|spaces or control characters/, 'violation.url'],
  [/^is not a valid address$/, 'violation.email'],
  [/^is not your current password$/, 'violation.currentPassword'],
  [/^is not an image/, 'violation.image'],
  [/^must not contain NUL$/, 'violation.characters'],
  [/^no such person$/, 'violation.person'],
  [/^this post was deleted$/, 'violation.deleted'],
  [/^is \d+×\d+ pixels; at most (\d+)/, 'violation.imageTooLarge'],
  [/^password\.repeated:/, 'violation.passwordRepeated'],
  [/^password\.personal:/, 'violation.passwordPersonal'],
  [/^password\.common:/, 'violation.passwordCommon'],
  [/^text\.control:|^text\.bidi:/, 'violation.textControl'],
  [/^text\.invisible:/, 'violation.textInvisible'],
];

/** A violation as a sentence; an unknown message gives a generic sentence, never the raw text. */
export function violationSentence(message: string, t: Translate): string {
  for (const [pattern, key] of VIOLATIONS) {
    const m = pattern.exec(message);
    if (m) {
      const max = m.slice(1).find((g) => g !== undefined);
      return t(key, max ? { max: Number(max) } : {});
    }
  }
  return t('violation.invalid');
}

/** The sentence for a problem type, or null when the catalogue has none. */
export function problemSentence(type: string, t: Translate): string | null {
  const key = problemKey(type);
  if (!key) return null;
  const text = t(key);
  return text === key ? null : text;
}
