'use strict';
// Load generator child process (forked by bench.js, pinned with taskset). It holds the
// subscriber sockets, drives writers at a fixed rate and measures, cheaply:
//   - every subscriber counts post_created frames with a Buffer search, no JSON parse;
//   - one subscriber in `sampleEvery` parses every frame fully: latency post -> delivery
//     (the send time travels in the post body) and seq contiguity;
//   - the process reports its own CPU (process.cpuUsage) for each step.
// Orders arrive over IPC; every loop is bounded in count and time.
const WebSocket = require('ws');
const { randomUUID } = require('node:crypto');
const hdr = require('hdr-histogram-js');

const MARK = Buffer.from('discussion.post_created');
const now = () => performance.timeOrigin + performance.now();   // epoch ms, sub-ms precision
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const socks = [];          // { ws, mode, sample, lastSeq }
let delivered = 0;
let lastDeliveryAt = 0;
let latency = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
let gaps = 0, dups = 0, sampleFrames = 0;
const closes = {};

function onSampleFrame(s, data) {
  let msg;
  try { msg = JSON.parse(data); } catch { return; }
  if (msg.type !== 'event' || !msg.event || msg.event.type !== 'discussion.post_created') return;
  sampleFrames++;
  const body = msg.event.post && msg.event.post.body;
  const m = /^bench (\d+\.\d+) /.exec(body || '');
  if (m) latency.recordValue(Math.max(1, Math.round((now() - Number(m[1])) * 1000)));   // microseconds
  if (s.mode === 'maillage' && typeof msg.seq === 'number') {
    if (s.lastSeq !== null) {
      if (msg.seq <= s.lastSeq) dups++;
      else if (msg.seq !== s.lastSeq + 1) gaps++;
    }
    s.lastSeq = msg.seq;
  }
}

function openSocket({ url, origin, cookie, mode, sample, stream, timeoutMs = 15000 }) {
  return new Promise((resolve) => {
    const headers = cookie ? { cookie } : {};
    const ws = new WebSocket(url, { origin, headers, perMessageDeflate: false, handshakeTimeout: timeoutMs });
    const s = { ws, mode, sample, lastSeq: null, ready: false };
    let done = false;
    const finish = (ok, why) => { if (done) return; done = true; clearTimeout(t); resolve(ok ? s : { error: why }); };
    const t = setTimeout(() => { finish(false, 'timeout'); try { ws.terminate(); } catch {} }, timeoutMs);
    ws.on('error', (e) => finish(false, e.code || e.message));
    ws.on('close', (code) => { closes[code] = (closes[code] || 0) + 1; s.closed = true; finish(false, `close ${code}`); });
    ws.on('message', (data) => {
      if (s.ready) {
        if (sample) onSampleFrame(s, data);
        else if (data.length > 64 && data.indexOf(MARK) !== -1) { delivered++; lastDeliveryAt = now(); return; }
        if (sample && data.indexOf(MARK) !== -1) { delivered++; lastDeliveryAt = now(); }
        return;
      }
      // Handshake phase (Maillage): hello, then the subscribe ack.
      let msg; try { msg = JSON.parse(data); } catch { return; }
      if (msg.type === 'hello') {
        if (!stream) { s.ready = true; finish(true); return; }
        ws.send(JSON.stringify({ type: 'subscribe', requestId: 'sub', streams: [{ stream }] }));
      } else if (msg.type === 'ack' && msg.requestId === 'sub') { s.ready = true; finish(true); }
      else if (msg.type === 'error') finish(false, msg.problem && msg.problem.type);
    });
    ws.on('open', () => { if (mode === 'baseline') { s.ready = true; finish(true); } });
  });
}

