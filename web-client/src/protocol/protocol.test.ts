import { describe, expect, it } from 'vitest';
import { invitableRoles, parseInvitationPreview, parseSession, parseUserAnswer } from './api';
import { parseServerFrame } from './frames';
import { ProtocolError } from './validate';

const user = { id: 'u1', email: 'ana@example.org', displayName: 'Ana', role: 'administrator', territoryCode: '53', timeZone: 'Europe/Paris', language: 'fr' };

describe('protocol', () => {
  it('parses a signed-in and an anonymous session', () => {
    expect(parseSession({ authenticated: true, csrfToken: 'q1', user }).user?.displayName).toBe('Ana');
    expect(parseSession({ authenticated: false, csrfToken: 'q1' })).toEqual({ authenticated: false, csrfToken: 'q1', user: null });
  });

  it('rejects a user with an unknown role', () => {
    expect(() => parseSession({ authenticated: true, user: { ...user, role: 'king' } })).toThrow(ProtocolError);
  });

  it('accepts the user bare or wrapped', () => {
    expect(parseUserAnswer(user).id).toBe('u1');
    expect(parseUserAnswer({ user }).id).toBe('u1');
  });

  it('reads the first administrator invitation with a null email', () => {
    expect(parseInvitationPreview({ email: null, role: 'administrator', invitedBy: null, expiresAt: '2026-11-30T10:00:00Z' }).email).toBeNull();
  });

  it('lets a facilitator invite anyone but an administrator', () => {
    expect(invitableRoles('facilitator')).not.toContain('administrator');
    expect(invitableRoles('administrator')).toContain('administrator');
    expect(invitableRoles('member')).toEqual([]);
  });

  it('parses socket frames and refuses garbage', () => {
    expect(parseServerFrame('{"type":"hello","node":"node-a","userId":"u1","heartbeatSeconds":25}')).toEqual({
      type: 'hello',
      node: 'node-a',
      userId: 'u1',
      heartbeatSeconds: 25,
    });
    expect(parseServerFrame('{"type":"pong","requestId":"r1"}')).toEqual({ type: 'pong', requestId: 'r1' });
    expect(parseServerFrame('{"type":"discussion.post_created"}')?.type).toBe('other');
    expect(parseServerFrame('not json')).toBeNull();
    expect(parseServerFrame('[1]')).toBeNull();
    expect(parseServerFrame('{"type":"hello","heartbeatSeconds":-1}')).toMatchObject({ heartbeatSeconds: 25 });
  });
});

describe('invitation list', () => {
  it('keeps the first administrator invitation, whose email is null', async () => {
    const { parseInvitationList } = await import('./api');
    const list = parseInvitationList([{ id: 'i1', email: null, role: 'administrator', status: 'accepted', invitedBy: null, createdAt: 'x', expiresAt: 'y' }]);
    expect(list[0].email).toBeNull();
  });
});
