'use strict';
// Maillage benchmark orchestrator (started by infra/bench/run.sh). It creates fresh bench
// databases on the loopback PostgreSQL, starts the app (one node, then two nodes through
// Redis), signs people in through the API, drives the forked load generator (lib/gen.js)
// against Maillage and against the baseline Node `ws` server (baseline/server.js), prints
// the table and writes results/<timestamp>.json. Everything stays on 127.0.0.1; every
// process and database it creates is removed at the end.
const { spawn, fork, execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { randomBytes, randomUUID } = require('node:crypto');
const WebSocket = require('ws');
const hdr = require('hdr-histogram-js');
const { Session } = require('./lib/http');
const { WORDS, QUERIES } = require('./lib/french-words');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '../..');
const JAR = path.join(ROOT, 'app/target/maillage.jar');
const PASSWORD = 'bench-password-0123456789';
const HEAP = process.env.BENCH_JAVA_HEAP || '768m';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------- options
function parseArgs(argv) {
  const o = { quick: false, subscribers: 1000, idle: 10000, posts: 1000000, rates: [10, 50, 200],
    duration: 20, members: 20, resumeEvents: 1000, resumeRuns: 5, searchQueries: 300, twoNodes: true,
    serverCore: '0', genCore: '1', only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { const v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    if (a === '--quick') o.quick = true;
    else if (a === '--subscribers') o.subscribers = Number(val());
    else if (a === '--idle') o.idle = Number(val());
    else if (a === '--posts') o.posts = Number(val());
    else if (a === '--rates') o.rates = val().split(',').map(Number);
    else if (a === '--duration') o.duration = Number(val());
    else if (a === '--members') o.members = Number(val());
    else if (a === '--resume-events') o.resumeEvents = Number(val());
    else if (a === '--one-node') o.twoNodes = false;
    else if (a === '--only') o.only = val().split(',');
    else if (a === '--help' || a === '-h') { o.help = true; }
    else throw new Error(`unknown option ${a}`);
  }
  if (o.quick) {
    // ~3 minutes: same subscribers (the goals are stated at 1,000), shorter steps, fewer idle
    // sockets and posts. Explicit options given after --quick still win.
    const explicit = new Set(argv);
    if (!explicit.has('--idle')) o.idle = 2000;
    if (!explicit.has('--posts')) o.posts = 100000;
    if (!explicit.has('--duration')) o.duration = 6;
    if (!explicit.has('--members')) o.members = 5;
    o.resumeRuns = 3;
    o.searchQueries = 100;
  }
  for (const [k, max] of [['subscribers', 15000], ['idle', 60000], ['posts', 20000000], ['duration', 600]]) {
    if (!(o[k] > 0 && o[k] <= max)) throw new Error(`--${k} must be between 1 and ${max}`);
  }
  return o;
}

// ---------------------------------------------------------------- processes and cleanup
const children = new Set();
const databases = new Set();
let cleaning = null;
function track(child) { children.add(child); child.on('exit', () => children.delete(child)); return child; }

function run(cmd, args, { timeoutMs = 600000, input } = {}) {
  return new Promise((resolve, reject) => {
    const p = execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) { err.message += `\n${stderr}`; reject(err); } else resolve(stdout);
    });
    if (input !== undefined) { p.stdin.end(input); }
  });
}
const psql = (db, sql, timeoutMs) => run('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-Atq', '-f', '-'], { input: sql, timeoutMs });

async function pin(pid, core) {
  try { await run('taskset', ['-a', '-c', '-p', core, String(pid)], { timeoutMs: 5000 }); return true; } catch { return false; }
}