async function openMany(spec) {
  const t0 = now();
  const errors = {};
  let opened = 0;
  const total = spec.n;
  const conc = spec.concurrency || 100;
  let next = 0;
  const deadline = t0 + (spec.timeoutMs || 120000);
  async function worker() {
    while (next < total && now() < deadline) {
      const i = next++;
      const target = spec.targets[i % spec.targets.length];
      const cookie = spec.cookies ? spec.cookies[i % spec.cookies.length] : null;
      const s = await openSocket({ url: target.ws, origin: target.origin, cookie, mode: spec.mode,
        sample: spec.sampleEvery ? i % spec.sampleEvery === 0 : false, stream: spec.stream });
      if (s.error) errors[s.error] = (errors[s.error] || 0) + 1;
      else { socks.push(s); opened++; }
    }
  }
  await Promise.all(Array.from({ length: Math.min(conc, total) }, worker));
  return { opened, failed: total - opened, errors, ms: now() - t0 };
}

// Heartbeat: the server closes Maillage sockets silent for 75 s; ping each every ~25 s.
let pingCursor = 0;
setInterval(() => {
  const n = socks.length;
  if (!n) return;
  const batch = Math.ceil(n / 25);
  for (let k = 0; k < batch && k < n; k++) {
    const s = socks[pingCursor++ % n];
    if (s.mode === 'maillage' && !s.closed && s.ws.readyState === 1) s.ws.send('{"type":"ping","requestId":"p"}');
  }
}, 1000).unref();

const FILLER = 'Retour d’expérience sur le financement du tiers-lieu et l’alliance avec les collectivités du territoire.';

function baselineFrame(seq, sentAt) {
  const body = `bench ${sentAt.toFixed(3)} ${FILLER}`;
  return JSON.stringify({ type: 'event', stream: 'theme:baseline', seq, event: { type: 'discussion.post_created',
    post: { id: randomUUID(), threadId: randomUUID(), authorId: randomUUID(), authorName: 'Bench', body,
      html: `<p>${body}</p>`, replyTo: null, createdAt: new Date(sentAt).toISOString(), editedAt: null,
      deleted: false, reactions: {}, mentions: [] } } });
}

