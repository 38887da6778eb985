// Headless Yjs clients for the server's specs (WorkspaceConvergenceSpec, WorkspaceSpec,
// WorkspaceCompactionSpec), using the real yjs package. Launched by Spock like BrowserSpec
// launches node; configured by the JSON in MAILLAGE_YJS (see each mode below); prints one
// JSON line on stdout as its result.
//
// Modes:
//   run      several clients edit one document at random, dropping their sockets at random
//            and reconnecting to any of the nodes, then settle and report their documents
//   load     a fresh loader: opens the document over HTTP and reports it (and how long it took)
//   compact  opens the document, sends Y.encodeStateAsUpdate as a snapshot, reports the answer
//   generate prints N real updates (base64) typed by one client: {updates: [...]}
import * as Y from 'yjs';
import WebSocket from 'ws';
import { randomUUID } from 'node:crypto';

const config = JSON.parse(process.env.MAILLAGE_YJS ?? '{}');
const TEXT = 'convergence';
const MAX_UPDATE_BYTES = config.maxUpdateBytes ?? 8192;

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const unb64 = (text) => new Uint8Array(Buffer.from(text, 'base64'));

async function loadState(url, cookie, documentId, path) {
  const response = await fetch(`${url}${path ?? `/api/documents/${documentId}/state`}`, {
    headers: { Cookie: cookie, Accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`state ${response.status} ${await response.text()}`);
  return response.json();
}

/** Loads from the first node that answers (a node may be down). */
async function loadFromAny(urls, cookie, documentId) {
  let last;
  for (const url of urls) {
    try {
      return await loadState(url, cookie, documentId);
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

function applyState(doc, state) {
  if (state.snapshot) Y.applyUpdate(doc, unb64(state.snapshot.state), 'remote');
  for (const u of state.updates) Y.applyUpdate(doc, unb64(u.update), 'remote');
}

/**
 * One client as the web client behaves: at most one update in flight per document (the rest
 * wait, merged up to the size limit), the in-flight one resent with the same idempotency key
 * after a reconnect, events applied once in sequence order, resync = reload over HTTP.
 */
class Client {
  constructor(name, cookie, urls, documentId, random) {
    this.name = name;
    this.cookie = cookie;
    this.urls = urls;
    this.urlIndex = Math.floor(random() * urls.length);
    this.documentId = documentId;
    this.stream = `workspace-doc:${documentId}`;
    this.doc = new Y.Doc();
    this.text = this.doc.getText(TEXT);
    this.waiting = [];
    this.inFlight = null;
    this.lastSeq = null;
    this.acked = [];
    this.anomalies = [];
    this.ws = null;
    this.ready = false;
    this.requests = 0;
    this.doc.on('update', (update, origin) => {
      if (origin !== 'remote') {
        this.waiting.push(update);
        this.flush();
      }
    });
  }

  get url() {
    return this.urls[this.urlIndex % this.urls.length];
  }

  async connect() {
    for (let attempt = 0; attempt < 60; attempt++) {
      try {
        await this.open();
        return;
      } catch (e) {
        if (attempt % 10 === 0) console.error(`${this.name} connect to ${this.url} failed: ${e.message ?? e}`);
        this.urlIndex++;
        await sleep(250);
      }
    }
    throw new Error(`${this.name} could not reconnect`);
  }

  async open() {
    if (this.lastSeq === null) {
      const state = await loadState(this.url, this.cookie, this.documentId);
      applyState(this.doc, state);
      this.lastSeq = state.seq;
    }
    await new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url.replace(/^http/, 'ws') + '/ws', {
        headers: { Cookie: this.cookie, Origin: this.url },
      });
      const timer = setTimeout(() => { ws.terminate(); reject(new Error('timeout')); }, 5000);
      ws.on('error', (e) => { clearTimeout(timer); reject(e); });
      ws.on('close', () => {
        if (this.ws === ws) {
          this.ready = false;
          this.ws = null;
        }
      });
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data));
        if (frame.type === 'hello') {
          this.ws = ws;
          ws.send(JSON.stringify({ type: 'subscribe', requestId: 'sub', streams: [{ stream: this.stream, after: this.lastSeq }] }));
        } else if (frame.type === 'ack' && frame.requestId === 'sub') {
          clearTimeout(timer);
          this.ready = true;
          resolve();
          this.flush(true);
        } else if (frame.type === 'error' && frame.requestId === 'sub') {
          clearTimeout(timer);
          reject(new Error(JSON.stringify(frame.problem)));
        } else {
          this.receive(frame);
        }
      });
    });
  }

  receive(frame) {
    if (frame.type === 'event' && frame.stream === this.stream) {
      if (frame.seq <= this.lastSeq) return;
      if (frame.seq !== this.lastSeq + 1) this.anomalies.push(`seq ${frame.seq} after ${this.lastSeq}`);
      Y.applyUpdate(this.doc, unb64(frame.event.update), 'remote');
      this.lastSeq = frame.seq;
    } else if (frame.type === 'resync' && frame.stream === this.stream) {
      loadState(this.url, this.cookie, this.documentId).then((state) => {
        applyState(this.doc, state);
        this.lastSeq = Math.max(this.lastSeq, state.seq);
      });
    } else if (frame.type === 'ack' && this.inFlight && frame.requestId === this.inFlight.requestId) {
      this.acked.push({ seq: frame.seq, key: this.inFlight.key });
      this.inFlight = null;
      this.flush();
    } else if (frame.type === 'error' && this.inFlight && frame.requestId === this.inFlight.requestId) {
      this.anomalies.push(`update refused: ${JSON.stringify(frame.problem)}`);
      this.inFlight = null;
      this.flush();
    }
  }

  /** Sends the in-flight update again (resend) or the next one, merged up to the limit. */
  flush(resend = false) {
    if (!this.ready || !this.ws) return;
    if (this.inFlight) {
      if (resend) this.send(this.inFlight);
      return;
    }
    if (this.waiting.length === 0) return;
    let take = 1;
    let merged = this.waiting[0];
    while (take < this.waiting.length) {
      const candidate = Y.mergeUpdates(this.waiting.slice(0, take + 1));
      if (candidate.length > MAX_UPDATE_BYTES) break;
      merged = candidate;
      take++;
    }
    this.waiting.splice(0, take);
    this.inFlight = { key: randomUUID(), update: b64(merged), requestId: '' };
    this.send(this.inFlight);
  }

  send(item) {
    item.requestId = `u${++this.requests}`;
    this.ws.send(JSON.stringify({
      type: 'workspace.update', requestId: item.requestId, idempotencyKey: item.key,
      documentId: this.documentId, update: item.update,
    }));
  }

  drop() {
    this.ready = false;
    const ws = this.ws;
    this.ws = null;
    ws?.terminate();
  }

  edit(random) {
    const length = this.text.length;
    if (length > 20 && random() < 0.3) {
      const at = Math.floor(random() * (length - 1));
      this.text.delete(at, 1 + Math.floor(random() * Math.min(5, length - at - 1)));
    } else {
      const at = Math.floor(random() * (length + 1));
      this.text.insert(at, `${this.name}${Math.floor(random() * 100)} `);
    }
  }

  get settled() {
    return this.ready && this.inFlight === null && this.waiting.length === 0;
  }

  report() {
    return {
      name: this.name,
      text: this.text.toString(),
      stateVector: b64(Y.encodeStateVector(this.doc)),
      acked: this.acked,
      anomalies: this.anomalies,
    };
  }
}

