/**
 * The only code that touches the WebSocket. States: `connecting` (a socket is opening),
 * `online` (open), `offline` (waiting to retry, or stopped).
 */
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import {
  DEFAULT_HEARTBEAT_SECONDS,
  encodeClientFrame,
  parseServerFrame,
  type ServerFrame,
} from '../protocol/frames';

export type ConnectionState = 'connecting' | 'online' | 'offline';

export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code?: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface NetworkEvents {
  /** Subscribes to the browser's `online`/`offline` events; returns the unsubscribe. */
  listen(onOnline: () => void, onOffline: () => void): () => void;
}

export interface ConnectionDeps {
  url: () => string;
  createSocket: (url: string) => SocketLike;
  timers?: Timers;
  random?: () => number;
  network?: NetworkEvents;
  backoff?: BackoffOptions;
}

/** The server closes a socket it refuses (no session, wrong Origin) with this code (docs/api.md). */
export const CLOSE_REFUSED = 4401;

/** A ping left unanswered this many heartbeats means the link is dead even if TCP has not noticed. */
export const MAX_MISSED_PONGS = 2;

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (h) => globalThis.clearInterval(h as ReturnType<typeof setInterval>),
};

export class LiveConnection {
  private state: ConnectionState = 'offline';
  private active = false;
  private attempt = 0;
  private socket: SocketLike | null = null;
  private retryTimer: unknown = null;
  private heartbeatTimer: unknown = null;
  private missedPongs = 0;
  private nextRequestId = 1;
  private unlisten: (() => void) | null = null;
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly frameListeners = new Set<(frame: ServerFrame) => void>();
  private readonly refusedListeners = new Set<() => void>();
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;

  constructor(private readonly deps: ConnectionDeps) {
    this.timers = deps.timers ?? realTimers;
    this.random = deps.random ?? Math.random;
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
  }

  getState = (): ConnectionState => this.state;

  subscribe = (listener: (state: ConnectionState) => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  onFrame(listener: (frame: ServerFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /** Told when the server refused the socket: the session may have ended elsewhere. */
  onRefused(listener: () => void): () => void {
    this.refusedListeners.add(listener);
    return () => this.refusedListeners.delete(listener);
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.attempt = 0;
    this.unlisten = this.deps.network?.listen(this.handleOnline, this.handleOffline) ?? null;
    this.connect();
  }

  stop(): void {
    this.active = false;
    this.unlisten?.();
    this.unlisten = null;
    this.clearRetry();
    this.dropSocket();
    this.setState('offline');
  }

  private readonly handleOnline = () => {
    if (!this.active || this.state !== 'offline') return;
    // The network is back: do not wait for the rest of the backoff.
    this.clearRetry();
    this.attempt = 0;
    this.connect();
  };

  private readonly handleOffline = () => {
    if (!this.active) return;
    // The close handshake cannot complete without a network, so its close event may come
    // minutes later: drop the socket now, so commands are queued and the screen says offline.
    const socket = this.socket;
    if (!socket) return;
    socket.close(4000, 'offline');
    if (this.socket === socket) {
      this.dropSocket();
      this.scheduleReconnect();
    }
  };

  /** Sends a frame when the socket is open; false otherwise (the caller queues or gives up). */
  send(frame: object): boolean {
    if (this.state !== 'online' || !this.socket) return false;
    try {
      this.socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  private connect(): void {
    this.clearRetry();
    this.setState('connecting');
    let socket: SocketLike;
    try {
      socket = this.deps.createSocket(this.deps.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      this.missedPongs = 0;
      this.setState('online');
      this.startHeartbeat(DEFAULT_HEARTBEAT_SECONDS);
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      const frame = parseServerFrame(event.data);
      if (!frame) return;
      this.missedPongs = 0;
      if (frame.type === 'hello') this.startHeartbeat(frame.heartbeatSeconds);
      for (const listener of this.frameListeners) listener(frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.dropSocket();
      // Retry with backoff either way; a listener may stop us once it knows the session is gone.
      if (this.active) this.scheduleReconnect();
      if (event?.code === CLOSE_REFUSED) for (const listener of this.refusedListeners) listener();
    };
    socket.onerror = () => {
      // A close event always follows; reconnection is decided there.
    };
  }

  private scheduleReconnect(): void {
    this.setState('offline');
    const delay = backoffDelay(this.attempt, this.random, this.backoff);
    this.attempt += 1;
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (this.active) this.connect();
    }, delay);
  }

  private startHeartbeat(seconds: number): void {
    this.stopHeartbeat();
    this.heartbeatTimer = this.timers.setInterval(() => this.beat(), seconds * 1000);
  }

  private beat(): void {
    const socket = this.socket;
    if (!socket) return;
    if (this.missedPongs >= MAX_MISSED_PONGS) {
      socket.close(4001, 'heartbeat timeout');
      // Some implementations never fire close on a dead link: act now.
      if (this.socket === socket) {
        this.dropSocket();
        if (this.active) this.scheduleReconnect();
      }
      return;
    }
    this.missedPongs += 1;
    try {
      socket.send(encodeClientFrame({ type: 'ping', requestId: `p${this.nextRequestId++}` }));
    } catch {
      // The close handler reconnects.
    }
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== null) this.timers.clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private dropSocket(): void {
    this.stopHeartbeat();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try {
        socket.close(1000, 'bye');
      } catch {
        // already closed
      }
    }
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

/** The browser's connection to `/ws` on the page's own origin. */
export function createBrowserConnection(): LiveConnection {
  return new LiveConnection({
    url: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    network: {
      listen(onOnline, onOffline) {
        window.addEventListener('online', onOnline);
        window.addEventListener('offline', onOffline);
        return () => {
          window.removeEventListener('online', onOnline);
          window.removeEventListener('offline', onOffline);
        };
      },
    },
  });
}
