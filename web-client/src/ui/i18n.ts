import { useCallback, useSyncExternalStore } from 'react';
import { getLanguage, subscribeLanguage, t } from '../i18n';
import type { Params } from '../i18n/translate';
import type { Language } from '../protocol/api';

export function useLanguage(): Language {
  return useSyncExternalStore(subscribeLanguage, getLanguage);
}

/** Re-renders the caller when the language changes. */
export function useT(): (key: string, params?: Params) => string {
  const language = useLanguage();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useCallback((key: string, params?: Params) => t(key, params), [language]);
}