async function run() {
  const random = rng(config.seed ?? 1);
  const clients = config.clients.map((c, i) => new Client(`c${i}`, c.cookie, config.urls, config.documentId, random));
  await Promise.all(clients.map((c) => c.connect()));
  const until = Date.now() + (config.seconds ?? 6) * 1000;
  const reconnecting = new Set();
  while (Date.now() < until) {
    for (const client of clients) {
      if (random() < 0.5) client.edit(random);
      if (!reconnecting.has(client) && random() < (config.disconnectRate ?? 0.02)) {
        client.drop();
        reconnecting.add(client);
        // offline for a while, still editing, then back on any node
        sleep(100 + random() * 800).then(() => client.connect()).finally(() => reconnecting.delete(client));
      }
      if (!client.ready && !reconnecting.has(client) && client.ws === null) {
        // the server closed it (a node went down): reconnect elsewhere
        reconnecting.add(client);
        client.urlIndex++;
        sleep(100).then(() => client.connect()).finally(() => reconnecting.delete(client));
      }
    }
    await sleep(config.tickMillis ?? 60);
  }
  // settle: everyone back online, everything acknowledged, everyone at the server's sequence
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (const client of clients) {
      if (!client.ready && !reconnecting.has(client)) {
        reconnecting.add(client);
        client.urlIndex++;
        client.connect().catch(() => {}).finally(() => reconnecting.delete(client));
      }
    }
    if (clients.every((c) => c.settled)) {
      const state = await loadFromAny(config.urls, clients[0].cookie, config.documentId).catch(() => null);
      if (state && clients.every((c) => c.lastSeq === state.seq)) break;
    }
    await sleep(100);
  }
  const fresh = new Y.Doc();
  applyState(fresh, await loadFromAny(config.urls, clients[0].cookie, config.documentId));
  clients.forEach((c) => c.drop());
  return {
    clients: clients.map((c) => c.report()),
    fresh: { text: fresh.getText(TEXT).toString(), stateVector: b64(Y.encodeStateVector(fresh)) },
  };
}

