/** Current language, its messages and t(). No UI framework here: the React hook lives in ui/. */
import { translate, type Params } from './translate';
import { isLanguage, type Language } from '../protocol/api';
import { catalogs } from './catalogs';

export const LANGUAGE_STORAGE_KEY = 'maillage.language';

function initialLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage can be disabled
  }
  return 'fr';
}

let current: Language = initialLanguage();
const listeners = new Set<() => void>();

export function getLanguage(): Language {
  return current;
}

export function setLanguage(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  if (language === current) return;
  current = language;
  for (const listener of listeners) listener();
}

export function subscribeLanguage(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function t(key: string, params?: Params): string {
  return translate(catalogs[current], current, key, params);
}

export function hasKey(key: string): boolean {
  return key in catalogs[current];
}

export function rememberAnonymousLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // storage can be disabled
  }
}
