import { describe, expect, it } from 'vitest';
import { firstSteps, pendingSteps, type HomeFacts } from './firstSteps';

const newcomer: HomeFacts = {
  role: 'member', pioneer: false, competences: 0, canHelpCompetences: 0, availabilityOpen: true,
  followedThemes: 0, askedHelp: 0, invitationsSent: 0, facilitatorInvited: false, upcomingSessions: 0,
  mailSent: false, introduced: false, territory: null,
};

describe('first steps', () => {
  it('tick themselves from the data', () => {
    const before = firstSteps(newcomer);
    expect(before.find((s) => s.id === 'profile')?.done).toBe(false);
    const after = firstSteps({ ...newcomer, competences: 2, followedThemes: 3, askedHelp: 1 });
    expect(after.filter((s) => s.done).map((s) => s.id)).toEqual(['profile', 'follow', 'ask']);
  });

  it('tick the introduction, the e-mail set-up, and point at the pioneers of my territory', () => {
    expect(firstSteps({ ...newcomer, introduced: true }).find((s) => s.id === 'introduce')?.done).toBe(true);
    expect(firstSteps({ ...newcomer, territory: '974' }).find((s) => s.id === 'pioneers')?.to).toBe('/directory?pioneer=true&territory=974');
    const admin = { ...newcomer, role: 'administrator' as const };
    expect(firstSteps(admin).find((s) => s.id === 'admin.outbox')?.done).toBe(false);
    expect(firstSteps({ ...admin, mailSent: true }).find((s) => s.id === 'admin.outbox')?.done).toBe(true);
  });

  it('differ per role', () => {
    expect(firstSteps({ ...newcomer, role: 'guest' })).toEqual([]);
    expect(firstSteps({ ...newcomer, role: 'administrator' }).map((s) => s.id)).toContain('admin.invite');
    expect(firstSteps({ ...newcomer, role: 'facilitator' }).map((s) => s.id)).toContain('facilitator.session');
    expect(firstSteps({ ...newcomer, pioneer: true }).map((s) => s.id)).toContain('pioneer.offer');
    expect(firstSteps(newcomer).map((s) => s.id)).not.toContain('pioneer.offer');
  });

  it('hide what is done or dismissed', () => {
    const steps = firstSteps({ ...newcomer, competences: 1 });
    expect(pendingSteps(steps, ['introduce']).map((s) => s.id)).toEqual(['follow', 'pioneers', 'ask']);
  });
});