async function load() {
  const started = performance.now();
  // config.path: another state to load, e.g. a named version's (/api/documents/{id}/versions/{v}/state)
  const state = await loadState(config.urls[0], config.cookie, config.documentId, config.path);
  const fetched = performance.now();
  const doc = new Y.Doc();
  applyState(doc, state);
  const applied = performance.now();
  return {
    text: doc.getText(TEXT).toString(),
    stateVector: b64(Y.encodeStateVector(doc)),
    seq: state.seq,
    updates: state.updates.length,
    snapshot: state.snapshot ? state.snapshot.uptoSeq : null,
    fetchMillis: Math.round(fetched - started),
    applyMillis: Math.round(applied - fetched),
    totalMillis: Math.round(applied - started),
  };
}

/** Sends Y.encodeStateAsUpdate as a snapshot, in parts when it exceeds one HTTP body. */
async function compact() {
  const state = await loadState(config.urls[0], config.cookie, config.documentId);
  const doc = new Y.Doc();
  applyState(doc, state);
  const bytes = Y.encodeStateAsUpdate(doc);
  const partBytes = config.partBytes ?? 40_000;
  const parts = Math.max(1, Math.ceil(bytes.length / partBytes));
  const uploadId = randomUUID();
  let response;
  let body;
  for (let part = 1; part <= parts; part++) {
    const piece = bytes.subarray((part - 1) * partBytes, part * partBytes);
    response = await fetch(`${config.urls[0]}/api/documents/${config.documentId}/snapshots`, {
      method: 'POST',
      headers: {
        Cookie: config.cookie, 'X-CSRF-Token': config.csrf, Origin: config.urls[0],
        'Content-Type': 'application/json', Accept: 'application/json',
      },
      body: JSON.stringify(parts === 1
        ? { uptoSeq: config.uptoSeq ?? state.seq, state: b64(piece) }
        : { uptoSeq: config.uptoSeq ?? state.seq, state: b64(piece), uploadId, part, parts }),
    });
    body = await response.text();
    if (response.status >= 300) break;
  }
  return { status: response.status, body, seq: state.seq, bytes: bytes.length, parts };
}

function generate() {
  const random = rng(config.seed ?? 7);
  const doc = new Y.Doc();
  const text = doc.getText(TEXT);
  const updates = [];
  doc.on('update', (u) => updates.push(b64(u)));
  for (let i = 0; i < (config.count ?? 10); i++) {
    const at = Math.floor(random() * (text.length + 1));
    if (text.length > 10 && random() < 0.2) text.delete(Math.min(at, text.length - 1), 1);
    else text.insert(at, String.fromCharCode(97 + Math.floor(random() * 26)));
  }
  // config.pasteChars: then one paste of that many characters, a single large update
  if (config.pasteChars) text.insert(text.length, Array.from({ length: config.pasteChars }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join(''));
  return { updates, text: text.toString(), stateVector: b64(Y.encodeStateVector(doc)) };
}

const modes = { run, load, compact, generate };
const mode = modes[process.argv[2]];
if (!mode) {
  console.error(`usage: yjs-clients.mjs ${Object.keys(modes).join('|')}`);
  process.exit(2);
}
try {
  const result = await mode();
  // stdout is a pipe: exit only once the whole line is written (it may pass 128 KiB)
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
} catch (e) {
  console.error(e);
  process.exit(1);
}
