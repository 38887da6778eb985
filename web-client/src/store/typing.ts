/** "Someone is typing": send at most every `intervalMs`, show others for `showMs` after their last signal. */
export const TYPING_INTERVAL_MS = 3000;
export const TYPING_SHOWN_MS = 6000;

/** Returns a function telling, at each keystroke, whether a typing frame goes out now. */
export function createTypingThrottle(now: () => number = Date.now, intervalMs = TYPING_INTERVAL_MS): () => boolean {
  let lastSent = -Infinity;
  return () => {
    const t = now();
    if (t - lastSent < intervalMs) return false;
    lastSent = t;
    return true;
  };
}

/** Who is typing: userId → name and time of the last signal. */
export class TypingRoster {
  private readonly people = new Map<string, { name: string; at: number }>();

  constructor(private readonly now: () => number = Date.now, private readonly shownMs = TYPING_SHOWN_MS) {}

  seen(userId: string, name: string): void {
    this.people.set(userId, { name, at: this.now() });
  }

  stopped(userId: string): void {
    this.people.delete(userId);
  }

  names(): string[] {
    const t = this.now();
    const out: string[] = [];
    for (const [id, p] of this.people) {
      if (t - p.at >= this.shownMs) this.people.delete(id);
      else out.push(p.name);
    }
    return out.sort();
  }
}
