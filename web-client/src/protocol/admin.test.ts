import { describe, expect, it } from 'vitest';
import { describeValues, parseAuditPage, parsePeople } from './admin';

describe('admin protocol', () => {
  it('parses the people list and refuses an unknown status', () => {
    const person = { id: 'u1', email: 'a@b.fr', displayName: 'Ana', role: 'member', territoryCode: null, lastSeenAt: null, createdAt: '2026-01-01T00:00:00Z', status: 'active' };
    expect(parsePeople([person])[0]?.status).toBe('active');
    expect(() => parsePeople([{ ...person, status: 'gone' }])).toThrow();
    expect(() => parsePeople([{ ...person, role: 'king' }])).toThrow();
  });

  it('parses an audit page with its cursor', () => {
    const page = parseAuditPage({
      entries: [{ id: 7, at: '2026-01-01T00:00:00Z', actorId: 'u1', actorName: 'Ada', action: 'identity.role_changed', targetKind: 'person', targetId: 'u2', targetName: 'Bea', before: '{"role":"member"}', after: '{"role":"facilitator"}' }],
      next: 7,
    });
    expect(page.next).toBe(7);
    expect(page.entries[0]?.action).toBe('identity.role_changed');
    expect(parseAuditPage({ entries: [], next: null }).next).toBeNull();
  });

  it('summarises changed values on one line', () => {
    expect(describeValues('{"role":"member","pinned":true}')).toBe('role : member, pinned : true');
    expect(describeValues(null)).toBe('');
    expect(describeValues('not json')).toBe('not json');
  });
});
