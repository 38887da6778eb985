/**
 * Streams and commands over the one socket: subscribes each watched stream with the last
 * sequence applied (again after every reconnect, so the server replays what was missed), routes
 * event/resync/typing frames to the screens, and sends the command queue once per connection.
 */
import { parseLiveFrame, type DiscussionCommand, type DiscussionEvent } from '../protocol/discussion';
import type { CommandQueue } from '../store/commandQueue';
import type { ServerFrame } from '../protocol/frames';
import type { ConnectionState, LiveConnection } from './socket';

export interface StreamWatcher {
  /** The last sequence this watcher applied; subscribe asks for what follows (null: only new events). */
  lastSeq(): number | null;
  onEvent(seq: number, event: DiscussionEvent): void;
  onResync(): void;
  onTyping?(threadId: string | null, userId: string | null, displayName: string): void;
  onUnsubscribed?(): void;
}

/** The parts of LiveConnection this module uses (a fake in tests). */
export type ConnectionLike = Pick<LiveConnection, 'getState' | 'subscribe' | 'onFrame' | 'send'>;

export class LiveClient {
  private readonly watchers = new Map<string, Set<StreamWatcher>>();
  private readonly pendingRequests = new Map<string, string>(); // requestId → idempotencyKey
  private nextRequest = 1;
  private state: ConnectionState;
  /** Who the open socket is signed in as (from `hello`); commands wait for it. */
  private socketUser: string | null = null;

  constructor(
    private readonly connection: ConnectionLike,
    private readonly queue: CommandQueue,
  ) {
    this.state = connection.getState();
    connection.subscribe((state) => this.stateChanged(state));
    connection.onFrame((frame) => this.frame(frame));
  }

  /** Starts following a stream; returns the function that stops. */
  watch(stream: string, watcher: StreamWatcher): () => void {
    let set = this.watchers.get(stream);
    const first = !set;
    if (!set) {
      set = new Set();
      this.watchers.set(stream, set);
    }
    set.add(watcher);
    if (this.state === 'online') this.sendSubscribe([stream], first ? undefined : watcher);
    return () => {
      const current = this.watchers.get(stream);
      if (!current) return;
      current.delete(watcher);
      if (current.size === 0) {
        this.watchers.delete(stream);
        this.connection.send({ type: 'unsubscribe', requestId: this.requestId(), streams: [stream] });
      }
    };
  }

  /** Queues the command (persisted, as `userId`'s) and sends it now if the socket is open. */
  command(command: DiscussionCommand, userId: string | null = null): void {
    this.queue.enqueue(command, userId);
    this.flush();
  }

  /** A typing signal; ephemeral, dropped when offline. */
  typing(stream: string, threadId: string): void {
    this.connection.send({ type: 'typing', stream, threadId });
  }

  private stateChanged(state: ConnectionState): void {
    this.state = state;
    if (state === 'online') {
      const streams = [...this.watchers.keys()];
      if (streams.length) this.sendSubscribe(streams);
      // Commands go out once `hello` says who this socket is.
    } else {
      this.socketUser = null;
      this.queue.connectionLost();
      this.pendingRequests.clear();
    }
  }

  private flush(): void {
    if (this.state !== 'online' || this.socketUser === null) return;
    this.queue.flush((command) => {
      const requestId = this.requestId();
      if (!this.connection.send({ ...command, requestId })) return false;
      this.pendingRequests.set(requestId, command.idempotencyKey);
      return true;
    }, this.socketUser);
  }

  private sendSubscribe(streams: string[], only?: StreamWatcher): void {
    const entries = streams.map((stream) => {
      const set = only ? [only] : [...(this.watchers.get(stream) ?? [])];
      const seqs = set.map((w) => w.lastSeq()).filter((n): n is number => n !== null);
      if (set.length && !seqs.length) return { stream };
      return { stream, after: seqs.length ? Math.min(...seqs) : 0 };
    });
    this.connection.send({ type: 'subscribe', requestId: this.requestId(), streams: entries });
  }

  private requestId(): string {
    return `c${this.nextRequest++}`;
  }

  private frame(raw: ServerFrame): void {
    if (raw.type === 'hello') {
      this.socketUser = raw.userId ?? '';
      this.flush();
      return;
    }
    const frame = parseLiveFrame(raw);
    if (!frame) return;
    switch (frame.type) {
      case 'event':
        for (const w of this.watchers.get(frame.stream) ?? []) w.onEvent(frame.seq, frame.event);
        break;
      case 'resync':
        for (const w of this.watchers.get(frame.stream) ?? []) w.onResync();
        break;
      case 'typing':
        for (const w of this.watchers.get(frame.stream) ?? []) w.onTyping?.(frame.threadId, frame.userId, frame.displayName);
        break;
      case 'unsubscribed':
        for (const w of this.watchers.get(frame.stream) ?? []) w.onUnsubscribed?.();
        break;
      case 'ack': {
        const key = frame.requestId ? this.pendingRequests.get(frame.requestId) : undefined;
        if (!key || !frame.requestId) break;
        this.pendingRequests.delete(frame.requestId);
        this.queue.acknowledged(key, frame.result);
        break;
      }
      case 'error': {
        const key = frame.requestId ? this.pendingRequests.get(frame.requestId) : undefined;
        if (!key || !frame.requestId) break;
        this.pendingRequests.delete(frame.requestId);
        if (frame.problem.type.endsWith('/rate-limited')) {
          // Not refused, only too fast: it goes out again on the next flush.
          this.queue.connectionLost();
          break;
        }
        this.queue.refused(key, frame.problem.detail ?? frame.problem.title, frame.problem.type);
        break;
      }
    }
  }
}
