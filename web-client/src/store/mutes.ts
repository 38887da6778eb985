/**
 * The people whose posts I collapse (GET /api/me/mutes), loaded once per signed-in person and
 * kept in step across my tabs: a change made in one tab is announced on a BroadcastChannel and
 * the others read the list again.
 */
import type { Api } from '../transport/api';
import { parseMutes, type MutedPerson } from '../protocol/moderation';

type Listener = () => void;

export class MuteStore {
  private people: MutedPerson[] = [];
  private ids: ReadonlySet<string> = new Set();
  private loadedFor: string | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly channel: BroadcastChannel | null;

  constructor(private readonly api: Api) {
    this.channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('maillage-mutes');
    if (this.channel) this.channel.onmessage = () => void this.reload();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getIds = (): ReadonlySet<string> => this.ids;
  getPeople = (): MutedPerson[] => this.people;

  /** Loads the list for this person unless already loaded. */
  ensure(userId: string): void {
    if (this.loadedFor === userId) return;
    this.loadedFor = userId;
    void this.reload();
  }

  async reload(): Promise<void> {
    if (!this.loadedFor) return;
    try {
      this.set(parseMutes(await this.api.get('/api/me/mutes')));
    } catch {
      // Keep the list we have: a failed read hides nothing new.
    }
  }

  async mute(person: MutedPerson): Promise<void> {
    await this.api.request('PUT', `/api/me/mutes/${encodeURIComponent(person.id)}`);
    if (!this.ids.has(person.id)) this.set([...this.people, person]);
    this.channel?.postMessage('changed');
  }

  async unmute(id: string): Promise<void> {
    await this.api.del(`/api/me/mutes/${encodeURIComponent(id)}`);
    this.set(this.people.filter((p) => p.id !== id));
    this.channel?.postMessage('changed');
  }

  private set(people: MutedPerson[]): void {
    this.people = people;
    this.ids = new Set(people.map((p) => p.id));
    this.listeners.forEach((l) => l());
  }
}