async function fanout(spec) {
  // Writers: Maillage allows 20 frames/s per socket, so use one writer socket per 15 posts/s.
  const nw = spec.mode === 'maillage' ? Math.max(1, Math.ceil(spec.rate / 15)) : 1;
  const writers = [];
  const ackLat = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
  const pending = new Map();
  const errors = {};
  let acked = 0;
  for (let i = 0; i < nw; i++) {
    const s = await openSocket({ url: spec.writer.ws, origin: spec.writer.origin, cookie: spec.writer.cookie, mode: spec.mode, sample: false, stream: null });
    if (s.error) { errors[`writer:${s.error}`] = (errors[`writer:${s.error}`] || 0) + 1; continue; }
    s.ws.removeAllListeners('message');
    s.ws.on('message', (data) => {
      if (spec.mode !== 'maillage') return;
      let msg; try { msg = JSON.parse(data); } catch { return; }
      const t = pending.get(msg.requestId);
      if (t === undefined) return;
      pending.delete(msg.requestId);
      if (msg.type === 'ack') { acked++; ackLat.recordValue(Math.max(1, Math.round((now() - t) * 1000))); }
      else if (msg.type === 'error') { const k = msg.problem ? msg.problem.type : 'error'; errors[k] = (errors[k] || 0) + 1; }
    });
    writers.push(s);
  }
  if (!writers.length) return { error: 'no writer socket', errors };
  // Let the previous step's deliveries settle (bounded) so they are not counted in this one.
  for (let i = 0; i < 100 && lastDeliveryAt && now() - lastDeliveryAt < 1000; i++) await sleep(100);
  const subscribers = socks.filter((s) => !s.closed && s.ws.readyState === 1).length;
  delivered = 0; lastDeliveryAt = 0; gaps = 0; dups = 0; sampleFrames = 0;
  latency.reset();
  for (const s of socks) s.lastSeq = null;
  const closesBefore = { ...closes };
  const cpu0 = process.cpuUsage();
  const t0 = now();
  const total = spec.total || Math.round(spec.rate * spec.durationMs / 1000);
  let sent = 0, skipped = 0;
  const maxInFlight = spec.maxInFlight || 200;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const el = now() - t0;
      const due = Math.min(total, Math.floor(el / 1000 * spec.rate) + 1);
      while (sent + skipped < due) {
        // Bounded backlog: at most maxInFlight commands without an answer; beyond that the
        // post is skipped (counted), so a saturated server is not left with minutes of queue.
        if (spec.mode === 'maillage' && pending.size >= maxInFlight) { skipped++; continue; }
        const w = writers[sent % writers.length];
        const sentAt = now();
        if (spec.mode === 'maillage') {
          const requestId = `w${sent}`;
          pending.set(requestId, sentAt);
          const threadId = spec.threads[sent % spec.threads.length];
          w.ws.send(JSON.stringify({ type: 'discussion.reply', requestId, idempotencyKey: randomUUID(), threadId,
            body: `bench ${sentAt.toFixed(3)} ${FILLER}` }));
        } else {
          w.ws.send(baselineFrame(sent + 1, sentAt));
        }
        sent++;
      }
      if (sent + skipped >= total || el > spec.durationMs + 60000) { clearInterval(timer); resolve(); }
    }, 2);
  });
  const sendEnd = now();
  // Drain: wait (bounded) until every accepted post reached every subscriber.
  const drainDeadline = now() + (spec.drainMs || 5000);
  while (now() < drainDeadline) {
    if (delivered >= sent * subscribers && (spec.mode !== 'maillage' || pending.size === 0)) break;
    await sleep(20);
  }
  const cpu = process.cpuUsage(cpu0);
  const end = now();
  const window = Math.max(lastDeliveryAt, sendEnd) - t0;
  for (const w of writers) w.ws.terminate();
  const closesDuring = {};
  for (const k of Object.keys(closes)) { const d = closes[k] - (closesBefore[k] || 0); if (d) closesDuring[k] = d; }
  const pct = (h, p) => h.totalCount ? h.getValueAtPercentile(p) / 1000 : null;
  return {
    mode: spec.mode, rate: spec.rate, subscribers, writers: writers.length, offered: total, skipped, sent, acked: spec.mode === 'maillage' ? acked : sent,
    unanswered: pending.size, errors, delivered, expected: sent * subscribers,
    windowMs: window, deliveredPerSec: window > 0 ? delivered / (window / 1000) : 0,
    latencyMs: { samples: latency.totalCount, p50: pct(latency, 50), p99: pct(latency, 99), p999: pct(latency, 99.9), max: latency.totalCount ? latency.maxValue / 1000 : null },
    ackMs: { p50: pct(ackLat, 50), p99: pct(ackLat, 99) },
    sampleFrames, gaps, dups, closes: closesDuring,
    genCpuPct: 100 * (cpu.user + cpu.system) / 1000 / (end - t0),
  };
}

async function closeAll() {
  const n = socks.length;
  for (const s of socks.splice(0)) { try { s.ws.terminate(); } catch {} }
  await sleep(200);
  return { closed: n };
}

process.on('message', async (msg) => {
  let result;
  try {
    if (msg.cmd === 'open') result = await openMany(msg);
    else if (msg.cmd === 'fanout') result = await fanout(msg);
    else if (msg.cmd === 'close') result = await closeAll();
    else if (msg.cmd === 'count') result = { open: socks.filter((s) => !s.closed && s.ws.readyState === 1).length, closes };
    else if (msg.cmd === 'exit') { await closeAll(); process.exit(0); }
    else result = { error: `unknown ${msg.cmd}` };
  } catch (e) {
    result = { error: String(e && e.stack || e) };
  }
  process.send({ id: msg.id, result });
});
process.on('disconnect', () => process.exit(0));
