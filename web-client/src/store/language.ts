/** Choosing the language: the signed-in person's profile keeps it, else this browser does. */
import type { Language } from '../protocol/api';
import { getLanguage, rememberAnonymousLanguage, setLanguage } from '../i18n';
import type { SessionStore } from './session';

export async function chooseLanguage(session: SessionStore, language: Language): Promise<void> {
  const previous = getLanguage();
  setLanguage(language);
  rememberAnonymousLanguage(language);
  if (session.getState().user) {
    try {
      await session.updateProfile({ language });
    } catch (error) {
      setLanguage(previous);
      rememberAnonymousLanguage(previous);
      throw error;
    }
  }
}

/** Follows the signed-in person's language whenever the session changes. */
export function followUserLanguage(session: SessionStore): () => void {
  let lastUserLanguage: Language | null = null;
  const sync = () => {
    const language = session.getState().user?.language ?? null;
    if (language && language !== lastUserLanguage) setLanguage(language);
    lastUserLanguage = language;
  };
  sync();
  return session.subscribe(sync);
}
