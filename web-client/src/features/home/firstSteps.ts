/** Which first steps a person sees, each ticked from real data. Pure: tested without a browser. */
import type { Role } from '../../protocol/api';

export interface HomeFacts {
  role: Role;
  pioneer: boolean;
  competences: number;
  canHelpCompetences: number;
  availabilityOpen: boolean;
  followedThemes: number;
  askedHelp: number;
  invitationsSent: number;
  facilitatorInvited: boolean;
  upcomingSessions: number;
  /** At least one e-mail left through SMTP (the outbox shows the others kept). */
  mailSent: boolean;
  /** A thread of mine in the network-life theme: I introduced myself. */
  introduced: boolean;
  /** My territory's code, to meet its pioneers (null when not given). */
  territory: string | null;
}

export interface Step {
  id: string;
  done: boolean;
  to: string;
}

export function firstSteps(f: HomeFacts): Step[] {
  if (f.role === 'guest') return [];
  if (f.role === 'administrator') {
    return [
      { id: 'admin.outbox', done: f.mailSent, to: '/admin/outbox' },
      { id: 'admin.invite', done: f.invitationsSent > 0, to: '/admin/invitations' },
      { id: 'admin.facilitator', done: f.facilitatorInvited, to: '/admin/invitations' },
      { id: 'admin.themes', done: f.followedThemes > 0, to: '/themes' },
    ];
  }
  const steps: Step[] = [
    { id: 'profile', done: f.competences > 0, to: '/directory/me' },
    { id: 'follow', done: f.followedThemes >= 3, to: '/themes' },
    { id: 'introduce', done: f.introduced, to: '/themes/vie-du-reseau' },
    { id: 'pioneers', done: false, to: f.territory ? `/directory?pioneer=true&territory=${encodeURIComponent(f.territory)}` : '/directory?pioneer=true' },
    { id: 'ask', done: f.askedHelp > 0, to: '/help/new' },
  ];
  if (f.pioneer) {
    steps.push({ id: 'pioneer.offer', done: f.canHelpCompetences > 0 && f.availabilityOpen, to: '/directory/me' });
  }
  if (f.role === 'facilitator') {
    steps.push({ id: 'facilitator.session', done: f.upcomingSessions > 0, to: '/sessions/new' });
    steps.push({ id: 'facilitator.welcome', done: false, to: '/directory' });
  }
  return steps;
}

/** Steps still to show: not done and not dismissed. */
export function pendingSteps(steps: Step[], dismissed: string[]): Step[] {
  return steps.filter((s) => !s.done && !dismissed.includes(s.id));
}
