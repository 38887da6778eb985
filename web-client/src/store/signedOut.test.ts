import { describe, expect, it } from 'vitest';
import { markSignedOut, takeSignedOutNotice } from './signedOut';

function memory() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

describe('signed-out notice', () => {
  it('is shown once after the server ended the session', () => {
    const storage = memory();
    expect(takeSignedOutNotice(storage)).toBe(false);
    markSignedOut(storage);
    expect(takeSignedOutNotice(storage)).toBe(true);
    expect(takeSignedOutNotice(storage)).toBe(false);
  });

  it('is silent without storage', () => {
    markSignedOut(null);
    expect(takeSignedOutNotice(null)).toBe(false);
  });
});
