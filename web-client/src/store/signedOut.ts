/**
 * A note, kept for this tab only, that the server ended the session (signed out elsewhere,
 * password changed or reset, sessions ended by an administrator, account deactivated), so the
 * sign-in page can say why it appeared.
 */
const SIGNED_OUT_KEY = 'maillage.signedOut';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function store(): Store | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage refused: the sign-in page simply shows without the notice
  }
}

export function markSignedOut(storage: Store | null = store()): void {
  storage?.setItem(SIGNED_OUT_KEY, '1');
}

/** Whether the last session was ended by the server; reading it clears it. */
export function takeSignedOutNotice(storage: Store | null = store()): boolean {
  if (!storage) return false;
  const was = storage.getItem(SIGNED_OUT_KEY) === '1';
  storage.removeItem(SIGNED_OUT_KEY);
  return was;
}

const DELETED_KEY = 'maillage.accountDeleted';

/** The person just deleted their account: the sign-in page says it is done. */
export function markAccountDeleted(storage: Store | null = store()): void {
  storage?.setItem(DELETED_KEY, '1');
}

/** Whether the account was just deleted in this tab; reading it clears it (and the signed-out note). */
export function takeAccountDeletedNotice(storage: Store | null = store()): boolean {
  if (!storage) return false;
  const was = storage.getItem(DELETED_KEY) === '1';
  storage.removeItem(DELETED_KEY);
  if (was) storage.removeItem(SIGNED_OUT_KEY);
  return was;
}
