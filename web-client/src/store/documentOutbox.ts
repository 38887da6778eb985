/**
 * The local updates of one co-edited document waiting for the server (docs/workspaces.md):
 * at most one in flight; the others wait and leave merged (Y.mergeUpdates) up to the size
 * limit; after a reconnect the one in flight is sent again with the same idempotency key, so
 * the server stores it once. Framework-free: the editor feeds it, the transport sends.
 */
import { mergeUpdates } from 'yjs';
import { toBase64 } from '../protocol/workspace';

export interface OutgoingUpdate {
  idempotencyKey: string;
  update: string;
  bytes: number;
}

export class DocumentOutbox {
  private waiting: Uint8Array[] = [];
  private inFlight: OutgoingUpdate | null = null;

  constructor(
    private readonly maxUpdateBytes: number,
    private readonly newKey: () => string = () => crypto.randomUUID(),
  ) {}

  /** A local Yjs update (origin not remote). */
  add(update: Uint8Array): void {
    this.waiting.push(update);
  }

  /** What to send now, or null (nothing waits, or one is already in flight). */
  next(): OutgoingUpdate | null {
    if (this.inFlight || this.waiting.length === 0) return null;
    let take = 1;
    let merged = this.waiting[0];
    while (take < this.waiting.length) {
      const candidate = mergeUpdates(this.waiting.slice(0, take + 1));
      if (candidate.length > this.maxUpdateBytes) break;
      merged = candidate;
      take++;
    }
    this.waiting.splice(0, take);
    this.inFlight = { idempotencyKey: this.newKey(), update: toBase64(merged), bytes: merged.length };
    return this.inFlight;
  }

  /** After a reconnect: the update in flight, to send again unchanged (same key). */
  resend(): OutgoingUpdate | null {
    return this.inFlight;
  }

  /** The server acknowledged (or refused: the update is dropped, the error shown) the one in flight. */
  settle(): void {
    this.inFlight = null;
  }

  get pending(): number {
    return this.waiting.length + (this.inFlight ? 1 : 0);
  }
}