async function cleanup() {
  if (cleaning) return cleaning;
  cleaning = (async () => {
    for (const c of children) { try { c.kill('SIGTERM'); } catch {} }
    const t = Date.now();
    while (children.size && Date.now() - t < 10000) await sleep(100);
    for (const c of children) { try { c.kill('SIGKILL'); } catch {} }
    for (const db of databases) {
      try { await psql('postgres', `DROP DATABASE IF EXISTS ${db} WITH (FORCE);`, 30000); } catch (e) { log(`could not drop ${db}: ${e.message}`); }
    }
    databases.clear();
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, async () => { await cleanup(); process.exit(130); });

function log(...a) { process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${a.join(' ')}\n`); }

// ---------------------------------------------------------------- Maillage nodes
async function freshDatabase(tag) {
  const db = `bench_${tag}_${randomBytes(4).toString('hex')}`;
  await psql('postgres', `CREATE DATABASE ${db};`);
  databases.add(db);
  return db;
}

async function freePort() {
  const net = require('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

async function startNode({ name, db, redisPrefix, env = {}, logDir, core }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `maillage-bench-${name}-`));
  const childEnv = { ...process.env, MAILLAGE_PORT: String(port), MAILLAGE_PUBLIC_URL: base,
    MAILLAGE_DATABASE_URL: `jdbc:postgresql://127.0.0.1:5432/${db}`, MAILLAGE_DATABASE_USER: 'postgres',
    MAILLAGE_NODE_ID: name, MAILLAGE_DATA_DIR: dataDir, ...env };
  delete childEnv.MAILLAGE_REDIS_URI;
  if (redisPrefix) { childEnv.MAILLAGE_REDIS_URI = 'redis://127.0.0.1:6379'; childEnv.MAILLAGE_REDIS_PREFIX = redisPrefix; }
  // A fixed, pre-touched heap keeps RSS from moving with heap resizing, so the idle figure's
  // RSS difference is the off-heap cost (Netty buffers, native memory) per socket.
  // BENCH_JAVA_OPTS adds JVM options, e.g. a flight recording: -XX:StartFlightRecording=filename=/tmp/x.jfr
  const extra = (process.env.BENCH_JAVA_OPTS || '').split(/\s+/).filter(Boolean);
  const args = ['-c', core, 'java', `-Xms${HEAP}`, `-Xmx${HEAP}`, '-XX:+AlwaysPreTouch', ...extra, '-jar', JAR];
  const child = track(spawn('taskset', args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] }));
  const out = fs.createWriteStream(path.join(logDir, `${name}.log`));
  let firstAdminLink = null;
  let buf = '';
  child.stdout.on('data', (d) => {
    out.write(d);
    buf += d.toString();
    const m = /(https?:\/\/\S+\/invitation\/([A-Za-z0-9_\-]+))/.exec(buf);
    if (m && !firstAdminLink) firstAdminLink = { link: m[1], token: m[2] };
    if (buf.length > 100000) buf = buf.slice(-2000);
  });
  child.stderr.on('data', (d) => out.write(d));
  const t0 = Date.now();
  while (Date.now() - t0 < 120000) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}); see ${logDir}/${name}.log`);
    try {
      const r = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) break;
    } catch {}
    await sleep(300);
  }
  if (Date.now() - t0 >= 120000) throw new Error(`${name} did not become healthy`);
  // The first-admin link is printed right after start-up; give stdout a moment.
  for (let i = 0; i < 30 && !firstAdminLink && !redisPrefix; i++) await sleep(100);
  for (let i = 0; i < 30 && !firstAdminLink && redisPrefix && name.endsWith('a'); i++) await sleep(100);
  log(`${name} up on ${base} (pid ${child.pid}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { name, port, base, ws: `ws://127.0.0.1:${port}/ws`, origin: base, pid: child.pid, child, firstAdminLink, dataDir,
    async stop() {
      if (child.exitCode === null) { child.kill('SIGTERM'); const t = Date.now(); while (child.exitCode === null && Date.now() - t < 15000) await sleep(100); if (child.exitCode === null) child.kill('SIGKILL'); }
      fs.rmSync(dataDir, { recursive: true, force: true });
    } };
}

async function javaPid(node) {
  // taskset execs java, so the child's pid is the JVM's.
  return node.pid;
}

// Admin from the printed link, then members invited through the API, links read from the outbox.
async function setupPeople(node, members) {
  if (!node.firstAdminLink) throw new Error(`${node.name} printed no first-administrator link`);
  const admin = new Session(node.base);
  await admin.post(`/api/invitations/${node.firstAdminLink.token}/accept`,
    { email: 'admin@bench.invalid', displayName: 'Admin Bench', password: PASSWORD });
  if (!admin.cookies.has('maillage_session')) throw new Error('accepting the first invitation gave no session cookie');
  const sessions = [admin];
  const emails = [];
  for (let i = 0; i < members; i++) {
    const email = `membre${i}@bench.invalid`;
    await admin.post('/api/invitations', { email, role: 'member' });
    emails.push(email);
  }
  const outbox = await admin.get('/api/admin/outbox');
  for (const [i, email] of emails.entries()) {
    const mail = outbox.find((m) => m.to === email);
    const m = mail && /\/invitation\/([A-Za-z0-9_\-]+)/.exec(mail.textBody || JSON.stringify(mail));
    if (!m) throw new Error(`no invitation link for ${email} in the outbox`);
    const s = new Session(node.base);
    await s.post(`/api/invitations/${m[1]}/accept`, { displayName: `Membre ${i}`, password: PASSWORD });
    sessions.push(s);
  }
  return { admin, sessions, cookies: sessions.map((s) => `maillage_session=${s.cookies.get('maillage_session')}`) };
}

// One short-lived socket in this process for commands (creating threads).
function commandSocket(node, cookie) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(node.ws, { origin: node.origin, headers: { cookie }, perMessageDeflate: false, handshakeTimeout: 30000 });
    const waiting = new Map();
    const t = setTimeout(() => { ws.terminate(); reject(new Error('command socket: no hello')); }, 35000);
    ws.on('error', (e) => { clearTimeout(t); reject(e); });
    ws.on('message', (d) => {
      const msg = JSON.parse(d);
      if (msg.type === 'hello') {
        clearTimeout(t);
        resolve({ ws, send(frame) {
          const requestId = randomUUID().slice(0, 12);
          return new Promise((res, rej) => {
            const tt = setTimeout(() => { waiting.delete(requestId); rej(new Error('command timeout')); }, 15000);
            waiting.set(requestId, (m) => { clearTimeout(tt); if (m.type === 'ack') res(m); else rej(new Error(JSON.stringify(m))); });
            ws.send(JSON.stringify({ ...frame, requestId }));
          });
        }, close() { ws.terminate(); } });
      } else if (waiting.has(msg.requestId)) { const f = waiting.get(msg.requestId); waiting.delete(msg.requestId); f(msg); }
    });
  });
}

