/** The reply being written, per thread, kept in localStorage so a reload or a crash loses nothing. */
const PREFIX = 'maillage.draft.';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadDraft(threadId: string): string {
  try {
    return storage()?.getItem(PREFIX + threadId) ?? '';
  } catch {
    return '';
  }
}

export function saveDraft(threadId: string, body: string): void {
  try {
    if (body) storage()?.setItem(PREFIX + threadId, body);
    else storage()?.removeItem(PREFIX + threadId);
  } catch {
    // storage full or disabled
  }
}
