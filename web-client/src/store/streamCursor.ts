/**
 * Applies a stream's events in order: drops what was already applied, holds events that arrive
 * after a gap (or while the page reloads over HTTP) and asks for a reload. No UI framework here.
 */
export interface Sequenced<E> {
  seq: number;
  event: E;
}

export interface CursorStep<E> {
  /** Events to apply now, in order. */
  apply: E[];
  /** True when the caller must reload the stream over HTTP, then call `reloaded(seq)`. */
  reload: boolean;
}

export class StreamCursor<E> {
  private last: number;
  private reloading = false;
  private held: Sequenced<E>[] = [];

  constructor(lastSeq: number) {
    this.last = lastSeq;
  }

  get lastSeq(): number {
    return this.last;
  }

  get isReloading(): boolean {
    return this.reloading;
  }

  /** An event frame of this stream. */
  receive(seq: number, event: E): CursorStep<E> {
    if (seq <= this.last) return { apply: [], reload: false };
    if (this.reloading) {
      this.hold(seq, event);
      return { apply: [], reload: false };
    }
    if (seq === this.last + 1) {
      this.last = seq;
      return { apply: [event], reload: false };
    }
    // A gap: something was lost; the page is rebuilt from HTTP.
    this.hold(seq, event);
    this.reloading = true;
    return { apply: [], reload: true };
  }

  /** The server said too much was missed (`resync`). */
  resync(): CursorStep<E> {
    if (this.reloading) return { apply: [], reload: false };
    this.reloading = true;
    return { apply: [], reload: true };
  }

  /** The page was rebuilt from an HTTP read reflecting `seq`: returns the held events that follow it. */
  reloaded(seq: number): CursorStep<E> {
    this.reloading = false;
    this.last = Math.max(seq, 0);
    const held = this.held.filter((h) => h.seq > this.last).sort((a, b) => a.seq - b.seq);
    this.held = [];
    const apply: E[] = [];
    for (let i = 0; i < held.length; i++) {
      const h = held[i];
      if (h.seq === this.last + 1) {
        this.last = h.seq;
        apply.push(h.event);
      } else {
        this.held = held.slice(i);
        this.reloading = true;
        return { apply, reload: true };
      }
    }
    return { apply, reload: false };
  }

  private hold(seq: number, event: E): void {
    if (!this.held.some((h) => h.seq === seq)) this.held.push({ seq, event });
  }
}