async function createThreads(node, cookie, theme, n) {
  let c = null;
  for (let attempt = 1; !c; attempt++) {
    try { c = await commandSocket(node, cookie); } catch (e) {
      if (attempt >= 4) throw new Error(`command socket to ${node.name}: ${e.message}`);
      log(`command socket to ${node.name} failed (${e.message}); retrying`); await sleep(3000);
    }
  }
  const ids = [];
  try {
    for (let i = 0; i < n; i++) {
      const ack = await c.send({ type: 'discussion.create_thread', idempotencyKey: randomUUID(), theme, kind: 'discussion',
        title: `Fil de mesure ${i}`, body: 'Fil créé par le banc de mesure.' });
      ids.push(ack.result.threadId);
      await sleep(60);   // stay under 20 frames/s
    }
  } finally { c.close(); }
  return ids;
}

// ---------------------------------------------------------------- generator processes
async function startGen(core, name) {
  const child = track(fork(path.join(HERE, 'lib/gen.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const pinned = await pin(child.pid, core);
  let seq = 0;
  const waiting = new Map();
  child.on('message', (m) => { const f = waiting.get(m.id); if (f) { waiting.delete(m.id); f(m.result); } });
  child.on('exit', () => { for (const f of waiting.values()) f({ error: 'generator exited' }); waiting.clear(); });
  return { name, pid: child.pid, pinned, child,
    call(cmd, spec = {}, timeoutMs = 300000) {
      const id = ++seq;
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => { waiting.delete(id); reject(new Error(`${name}: ${cmd} timed out`)); }, timeoutMs);
        waiting.set(id, (r) => { clearTimeout(t); if (r && r.error && cmd !== 'fanout') reject(new Error(`${name}: ${cmd}: ${r.error}`)); else resolve(r); });
        child.send({ ...spec, cmd, id });
      });
    },
    async stop() { try { await this.call('exit', {}, 10000); } catch {} if (child.exitCode === null) child.kill('SIGTERM'); } };
}

async function startBaseline(logDir, core) {
  const child = track(spawn('taskset', ['-c', core, process.execPath, '--expose-gc', path.join(HERE, 'baseline/server.js')],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BASELINE_PORT: '0' } }));
  const out = fs.createWriteStream(path.join(logDir, 'baseline.log'));
  child.stderr.on('data', (d) => out.write(d));
  const port = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('baseline did not start')), 10000);
    child.stdout.on('data', (d) => { out.write(d); const m = /BASELINE_LISTENING (\d+)/.exec(d.toString()); if (m) { clearTimeout(t); resolve(Number(m[1])); } });
  });
  const base = `http://127.0.0.1:${port}`;
  return { name: 'baseline', base, ws: `ws://127.0.0.1:${port}/`, origin: base, pid: child.pid, child,
    async stats(gc) { const r = await fetch(`${base}/stats${gc ? '?gc=1' : ''}`); return r.json(); },
    async stop() { child.kill('SIGTERM'); const t = Date.now(); while (child.exitCode === null && Date.now() - t < 5000) await sleep(50); } };
}

// ---------------------------------------------------------------- measurements
function rssKb(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(s)[1]);
}
async function heapUsedKb(pid) {
  await run('jcmd', [String(pid), 'GC.run'], { timeoutMs: 60000 });
  await sleep(500);
  const out = await run('jcmd', [String(pid), 'GC.heap_info'], { timeoutMs: 30000 });
  // G1 prints one 'garbage-first heap ... used NK' line; Serial/Parallel print one line per
  // generation. Sum them, leaving out Metaspace and class space (not heap).
  let kb = 0, found = false;
  for (const line of out.split('\n')) {
    if (/Metaspace|class space/.test(line)) continue;
    const m = /total \d+K, used (\d+)K/.exec(line);
    if (m) { kb += Number(m[1]); found = true; }
  }
  if (!found) throw new Error(`cannot read heap from jcmd: ${out.slice(0, 300)}`);
  return kb;
}

function cpuTicks(pids) {
  let t = 0;
  for (const pid of pids) {
    try { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); t += Number(f[11]) + Number(f[12]); } catch {}
  }
  return t;   // clock ticks (USER_HZ, 100 on Linux)
}

