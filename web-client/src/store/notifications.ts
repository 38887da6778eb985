/**
 * The signed-in person's notification centre: the newest notifications and the unread count,
 * read over HTTP, then kept live from the private stream `person:<id>` (in order, a gap or a
 * `resync` reloads from HTTP). The shell's badge and the /notifications page share it.
 */
import type { DiscussionEvent } from '../protocol/discussion';
import {
  notificationEvent,
  parseNotificationPage,
  parseUnread,
  type Notification,
  type NotificationEvent,
  type NotificationPage,
} from '../protocol/notification';
import type { StreamWatcher } from '../transport/live';
import { StreamCursor } from './streamCursor';

export interface NotificationState {
  loaded: boolean;
  unread: number;
  items: Notification[];
  more: boolean;
}

export interface NotificationApi {
  get(path: string): Promise<unknown>;
  post(path: string, body?: unknown): Promise<unknown>;
}

export interface Watchable {
  watch(stream: string, watcher: StreamWatcher): () => void;
}

const EMPTY: NotificationState = { loaded: false, unread: 0, items: [], more: false };

/** One event applied to the state: pure, so it is tested without a socket. */
export function applyNotificationEvent(state: NotificationState, event: NotificationEvent): NotificationState {
  if (event.type === 'notification.created') {
    if (state.items.some((n) => n.id === event.notification.id)) return state;
    const unread = state.unread + (event.notification.readAt ? 0 : 1);
    return { ...state, unread, items: [event.notification, ...state.items] };
  }
  const ids = new Set(event.ids);
  const now = new Date().toISOString();
  return {
    ...state,
    unread: event.unread,
    items: state.items.map((n) => (ids.has(n.id) && !n.readAt ? { ...n, readAt: now } : n)),
  };
}

export class NotificationStore {
  private state: NotificationState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private stop: (() => void) | null = null;
  private cursor: StreamCursor<DiscussionEvent> | null = null;
  private generation = 0;

  constructor(
    private readonly api: NotificationApi,
    private readonly live: Watchable,
  ) {}

  getState = (): NotificationState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Follows this person's notifications (again from scratch if someone else signs in). */
  start(): void {
    this.end();
    const generation = ++this.generation;
    this.load()
      .then((page) => {
        if (generation !== this.generation) return;
        this.set(this.fromPage(page));
        const cursor = new StreamCursor<DiscussionEvent>(page.seq);
        this.cursor = cursor;
        this.stop = this.live.watch(page.stream, {
          lastSeq: () => cursor.lastSeq,
          onEvent: (seq, event) => {
            const step = cursor.receive(seq, event);
            this.applyAll(step.apply);
            if (step.reload) this.reload(generation);
          },
          onResync: () => {
            if (cursor.resync().reload) this.reload(generation);
          },
        });
      })
      .catch(() => {
        if (generation === this.generation) setTimeout(() => generation === this.generation && this.start(), 5000);
      });
  }

  /** Stops following and forgets (signed out). */
  end(): void {
    this.generation++;
    this.stop?.();
    this.stop = null;
    this.cursor = null;
    this.set(EMPTY);
  }

  async markRead(id: string): Promise<void> {
    const unread = parseUnread(await this.api.post(`/api/notifications/${encodeURIComponent(id)}/read`, {}));
    const now = new Date().toISOString();
    this.set({ ...this.state, unread, items: this.state.items.map((n) => (n.id === id && !n.readAt ? { ...n, readAt: now } : n)) });
  }

  async markAllRead(): Promise<void> {
    const unread = parseUnread(await this.api.post('/api/notifications/read-all', {}));
    const now = new Date().toISOString();
    this.set({ ...this.state, unread, items: this.state.items.map((n) => (n.readAt ? n : { ...n, readAt: now })) });
  }

  /** The next, older page of the list. */
  async loadMore(): Promise<void> {
    const last = this.state.items[this.state.items.length - 1];
    if (!last) return;
    const page = parseNotificationPage(await this.api.get(`/api/notifications?before=${encodeURIComponent(last.createdAt)}`));
    const known = new Set(this.state.items.map((n) => n.id));
    this.set({ ...this.state, items: [...this.state.items, ...page.items.filter((n) => !known.has(n.id))], more: page.more });
  }

  private async load(): Promise<NotificationPage> {
    return parseNotificationPage(await this.api.get('/api/notifications'));
  }

  private reload(generation: number): void {
    this.load()
      .then((page) => {
        const cursor = this.cursor;
        if (generation !== this.generation || !cursor) return;
        this.set(this.fromPage(page));
        const step = cursor.reloaded(page.seq);
        this.applyAll(step.apply);
        if (step.reload) this.reload(generation);
      })
      .catch(() => setTimeout(() => generation === this.generation && this.reload(generation), 3000));
  }

  private applyAll(events: DiscussionEvent[]): void {
    let next = this.state;
    for (const raw of events) {
      const event = notificationEvent(raw);
      if (event) next = applyNotificationEvent(next, event);
    }
    this.set(next);
  }

  private fromPage(page: NotificationPage): NotificationState {
    return { loaded: true, unread: page.unread, items: page.items, more: page.more };
  }

  private set(next: NotificationState): void {
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l();
  }
}
