/**
 * Commands waiting for the server's ack, persisted so they survive a reload. Each keeps the
 * idempotencyKey it was created with: sending it again after a reconnect creates nothing twice.
 * Sent at most once per connection; an ack (or a refusal) removes it. No UI framework here.
 */
import type { DiscussionCommand } from '../protocol/discussion';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface QueuedCommand {
  command: DiscussionCommand;
  queuedAt: string;
  /** Who asked: a command is only ever sent on a socket signed in as that person. */
  userId: string | null;
}

export interface CommandOutcome {
  ok: boolean;
  result: Record<string, unknown>;
  problemTitle?: string;
  problemType?: string;
}

export const QUEUE_STORAGE_KEY = 'maillage.commandQueue';

export class CommandQueue {
  private entries: QueuedCommand[] = [];
  private readonly inFlight = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly waiters = new Map<string, ((outcome: CommandOutcome) => void)[]>();
  private snapshot: readonly QueuedCommand[] = [];

  constructor(
    private readonly storage: StorageLike | null,
    private readonly key = QUEUE_STORAGE_KEY,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.entries = this.load();
    this.snapshot = [...this.entries];
  }

  /** The waiting commands, oldest first (a stable array between changes, for useSyncExternalStore). */
  list = (): readonly QueuedCommand[] => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  enqueue(command: DiscussionCommand, userId: string | null = null): QueuedCommand {
    const existing = this.entries.find((e) => e.command.idempotencyKey === command.idempotencyKey);
    if (existing) return existing;
    const entry = { command, queuedAt: this.now().toISOString(), userId };
    this.entries.push(entry);
    this.changed();
    return entry;
  }

  /** Resolves when the command identified by `idempotencyKey` is acknowledged or refused. */
  outcome(idempotencyKey: string): Promise<CommandOutcome> {
    return new Promise((resolve) => {
      const list = this.waiters.get(idempotencyKey) ?? [];
      list.push(resolve);
      this.waiters.set(idempotencyKey, list);
    });
  }

  /**
   * Sends every command not yet sent on this connection; `send` returns false when it could not.
   * With `userId`, only that person's commands (and those of unknown author) go out.
   */
  flush(send: (command: DiscussionCommand) => boolean, userId: string | null = null): number {
    let sent = 0;
    for (const entry of this.entries) {
      const key = entry.command.idempotencyKey;
      if (this.inFlight.has(key)) continue;
      if (userId !== null && entry.userId !== null && entry.userId !== userId) continue;
      if (!send(entry.command)) break;
      this.inFlight.add(key);
      sent += 1;
    }
    return sent;
  }

  /** The connection dropped: what was sent without an answer goes out again on the next one. */
  connectionLost(): void {
    this.inFlight.clear();
  }

  isInFlight(idempotencyKey: string): boolean {
    return this.inFlight.has(idempotencyKey);
  }

  acknowledged(idempotencyKey: string, result: Record<string, unknown>): void {
    this.settle(idempotencyKey, { ok: true, result });
  }

  refused(idempotencyKey: string, problemTitle: string, problemType: string): void {
    this.settle(idempotencyKey, { ok: false, result: {}, problemTitle, problemType });
  }

  private settle(idempotencyKey: string, outcome: CommandOutcome): void {
    this.inFlight.delete(idempotencyKey);
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.command.idempotencyKey !== idempotencyKey);
    if (this.entries.length !== before) this.changed();
    const waiters = this.waiters.get(idempotencyKey) ?? [];
    this.waiters.delete(idempotencyKey);
    for (const w of waiters) w(outcome);
  }

  private changed(): void {
    this.snapshot = [...this.entries];
    try {
      if (this.entries.length) this.storage?.setItem(this.key, JSON.stringify(this.entries));
      else this.storage?.removeItem(this.key);
    } catch {
      // storage full or disabled: the queue still lives in memory
    }
    for (const l of this.listeners) l();
  }

  private load(): QueuedCommand[] {
    try {
      const raw = this.storage?.getItem(this.key);
      if (!raw) return [];
      const parsed: unknown = JSON.parse(raw);
      if (!Array.isArray(parsed)) return [];
      return parsed
        .filter(
          (e): e is QueuedCommand =>
            !!e && typeof e === 'object' && typeof e.command?.type === 'string' && typeof e.command?.idempotencyKey === 'string',
        )
        .map((e) => ({ ...e, userId: typeof e.userId === 'string' ? e.userId : null }));
    } catch {
      return [];
    }
  }
}

export function newIdempotencyKey(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