async function fanoutSeries({ label, gen, targets, writer, cookies, stream, threads, opt, mode, admin }) {
  const pids = targets.map((t) => t.pid);
  const steps = [];
  const open = await gen.call('open', { targets, cookies, n: opt.subscribers, stream, mode, sampleEvery: 20, concurrency: 50 });
  log(`${label}: ${open.opened}/${opt.subscribers} subscribers in ${(open.ms / 1000).toFixed(1)} s`, open.failed ? JSON.stringify(open.errors) : '');
  // Warm-up (JIT, connection pools, caches), not recorded.
  const warm = await gen.call('fanout', { mode, rate: Math.min(...opt.rates), durationMs: Math.min(5000, opt.duration * 1000), drainMs: 3000, writer, threads }, 120000);
  log(`${label} warm-up: ${warm.delivered}/${warm.expected} delivered, p50 ${warm.latencyMs && warm.latencyMs.p50} ms`);
  for (const rate of opt.rates) {
    const c0 = cpuTicks(pids), w0 = now();
    const r = await gen.call('fanout', { mode, rate, durationMs: opt.duration * 1000, drainMs: 5000, writer, threads }, (opt.duration + 90) * 1000);
    r.serverCpuPct = 100 * (cpuTicks(pids) - c0) / 100 / ((now() - w0) / 1000);
    log(`${label} @${rate}/s: ${Math.round(r.deliveredPerSec)} msg/s (${r.delivered}/${r.expected}), p50 ${r.latencyMs && r.latencyMs.p50} p99 ${r.latencyMs && r.latencyMs.p99} p99.9 ${r.latencyMs && r.latencyMs.p999} ms, gen CPU ${Math.round(r.genCpuPct)} %, server CPU ${Math.round(r.serverCpuPct)} %, acked ${r.acked}/${r.sent}`, r.error || '', Object.keys(r.errors || {}).length ? JSON.stringify(r.errors) : '', Object.keys(r.closes || {}).length ? `closes ${JSON.stringify(r.closes)}` : '');
    steps.push(r);
    await sleep(1000);
  }
  await gen.call('close');
  await sleep(3000);   // let the server drop the closed sockets' backlog
  // Maillage may still be committing posts accepted during the last step: wait (bounded)
  // until the stream's sequence stops moving, and record how long that took.
  let settleMs = 0;
  if (mode === 'maillage' && admin) {
    const t0 = now(); let last = -1; let stable = 0;
    while (now() - t0 < 300000 && stable < 2) {
      let seq = -2; try { seq = await streamSeq(admin, stream.slice('theme:'.length)); } catch {}
      stable = seq === last ? stable + 1 : 0; last = seq;
      if (stable < 2) await sleep(2000);
    }
    settleMs = now() - t0;
    log(`${label}: server settled in ${(settleMs / 1000).toFixed(1)} s (stream seq ${last})`);
  }
  return { open, steps, settleMs };
}

async function idleSeries({ label, target, cookies, stream, n, mode, core, memBefore, memAfter }) {
  const perGen = 5000;
  const gens = [];
  for (let i = 0; i < Math.ceil(n / perGen); i++) gens.push(await startGen(core, `idle-gen-${i}`));
  // Warm the accept path (classes, pools, caches) with a short open/close, so that the
  // 'before' heap is not inflated by start-up garbage that a later full GC would free.
  await gens[0].call('open', { targets: [target], cookies, stream, mode, n: Math.min(300, n), sampleEvery: 0, concurrency: 50, timeoutMs: 60000 }, 90000);
  await gens[0].call('close');
  await sleep(2000);
  await memBefore();
  const before = await memBefore();
  const t0 = now();
  const results = await Promise.all(gens.map((g, i) => g.call('open', { targets: [target], cookies, stream, mode,
    n: Math.min(perGen, n - i * perGen), sampleEvery: 0, concurrency: 100, timeoutMs: 180000 }, 240000)));
  const openMs = now() - t0;
  const opened = results.reduce((a, r) => a + r.opened, 0);
  const errors = {};
  for (const r of results) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] || 0) + v;
  await sleep(3000);
  const after = await memAfter();
  const still = (await Promise.all(gens.map((g) => g.call('count')))).reduce((a, r) => a + r.open, 0);
  for (const g of gens) await g.stop();
  log(`${label}: ${opened}/${n} idle sockets (${still} still open) in ${(openMs / 1000).toFixed(1)} s`, Object.keys(errors).length ? JSON.stringify(errors) : '');
  return { requested: n, opened, stillOpen: still, openMs, errors, before, after };
}

async function resumeOnce(node, cookie, stream, after, expected) {
  return new Promise((resolve) => {
    const ws = new WebSocket(node.ws, { origin: node.origin, headers: { cookie }, perMessageDeflate: false });
    let t0 = 0; const seqs = []; let resync = null; let done = false;
    const finish = (why) => { if (done) return; done = true; clearTimeout(timer); ws.terminate();
      const contiguous = seqs.length === expected && seqs.every((s, i) => s === after + 1 + i);
      resolve({ ms: t0 ? now() - t0 : null, received: seqs.length, contiguous, resync, why }); };
    const timer = setTimeout(() => finish('timeout'), 20000);
    ws.on('error', (e) => finish(`error ${e.message}`));
    ws.on('message', (d) => {
      const msg = JSON.parse(d);
      if (msg.type === 'hello') { t0 = now(); ws.send(JSON.stringify({ type: 'subscribe', requestId: 'resume', streams: [{ stream, after }] })); }
      else if (msg.type === 'event' && msg.stream === stream) { seqs.push(msg.seq); if (seqs.length >= expected) finish('complete'); }
      else if (msg.type === 'resync') { resync = msg.seq; finish('resync'); }
      else if (msg.type === 'error') finish(`error ${JSON.stringify(msg.problem)}`);
    });
  });
}

