/** Who is signed in. Talks to the API through transport/api; knows nothing of the UI. */
import { parseSession, parseUserAnswer, type Language, type User } from '../protocol/api';
import type { Api } from '../transport/api';

export interface SessionState {
  status: 'loading' | 'ready' | 'failed';
  user: User | null;
}

export interface AcceptInvitationCommand {
  email?: string;
  displayName: string;
  password: string;
  territoryCode?: string;
  timeZone?: string;
  language?: Language;
}

export interface ProfilePatch {
  displayName?: string;
  territoryCode?: string | null;
  timeZone?: string;
  language?: Language;
}

export class SessionStore {
  private state: SessionState = { status: 'loading', user: null };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: Api) {}

  getState = (): SessionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** GET /api/session; this also makes the server set the CSRF cookie. */
  async load(): Promise<SessionState> {
    try {
      const session = parseSession(await this.api.get('/api/session'));
      this.api.rememberCsrfToken(session.csrfToken);
      this.set({ status: 'ready', user: session.user });
    } catch (error) {
      this.set({ status: 'failed', user: null });
      throw error;
    }
    return this.state;
  }

  async signIn(email: string, password: string): Promise<User> {
    const user = parseUserAnswer(await this.api.post('/api/session', { email, password }));
    this.set({ status: 'ready', user });
    await this.load().catch(() => undefined); // picks up the rotated CSRF token
    return this.state.user ?? user;
  }

  async signOut(): Promise<void> {
    try {
      await this.api.del('/api/session');
    } finally {
      this.set({ status: 'ready', user: null });
      await this.load().catch(() => undefined);
    }
  }

  async acceptInvitation(token: string, command: AcceptInvitationCommand): Promise<User> {
    const answer = await this.api.post(`/api/invitations/${encodeURIComponent(token)}/accept`, command);
    const user = parseUserAnswer(answer);
    this.set({ status: 'ready', user });
    await this.load().catch(() => undefined);
    return this.state.user ?? user;
  }

  async updateProfile(patch: ProfilePatch): Promise<User> {
    const user = parseUserAnswer(await this.api.patch('/api/me', patch));
    this.set({ status: 'ready', user });
    return user;
  }

  /** Forget the person without a request, e.g. after the server answered 401. */
  forget(): void {
    this.set({ status: 'ready', user: null });
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
