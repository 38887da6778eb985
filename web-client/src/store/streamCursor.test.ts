import { describe, expect, it } from 'vitest';
import { StreamCursor } from './streamCursor';

describe('StreamCursor', () => {
  it('applies events in order and drops what was already applied', () => {
    const c = new StreamCursor<string>(5);
    expect(c.receive(4, 'old')).toEqual({ apply: [], reload: false });
    expect(c.receive(5, 'same')).toEqual({ apply: [], reload: false });
    expect(c.receive(6, 'a')).toEqual({ apply: ['a'], reload: false });
    expect(c.receive(6, 'a again')).toEqual({ apply: [], reload: false });
    expect(c.receive(7, 'b')).toEqual({ apply: ['b'], reload: false });
    expect(c.lastSeq).toBe(7);
  });

  it('asks for one reload on a gap, holds what comes meanwhile, then applies what follows the reload', () => {
    const c = new StreamCursor<string>(1);
    expect(c.receive(3, 'c')).toEqual({ apply: [], reload: true });
    expect(c.receive(4, 'd')).toEqual({ apply: [], reload: false });
    expect(c.isReloading).toBe(true);
    // The HTTP read reflects up to 3: only 4 is left to apply.
    expect(c.reloaded(3)).toEqual({ apply: ['d'], reload: false });
    expect(c.lastSeq).toBe(4);
    expect(c.receive(5, 'e')).toEqual({ apply: ['e'], reload: false });
  });

  it('reloads again when the held events still leave a gap', () => {
    const c = new StreamCursor<string>(0);
    c.receive(2, 'b');
    c.receive(5, 'e');
    expect(c.reloaded(2)).toEqual({ apply: [], reload: true });
    expect(c.reloaded(4)).toEqual({ apply: ['e'], reload: false });
    expect(c.lastSeq).toBe(5);
  });

  it('a resync reloads once, and nothing older than the reload is applied', () => {
    const c = new StreamCursor<string>(10);
    expect(c.resync()).toEqual({ apply: [], reload: true });
    expect(c.resync()).toEqual({ apply: [], reload: false });
    c.receive(2051, 'late');
    c.receive(2052, 'next');
    expect(c.reloaded(2051)).toEqual({ apply: ['next'], reload: false });
  });
});
