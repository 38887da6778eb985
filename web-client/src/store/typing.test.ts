import { describe, expect, it } from 'vitest';
import { createTypingThrottle, TypingRoster } from './typing';

describe('typing', () => {
  it('lets a typing frame out at most every 3 seconds', () => {
    let now = 1000;
    const shouldSend = createTypingThrottle(() => now);
    expect(shouldSend()).toBe(true);
    now += 1000;
    expect(shouldSend()).toBe(false);
    now += 1999;
    expect(shouldSend()).toBe(false);
    now += 1;
    expect(shouldSend()).toBe(true);
    now += 500;
    expect(shouldSend()).toBe(false);
  });

  it('shows a person for a few seconds after their last signal, or until they post', () => {
    let now = 0;
    const roster = new TypingRoster(() => now, 6000);
    roster.seen('u1', 'Bruno');
    roster.seen('u2', 'Ana');
    expect(roster.names()).toEqual(['Ana', 'Bruno']);
    roster.stopped('u2');
    now = 5999;
    expect(roster.names()).toEqual(['Bruno']);
    now = 6000;
    expect(roster.names()).toEqual([]);
  });
});
