/**
 * A tiny t(): `{name}` interpolation, and plural forms chosen by Intl.PluralRules when a
 * message is an object keyed by plural category and the params carry `count`.
 */
export type Message = string | Partial<Record<Intl.LDMLPluralRule, string>>;
export type Messages = Record<string, Message>;
export type Params = Record<string, string | number>;

const pluralRules = new Map<string, Intl.PluralRules>();

function rulesFor(locale: string): Intl.PluralRules {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules;
}

export function interpolate(template: string, params: Params = {}, locale = 'fr'): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  });
}

export function translate(messages: Messages, locale: string, key: string, params?: Params): string {
  const message = messages[key];
  if (message === undefined) return key;
  if (typeof message === 'string') return interpolate(message, params, locale);
  const count = typeof params?.count === 'number' ? params.count : 0;
  const category = rulesFor(locale).select(count);
  const template = message[category] ?? message.other ?? '';
  return interpolate(template, params, locale);
}
