import { describe, expect, it } from 'vitest';
import { LiveConnection, MAX_MISSED_PONGS, type SocketLike, type Timers } from './socket';

class FakeSocket implements SocketLike {
  sent: string[] = [];
  closed = false;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  receive(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  private tasks = new Map<number, { at: number; fn: () => void; every?: number }>();
  setTimeout(fn: () => void, ms: number) {
    const id = this.next++;
    this.tasks.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(id: unknown) {
    this.tasks.delete(id as number);
  }
  setInterval(fn: () => void, ms: number) {
    const id = this.next++;
    this.tasks.set(id, { at: this.now + ms, fn, every: ms });
    return id;
  }
  clearInterval(id: unknown) {
    this.tasks.delete(id as number);
  }
  pending() {
    return [...this.tasks.values()].map((t) => t.at - this.now);
  }
  advance(ms: number) {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.tasks.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, task] = due;
      this.now = task.at;
      if (task.every) task.at += task.every;
      else this.tasks.delete(id);
      task.fn();
    }
    this.now = end;
  }
}

function setup() {
  const timers = new FakeTimers();
  const sockets: FakeSocket[] = [];
  let onOnline = () => {};
  let onOffline = () => {};
  const connection = new LiveConnection({
    url: () => 'ws://example.test/ws',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    timers,
    random: () => 0,
    network: {
      listen(on, off) {
        onOnline = on;
        onOffline = off;
        return () => {};
      },
    },
  });
  const states: string[] = [];
  connection.subscribe((s) => states.push(s));
  return { timers, sockets, connection, states, online: () => onOnline(), offline: () => onOffline() };
}

describe('LiveConnection', () => {
  it('goes connecting then online when the socket opens', () => {
    const { connection, sockets, states } = setup();
    connection.start();
    expect(connection.getState()).toBe('connecting');
    expect(sockets[0].url).toBe('ws://example.test/ws');
    sockets[0].open();
    expect(states).toEqual(['connecting', 'online']);
  });

  it('reconnects after a drop with growing delays, and resets them once open', () => {
    const { connection, sockets, timers } = setup();
    connection.start();
    sockets[0].drop();
    expect(connection.getState()).toBe('offline');
    expect(timers.pending()).toEqual([250]);
    timers.advance(250);
    expect(sockets).toHaveLength(2);
    expect(connection.getState()).toBe('connecting');
    sockets[1].drop();
    expect(timers.pending()).toEqual([500]);
    timers.advance(500);
    sockets[2].open();
    expect(connection.getState()).toBe('online');
    sockets[2].drop();
    expect(timers.pending()).toEqual([250]);
  });

  it('pings at the heartbeat the server announces and drops a link that stops answering', () => {
    const { connection, sockets, timers } = setup();
    connection.start();
    sockets[0].open();
    sockets[0].receive({ type: 'hello', node: 'node-a', userId: 'u1', heartbeatSeconds: 10 });
    timers.advance(10_000);
    expect(sockets[0].sent.map((s) => JSON.parse(s))).toEqual([{ type: 'ping', requestId: 'p1' }]);
    sockets[0].receive({ type: 'pong', requestId: 'p1' });
    timers.advance(10_000 * MAX_MISSED_PONGS);
    expect(connection.getState()).toBe('online');
    timers.advance(10_000);
    expect(sockets[0].closed).toBe(true);
    expect(connection.getState()).toBe('offline');
  });

  it('reconnects at once when the browser comes back online', () => {
    const { connection, sockets, timers, online, offline } = setup();
    connection.start();
    sockets[0].open();
    offline();
    expect(sockets[0].closed).toBe(true);
    sockets[0].drop();
    for (let i = 0; i < 5; i++) {
      timers.advance(60_000);
      sockets[sockets.length - 1].drop();
    }
    const before = sockets.length;
    online();
    expect(sockets.length).toBe(before + 1);
    expect(connection.getState()).toBe('connecting');
  });

  it('drops the socket at once when the browser goes offline, without waiting for its close', () => {
    const { connection, sockets, offline } = setup();
    connection.start();
    sockets[0].open();
    expect(connection.getState()).toBe('online');
    offline();
    expect(sockets[0].closed).toBe(true);
    expect(connection.getState()).toBe('offline');
    expect(connection.send({ type: 'ping', requestId: 'x' })).toBe(false);
  });

  it('stops for good: no socket, no timer, offline', () => {
    const { connection, sockets, timers } = setup();
    connection.start();
    sockets[0].drop();
    connection.stop();
    expect(connection.getState()).toBe('offline');
    expect(timers.pending()).toEqual([]);
    timers.advance(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('tells its listeners when the server refuses the socket, and keeps backing off', () => {
    const { connection, sockets, timers } = setup();
    let refused = 0;
    connection.onRefused(() => refused++);
    connection.start();
    sockets[0].drop(1006);
    expect(refused).toBe(0);
    timers.advance(250);
    sockets[1].drop(4401);
    expect(refused).toBe(1);
    expect(timers.pending()).toEqual([500]);
  });

  it('ignores events of a socket it has replaced', () => {
    const { connection, sockets, timers } = setup();
    connection.start();
    const first = sockets[0];
    first.drop();
    timers.advance(250);
    first.open();
    expect(connection.getState()).toBe('connecting');
  });
});