async function streamSeq(session, slug) { return (await session.get(`/api/themes/${slug}/threads`)).seq; }

async function resumeScenario({ node, people, gen, theme, opt, cookie }) {
  const threads = await createThreads(node, cookie, theme, 5);
  const w = await gen.call('fanout', { mode: 'maillage', rate: 150, total: opt.resumeEvents, durationMs: 60000, drainMs: 10000,
    writer: { ws: node.ws, origin: node.origin, cookie }, threads }, 120000);
  if (w.acked !== opt.resumeEvents) log(`resume: only ${w.acked}/${opt.resumeEvents} posts acknowledged`, JSON.stringify(w.errors));
  const n = await streamSeq(people.admin, theme);
  const after = n - opt.resumeEvents;
  const runs = [];
  for (let i = 0; i < opt.resumeRuns; i++) runs.push(await resumeOnce(node, cookie, `theme:${theme}`, after, opt.resumeEvents));
  log(`resume ${opt.resumeEvents} (after=${after}, N=${n}): ${runs.map((r) => `${r.ms && r.ms.toFixed(1)} ms ${r.why}${r.contiguous ? ' contiguous' : ''}`).join('; ')}`);
  return { n, after, runs };
}

async function searchScenario({ db, node, people, opt }) {
  const adminId = (await psql(db, `SELECT id FROM app_user WHERE email = 'admin@bench.invalid';`)).trim();
  const slugs = (await psql(db, 'SELECT slug FROM theme ORDER BY sort_order;')).trim().split('\n');
  const nThreads = Math.max(1, Math.ceil(opt.posts / 20));
  const lit = (arr) => `ARRAY[${arr.map((w) => `'${w.replace(/'/g, "''")}'`).join(',')}]::text[]`;
  const words = lit(WORDS);
  const t0 = now();
  // Bulk insert straight into the app's tables (the API would take hours for 1,000,000 posts).
  // The post GIN index is dropped during the load and rebuilt with the migration's definition.
  await psql(db, `
SET maintenance_work_mem = '512MB';
SET synchronous_commit = off;
DROP INDEX IF EXISTS discussion_post_search_idx;
INSERT INTO discussion_thread (id, theme_slug, kind, title, author_id, created_at, last_post_at, post_count)
SELECT md5('bench-thread-' || g)::uuid, (${lit(slugs)})[1 + g % ${slugs.length}],
       CASE WHEN g % 3 = 0 THEN 'question' ELSE 'discussion' END,
       (SELECT string_agg((${words})[1 + floor(random() * ${WORDS.length})::int], ' ') FROM generate_series(1, 4 + g % 5)),
       '${adminId}', now() - (g || ' minutes')::interval, now() - (g || ' seconds')::interval, 20
FROM generate_series(1, ${nThreads}) g;
INSERT INTO discussion_post (id, thread_id, author_id, body, html, created_at)
SELECT p.id, p.thread_id, '${adminId}', p.body, '<p>' || p.body || '</p>', p.created_at FROM (
  SELECT gen_random_uuid() AS id, md5('bench-thread-' || (1 + g % ${nThreads}))::uuid AS thread_id,
         (SELECT string_agg((${words})[1 + floor(random() * ${WORDS.length})::int], ' ') FROM generate_series(1, 12 + g % 25)) AS body,
         now() - (g || ' seconds')::interval AS created_at
  FROM generate_series(1, ${opt.posts}) g) p;
CREATE INDEX discussion_post_search_idx ON discussion_post USING GIN (search);
-- What autovacuum does after a bulk load, at once: statistics and the visibility map.
VACUUM ANALYZE discussion_thread; VACUUM ANALYZE discussion_post;
`, 3600000);
  const loadMs = now() - t0;
  const count = Number((await psql(db, 'SELECT count(*) FROM discussion_post;')).trim());
  log(`search: ${count} posts in ${nThreads} threads loaded in ${(loadMs / 1000).toFixed(1)} s`);
  const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  let hits = 0, failures = 0;
  const perQuery = {};
  // Share of posts each query matches (the generated vocabulary is small: this says how much ranking work a query asks).
  const sel = [];
  for (const q of QUERIES.slice(0, 10)) {
    const c = Number((await psql(db, `SELECT count(*) FROM discussion_post WHERE search @@ websearch_to_tsquery('maillage_fr', '${q.replace(/'/g, "''")}');`, 120000)).trim());
    sel.push({ q, matches: c, share: c / count });
  }
  log(`search: queries match ${sel.map((x) => `${(100 * x.share).toFixed(1)} %`).join(', ')} of posts`);
  const warmDeadline = now() + 30000;
  for (let i = 0; i < (opt.quick ? 1 : 3) && now() < warmDeadline; i++) { try { await people.admin.get(`/api/search?q=${encodeURIComponent(QUERIES[i % QUERIES.length])}`); } catch {} }
  const deadline = now() + (opt.quick ? 30000 : 120000);
  for (let i = 0; i < opt.searchQueries && now() < deadline; i++) {
    const q = QUERIES[i % QUERIES.length];
    const t = now();
    try { const r = await people.admin.get(`/api/search?q=${encodeURIComponent(q)}`); hits += r.hits.length; }
    catch (e) { failures++; if (failures === 1) log(`search failure: ${e.message}`); continue; }
    const ms = now() - t;
    h.recordValue(Math.max(1, Math.round(ms * 1000)));
    perQuery[q] = Math.max(perQuery[q] || 0, ms);
  }
  const slowest = Object.entries(perQuery).sort((a, b) => b[1] - a[1]).slice(0, 5);
  log(`search: slowest queries ${slowest.map(([q, ms]) => `"${q}" ${ms.toFixed(0)} ms`).join(', ')}`);
  const r = { posts: count, threads: nThreads, loadMs, selectivity: sel, maxMsPerQuery: perQuery, queries: h.totalCount, failures, avgHits: h.totalCount ? hits / h.totalCount : 0,
    p50: h.totalCount ? h.getValueAtPercentile(50) / 1000 : null, p95: h.totalCount ? h.getValueAtPercentile(95) / 1000 : null,
    p99: h.totalCount ? h.getValueAtPercentile(99) / 1000 : null };
  log(`search: p50 ${r.p50} ms, p95 ${r.p95} ms over ${r.queries} queries (${failures} failed, ${r.avgHits.toFixed(1)} hits on average)`);
  return r;
}

