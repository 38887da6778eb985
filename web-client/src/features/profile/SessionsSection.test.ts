import { describe, expect, it } from 'vitest';
import { parseOpenSessions } from './SessionsSection';

describe('open sessions', () => {
  it('parses the list and refuses a missing current flag', () => {
    const s = { id: 's1', createdAt: '2026-01-01T00:00:00Z', lastSeenAt: '2026-01-02T00:00:00Z', expiresAt: '2026-01-16T00:00:00Z', current: true };
    expect(parseOpenSessions([s])[0]?.current).toBe(true);
    expect(() => parseOpenSessions([{ ...s, current: 'yes' }])).toThrow();
  });
});
