/**
 * The message catalogues: the shell's in `fr.json`/`en.json`, and each feature's own in
 * `<feature>/fr.json` and `<feature>/en.json` beside them (so features never edit one file).
 */
import fr from './fr.json';
import en from './en.json';
import type { Messages } from './translate';
import type { Language } from '../protocol/api';

const featureFiles = import.meta.glob<{ default: Messages }>('./*/*.json', { eager: true });

function catalog(language: Language, base: Messages): Messages {
  const merged: Messages = { ...base };
  for (const [path, module] of Object.entries(featureFiles)) {
    if (!path.endsWith(`/${language}.json`)) continue;
    for (const [key, message] of Object.entries(module.default)) {
      if (key in merged) throw new Error(`translation key ${key} defined twice (${path})`);
      merged[key] = message;
    }
  }
  return merged;
}

export const catalogs: Record<Language, Messages> = { fr: catalog('fr', fr), en: catalog('en', en) };