// ---------------------------------------------------------------- table
function fmt(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (typeof v === 'string') return v;
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(digits);
}
function buildTable(R, opt) {
  const rows = [];
  const add = (scenario, metric, m, b, goal, met) => rows.push({ scenario, metric, maillage: m, baseline: b,
    ratio: (typeof m === 'number' && typeof b === 'number' && b > 0) ? m / b : null, goal: goal || '', met: met === undefined ? '' : (met === null ? '–' : (met ? 'met' : 'missed')) });
  const base = R.fanout && R.fanout.baseline ? R.fanout.baseline.steps : [];
  const baseAt = (rate) => base.find((s) => s.rate === rate) || {};
  const maxRate = Math.max(...opt.rates);
  for (const [key, name] of [['oneNode', '1 node'], ['twoNodes', '2 nodes']]) {
    const p99goal = key === 'twoNodes' ? 80 : 50;
    const series = R.fanout && R.fanout[key];
    if (!series) continue;
    for (const s of series.steps) {
      const b = baseAt(s.rate);
      const sc = `fan-out ${name}, ${s.subscribers} subs, ${s.rate} posts/s`;
      const isMax = s.rate === maxRate;
      add(sc, 'delivered msg/s', s.deliveredPerSec, b.deliveredPerSec, isMax ? '≥ 2× baseline' : '', isMax && b.deliveredPerSec ? s.deliveredPerSec >= 2 * b.deliveredPerSec : undefined);
      add(sc, 'delivered / expected', s.expected ? s.delivered / s.expected : null, b.expected ? b.delivered / b.expected : null);
      add(sc, 'latency p50 ms', s.latencyMs && s.latencyMs.p50, b.latencyMs && b.latencyMs.p50);
      const goalHere = s.rate === 50 && s.subscribers >= 1000 ? `< ${p99goal} ms` : '';
      add(sc, 'latency p99 ms', s.latencyMs && s.latencyMs.p99, b.latencyMs && b.latencyMs.p99, goalHere, goalHere ? (s.latencyMs && s.latencyMs.p99 !== null ? s.latencyMs.p99 < p99goal : null) : undefined);
      add(sc, 'latency p99.9 ms', s.latencyMs && s.latencyMs.p999, b.latencyMs && b.latencyMs.p999);
      if (s.mode === 'maillage') {
        add(sc, 'posts sent / offered (≤ 200 in flight)', s.offered ? s.sent / s.offered : null, null);
        add(sc, 'posts acknowledged / sent', s.sent ? s.acked / s.sent : null, null);
        add(sc, 'ack (commit) p50 ms', s.ackMs && s.ackMs.p50, null);
      }
      add(sc, 'server CPU % (all nodes)', s.serverCpuPct, b.serverCpuPct);
      add(sc, 'generator CPU %', s.genCpuPct, b.genCpuPct);
    }
  }
  if (R.idle) {
    const m = R.idle.maillage, b = R.idle.baseline;
    const sc = `idle sockets (${m ? m.opened : b && b.opened} open)`;
    const heapM = m && m.opened ? (m.after.heapKb - m.before.heapKb) / m.opened : null;
    const heapB = b && b.opened ? (b.after.heapUsed - b.before.heapUsed) / 1024 / b.opened : null;
    const rssM = m && m.opened ? (m.after.rssKb - m.before.rssKb) / m.opened : null;
    const rssB = b && b.opened ? (b.after.rss - b.before.rss) / 1024 / b.opened : null;
    add(sc, 'heap KB per socket', heapM, heapB, '< 40 KB', heapM === null ? null : heapM < 40);
    add(sc, 'RSS KB per socket (Maillage: off-heap only)', rssM, rssB);
  }
  if (R.resume) {
    const ok = R.resume.runs.filter((r) => r.why === 'complete');
    const ms = ok.map((r) => r.ms).sort((a, b) => a - b);
    const med = ms.length ? ms[Math.floor(ms.length / 2)] : null;
    const sc = `resume ${opt.resumeEvents} missed events (${R.resume.runs.length} runs)`;
    add(sc, 'time to all, median ms', med, null, '< 200 ms', med === null ? false : med < 200);
    add(sc, 'exact (contiguous, no dup)', `${R.resume.runs.filter((r) => r.contiguous).length}/${R.resume.runs.length}`, null);
    if (R.resumeDefault) add(`resume ${opt.resumeEvents} on node B of two, default settings`, 'answer', R.resumeDefault.runs.map((r) => `${r.why}${r.ms ? ` in ${r.ms.toFixed(0)} ms` : ''}`).join(','), null);
  }
  if (R.search) {
    const sc = `search, ${R.search.posts.toLocaleString('en-US')} posts`;
    if (R.search.selectivity) add(sc, 'posts matched per query, median %', (() => { const v = R.search.selectivity.map((x) => 100 * x.share).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; })(), null);
    add(sc, `queries measured (failed)`, `${R.search.queries} (${R.search.failures})`, null);
    add(sc, 'p50 ms', R.search.p50, null);
    add(sc, 'p95 ms', R.search.p95, null, '< 50 ms', R.search.p95 === null ? null : R.search.p95 < 50);
  }
  return rows;
}
function printTable(rows) {
  const head = ['scenario', 'metric', 'Maillage', 'baseline', 'ratio', 'goal', 'status'];
  const data = rows.map((r) => [r.scenario, r.metric, fmt(r.maillage, r.metric.includes('/ expected') ? 3 : 1), fmt(r.baseline, r.metric.includes('/ expected') ? 3 : 1), r.ratio === null ? '–' : `${r.ratio.toFixed(2)}×`, r.goal, r.met]);
  const lines = ['| ' + head.join(' | ') + ' |', '|' + head.map(() => '---').join('|') + '|', ...data.map((d) => '| ' + d.join(' | ') + ' |')];
  return lines.join('\n');
}

// One scenario failing (a timeout on a saturated server, say) must not lose the others.
async function scenario(R, name, fn) {
  try { return await fn(); } catch (e) {
    log(`${name} FAILED: ${e && e.stack || e}`);
    (R.errors = R.errors || []).push({ scenario: name, error: String(e && e.message || e) });
    return undefined;
  }
}

// ---------------------------------------------------------------- main
async function main() {
  if (process.argv[2] === '--table') {
    // Re-print the table of an earlier results file: node bench.js --table results/<file>.json
    const R = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
    const rows = buildTable(R, R.options);
    if (R.errors) for (const e of R.errors) rows.push({ scenario: e.scenario, metric: 'FAILED', maillage: e.error.slice(0, 80), baseline: null, ratio: null, goal: '', met: '' });
    console.log(printTable(rows));
    return;
  }
  const opt = parseArgs(process.argv.slice(2));
  if (opt.help) {
    console.log('usage: infra/bench/run.sh [--quick] [--subscribers N] [--idle N] [--posts N] [--rates 10,50,200] [--duration S] [--members N] [--one-node] [--only fanout,idle,resume,search,two]');
    return;
  }
  const want = (k) => !opt.only || opt.only.includes(k);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultsDir = path.join(HERE, 'results');
  const logDir = path.join(resultsDir, `${stamp}-logs`);
  fs.mkdirSync(logDir, { recursive: true });
  const cores = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  if (cores < 2) { opt.serverCore = '0'; opt.genCore = '0'; }
  const R = { startedAt: new Date().toISOString(), options: opt, machine: { cores, cpu: os.cpus()[0] && os.cpus()[0].model, memGb: os.totalmem() / 2 ** 30,
    node: process.version, java: (await run('java', ['-version']).catch((e) => e.message)).trim() || undefined,
    serverCore: opt.serverCore, generatorCore: opt.genCore, loadAvgAtStart: os.loadavg() }, fanout: {} };
  log(`options ${JSON.stringify(opt)}; logs in ${path.relative(ROOT, logDir)}`);

  const gen = await startGen(opt.genCore, 'gen');
  if (!gen.pinned) log('taskset unavailable: processes are not pinned');

  // Baseline fan-out, same generator.
  if (want('fanout')) {
    const bl = await startBaseline(logDir, opt.serverCore);
    R.fanout.baseline = await scenario(R, 'fan-out baseline', () => fanoutSeries({ label: 'baseline', gen, targets: [bl], writer: { ws: bl.ws, origin: bl.origin }, mode: 'baseline', opt }));
    await bl.stop();
  }

  // One node: fan-out, resume, idle, search.
  const db1 = await freshDatabase('one');
  // max-replay raised only when the resume asks for more than the default (1,000) replays.
  const nodeA = await startNode({ name: 'node-a', db: db1, logDir, core: opt.serverCore,
    env: opt.resumeEvents > 1000 ? { MAILLAGE_LIVE_MAX_REPLAY: String(opt.resumeEvents) } : {} });
  R.nodeA = { base: nodeA.base, pid: nodeA.pid };
  const people = await setupPeople(nodeA, opt.members);
  const themes = await people.admin.get('/api/themes');
  const [fanTheme, idleTheme, resumeTheme] = themes.map((t) => t.slug);
  const memberCookies = people.cookies.slice(1).length ? people.cookies.slice(1) : people.cookies;
  if (want('fanout')) {
    R.fanout.oneNode = await scenario(R, 'fan-out 1 node', async () => fanoutSeries({ threads: await createThreads(nodeA, people.cookies[0], fanTheme, 10), label: '1 node', gen, targets: [nodeA], cookies: memberCookies, stream: `theme:${fanTheme}`,
      writer: { ws: nodeA.ws, origin: nodeA.origin, cookie: people.cookies[0] }, mode: 'maillage', opt, admin: people.admin }));
  }
  if (want('resume')) R.resume = await scenario(R, 'resume', () => resumeScenario({ node: nodeA, people, gen, theme: resumeTheme, opt, cookie: people.cookies[0] }));
  if (want('idle')) await scenario(R, 'idle', async () => {
    const pid = await javaPid(nodeA);
    R.idle = {};
    R.idle.maillage = await idleSeries({ label: 'idle Maillage', target: nodeA, cookies: memberCookies, stream: `theme:${idleTheme}`, n: opt.idle,
      mode: 'maillage', core: opt.genCore,
      memBefore: async () => ({ heapKb: await heapUsedKb(pid), rssKb: rssKb(pid) }),
      memAfter: async () => ({ heapKb: await heapUsedKb(pid), rssKb: rssKb(pid) }) });
    const bl = await startBaseline(logDir, opt.serverCore);
    R.idle.baseline = await idleSeries({ label: 'idle baseline', target: bl, cookies: null, stream: null, n: opt.idle, mode: 'baseline', core: opt.genCore,
      memBefore: () => bl.stats(true), memAfter: () => bl.stats(true) });
    await bl.stop();
  });
  if (want('search')) R.search = await scenario(R, 'search', () => searchScenario({ db: db1, node: nodeA, people, opt }));
  await nodeA.stop();

  // Two nodes through Redis: fresh database, unique prefix, subscribers on both, writers on A.
  if (opt.twoNodes && want('two')) await scenario(R, 'two nodes', async () => {
    const db2 = await freshDatabase('two');
    const prefix = `bench-${randomBytes(4).toString('hex')}:`;
    const a = await startNode({ name: 'node-2a', db: db2, redisPrefix: prefix, logDir, core: opt.serverCore });
    const b = await startNode({ name: 'node-2b', db: db2, redisPrefix: prefix, logDir, core: opt.serverCore });
    R.twoNodes = { prefix, a: a.base, b: b.base };
    const p2 = await setupPeople(a, opt.members);
    const threads = await createThreads(a, p2.cookies[0], fanTheme, 10);
    const cookies2 = p2.cookies.slice(1).length ? p2.cookies.slice(1) : p2.cookies;
    R.fanout.twoNodes = await fanoutSeries({ label: '2 nodes', gen, targets: [a, b], cookies: cookies2, stream: `theme:${fanTheme}`,
      writer: { ws: a.ws, origin: a.origin, cookie: p2.cookies[0] }, threads, mode: 'maillage', opt, admin: p2.admin });
    // The same resume on the second node of a pair, at the default settings.
    if (want('resume')) {
      const small = { ...opt, resumeRuns: 1 };
      R.resumeDefault = await scenario(R, 'resume default', () => resumeScenario({ node: b, people: p2, gen, theme: resumeTheme, opt: small, cookie: p2.cookies[0] }));
    }
    await a.stop(); await b.stop();
    try { const keys = (await run('redis-cli', ['-h', '127.0.0.1', '--scan', '--pattern', `${prefix}*`], { timeoutMs: 10000 })).trim().split('\n').filter(Boolean);
      if (keys.length) await run('redis-cli', ['-h', '127.0.0.1', 'DEL', ...keys.slice(0, 10000)], { timeoutMs: 10000 }); } catch {}
  });
  await gen.stop();

  R.finishedAt = new Date().toISOString();
  R.machine.loadAvgAtEnd = os.loadavg();
  R.table = buildTable(R, opt);
  if (R.errors) for (const e of R.errors) R.table.push({ scenario: e.scenario, metric: 'FAILED', maillage: e.error.slice(0, 80), baseline: null, ratio: null, goal: '', met: '' });
  const file = path.join(resultsDir, `${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(R, null, 2));
  console.log(`\nMaillage benchmark${opt.quick ? ' (quick mode: short steps, noisy figures)' : ''} — ${R.startedAt}\n`);
  console.log(printTable(R.table));
  console.log(`\nratio = Maillage / baseline. Load average (1/5/15 min) at start ${R.machine.loadAvgAtStart.map((x) => x.toFixed(1)).join('/')}, at end ${R.machine.loadAvgAtEnd.map((x) => x.toFixed(1)).join('/')} on ${cores} cores.`);
  console.log(`Results: ${path.relative(process.cwd(), file)}`);
}

main().then(async () => { await cleanup(); process.exit(0); }, async (e) => {
  log(`FAILED: ${e && e.stack || e}`);
  await cleanup();
  process.exit(1);
});
