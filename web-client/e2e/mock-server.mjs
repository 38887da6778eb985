// An in-memory stand-in for the Maillage server, following docs/api.md closely enough to run
// the browser tests and to work on the client without Java: `node e2e/mock-server.mjs`.
// It prints MAILLAGE_BASE_URL and MAILLAGE_ADMIN_INVITE_URL. Not used by the real build.
import { createServer } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const port = Number(process.env.PORT ?? 18090);
const base = `http://localhost:${port}`;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const token = () => randomBytes(18).toString('base64url');

const users = new Map(); // id -> user (+ password)
const sessions = new Map(); // sid -> { userId, csrf }
const invitations = new Map(); // token -> invitation
const resets = new Map(); // token -> { userId, used }
const outbox = [];
const territories = [
  { code: '53', name: 'Bretagne', kind: 'region', timeZone: 'Europe/Paris' },
  { code: '04', name: 'La Réunion', kind: 'overseas_region', timeZone: 'Indian/Reunion' },
];

function newAdminInvitation() {
  const t = token();
  invitations.set(t, { id: randomUUID(), token: t, email: null, role: 'administrator', status: 'pending', invitedBy: null, createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 7 * 864e5).toISOString() });
  return `${base}/invitation/${t}`;
}

const view = (u) => ({ id: u.id, email: u.email, displayName: u.displayName, role: u.role, territoryCode: u.territoryCode ?? null, timeZone: u.timeZone, language: u.language });
const invView = (i) => ({ id: i.id, email: i.email, role: i.role, status: i.status, invitedBy: i.invitedBy, createdAt: i.createdAt, expiresAt: i.expiresAt });

function cookies(req) {
  return Object.fromEntries((req.headers.cookie ?? '').split(';').filter(Boolean).map((p) => p.trim().split('=')));
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
const problem = (res, status, name, title, extra = {}) => send(res, status, { type: `/problems/${name}`, title, status, ...extra });

function mail(to, subject, textBody) {
  outbox.unshift({ id: randomUUID(), to, subject, textBody, status: 'kept', createdAt: new Date().toISOString(), sentAt: null });
}

function startSession(res, user, headers) {
  const sid = token();
  const csrf = token();
  sessions.set(sid, { userId: user.id, csrf });
  headers['Set-Cookie'] = [`maillage_session=${sid}; Path=/; HttpOnly; SameSite=Lax`, `maillage_csrf=${csrf}; Path=/; SameSite=Strict`];
}

async function api(req, res, path) {
  const c = cookies(req);
  const session = c.maillage_session ? sessions.get(c.maillage_session) : null;
  const user = session ? users.get(session.userId) : null;
  const method = req.method;
  let body = {};
  if (method !== 'GET') {
    const text = await new Promise((r) => {
      let s = '';
      req.on('data', (d) => (s += d));
      req.on('end', () => r(s));
    });
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      return problem(res, 400, 'malformed-request', 'Malformed request');
    }
    const header = req.headers['x-csrf-token'];
    if (!header || header !== c.maillage_csrf || (session && session.csrf !== header)) return problem(res, 403, 'csrf', 'CSRF check failed');
  }
  const headers = {};
  let m;
  if (path === '/api/session' && method === 'GET') {
    let csrf = c.maillage_csrf;
    if (!csrf) {
      csrf = token();
      headers['Set-Cookie'] = `maillage_csrf=${csrf}; Path=/; SameSite=Strict`;
    }
    return send(res, 200, user ? { authenticated: true, csrfToken: csrf, user: view(user) } : { authenticated: false, csrfToken: csrf }, headers);
  }
  if (path === '/api/session' && method === 'POST') {
    const u = [...users.values()].find((x) => x.email === body.email);
    if (!u || u.password !== body.password) return problem(res, 401, 'invalid-credentials', 'Adresse ou mot de passe incorrect');
    startSession(res, u, headers);
    return send(res, 200, view(u), headers);
  }
  if (path === '/api/session' && method === 'DELETE') {
    sessions.delete(c.maillage_session);
    return send(res, 204, undefined, { 'Set-Cookie': 'maillage_session=; Path=/; Max-Age=0' });
  }
  if ((m = path.match(/^\/api\/invitations\/([^/]+)$/)) && method === 'GET') {
    const i = invitations.get(m[1]);
    if (!i) return problem(res, 404, 'not-found', 'Not found');
    if (i.status !== 'pending') return problem(res, 410, 'invitation-unusable', 'Invitation unusable', { reason: i.status === 'accepted' ? 'used' : i.status });
    return send(res, 200, { email: i.email, role: i.role, invitedBy: i.invitedBy, expiresAt: i.expiresAt });
  }
  if ((m = path.match(/^\/api\/invitations\/([^/]+)\/accept$/)) && method === 'POST') {
    const i = invitations.get(m[1]);
    if (!i) return problem(res, 404, 'not-found', 'Not found');
    if (i.status !== 'pending') return problem(res, 410, 'invitation-unusable', 'Invitation unusable', { reason: 'used' });
    const email = i.email ?? body.email;
    const violations = [];
    if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) violations.push({ field: 'email', message: 'must be a well-formed email address' });
    if (!body.password || body.password.length < 10) violations.push({ field: 'password', message: 'size must be between 10 and 200' });
    if (!body.displayName?.trim()) violations.push({ field: 'displayName', message: 'must not be blank' });
    if (violations.length) return problem(res, 400, 'validation', 'Invalid request', { violations });
    if ([...users.values()].some((x) => x.email === email)) return problem(res, 409, 'conflict', 'Account exists');
    const u = { id: randomUUID(), email, displayName: body.displayName.trim(), role: i.role, territoryCode: body.territoryCode ?? null, timeZone: body.timeZone ?? 'Europe/Paris', language: body.language ?? 'fr', password: body.password };
    users.set(u.id, u);
    i.status = 'accepted';
    startSession(res, u, headers);
    return send(res, 201, view(u), headers);
  }
  if (path === '/api/password-resets' && method === 'POST') {
    const u = [...users.values()].find((x) => x.email === body.email);
    if (u) {
      const t = token();
      resets.set(t, { userId: u.id, used: false });
      mail(u.email, 'Réinitialisation de votre mot de passe', `Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) :\n${base}/password-reset/${t}\n`);
    }
    return send(res, 202, undefined);
  }
  if ((m = path.match(/^\/api\/password-resets\/([^/]+)$/))) {
    const r = resets.get(m[1]);
    if (!r) return problem(res, 404, 'not-found', 'Not found');
    if (r.used) return problem(res, 410, 'reset-unusable', 'Reset unusable');
    if (method === 'GET') return send(res, 200, { valid: true });
    if (!body.password || body.password.length < 10) return problem(res, 400, 'validation', 'Invalid request', { violations: [{ field: 'password', message: 'size must be between 10 and 200' }] });
    users.get(r.userId).password = body.password;
    r.used = true;
    for (const [sid, s] of sessions) if (s.userId === r.userId) sessions.delete(sid);
    return send(res, 204, undefined);
  }
  if (path === '/api/reference/territories') return send(res, 200, territories);
  if (!user) return problem(res, 401, 'unauthenticated', 'Unauthenticated');
  if (path === '/api/me' && method === 'GET') return send(res, 200, view(user));
  if (path === '/api/me' && method === 'PATCH') {
    for (const k of ['displayName', 'territoryCode', 'timeZone', 'language']) if (k in body) user[k] = body[k];
    return send(res, 200, view(user));
  }
  if (path === '/api/me/password' && method === 'POST') {
    if (body.currentPassword !== user.password) return problem(res, 400, 'validation', 'Invalid request', { violations: [{ field: 'currentPassword', message: 'is wrong' }] });
    user.password = body.newPassword;
    return send(res, 204, undefined);
  }
  const inviter = user.role === 'administrator' || user.role === 'facilitator';
  if (path === '/api/invitations' && method === 'GET' && inviter) {
    return send(res, 200, [...invitations.values()].filter((i) => i.email).reverse().map(invView));
  }
  if (path === '/api/invitations' && method === 'POST' && inviter) {
    if (user.role === 'facilitator' && body.role === 'administrator') return problem(res, 403, 'forbidden', 'Forbidden');
    if (!/^[^@\s]+@[^@\s]+$/.test(body.email ?? '')) return problem(res, 400, 'validation', 'Invalid request', { violations: [{ field: 'email', message: 'must be a well-formed email address' }] });
    const t = token();
    const i = { id: randomUUID(), token: t, email: body.email, role: body.role, status: 'pending', invitedBy: user.displayName, createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 7 * 864e5).toISOString() };
    invitations.set(t, i);
    mail(i.email, 'Invitation à rejoindre Maillage', `${user.displayName} vous invite à rejoindre Maillage.\n\nAcceptez l'invitation : ${base}/invitation/${t}\n`);
    return send(res, 201, invView(i));
  }
  if ((m = path.match(/^\/api\/invitations\/([^/]+)$/)) && method === 'DELETE' && inviter) {
    const i = [...invitations.values()].find((x) => x.id === m[1]);
    if (!i) return problem(res, 404, 'not-found', 'Not found');
    i.status = 'revoked';
    return send(res, 204, undefined);
  }
  if (path === '/api/admin/outbox' && user.role === 'administrator') return send(res, 200, outbox);
  return problem(res, 404, 'not-found', 'Not found');
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const server = createServer(async (req, res) => {
  const url = new URL(req.url, base);
  try {
    if (url.pathname.startsWith('/api/')) return await api(req, res, url.pathname);
    const file = normalize(join(dist, url.pathname));
    const inDist = file.startsWith(dist) && extname(file);
    const content = await readFile(inDist ? file : join(dist, 'index.html')).catch(() => null);
    if (!content) return send(res, 404, { title: 'Not found' });
    res.writeHead(200, { 'Content-Type': types[inDist ? extname(file) : '.html'] ?? 'application/octet-stream' });
    res.end(content);
  } catch (error) {
    console.error(error);
    problem(res, 500, 'internal', 'Internal error', { errorId: randomUUID() });
  }
});

// A bare WebSocket: hello on open, pong for each ping (RFC 6455 framing, small text frames).
server.on('upgrade', (req, socket) => {
  const sid = cookies(req).maillage_session;
  if (req.url !== '/ws' || !sid || !sessions.has(sid)) {
    socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
    return;
  }
  const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  const frame = (text) => {
    const data = Buffer.from(text);
    const head = data.length < 126 ? Buffer.from([0x81, data.length]) : Buffer.from([0x81, 126, data.length >> 8, data.length & 255]);
    socket.write(Buffer.concat([head, data]));
  };
  frame(JSON.stringify({ type: 'hello', node: 'mock', userId: sessions.get(sid).userId, heartbeatSeconds: 25 }));
  socket.on('data', (buf) => {
    const opcode = buf[0] & 15;
    if (opcode === 8) return socket.end();
    let len = buf[1] & 127;
    let offset = 2;
    if (len === 126) {
      len = buf.readUInt16BE(2);
      offset = 4;
    }
    const mask = buf.subarray(offset, offset + 4);
    const payload = Buffer.from(buf.subarray(offset + 4, offset + 4 + len).map((b, i) => b ^ mask[i % 4]));
    try {
      const msg = JSON.parse(payload.toString());
      if (msg.type === 'ping') frame(JSON.stringify({ type: 'pong', requestId: msg.requestId }));
    } catch {
      // ignore
    }
  });
  socket.on('error', () => {});
});

server.listen(port, () => {
  console.log(`MAILLAGE_BASE_URL=${base}`);
  console.log(`MAILLAGE_ADMIN_INVITE_URL=${newAdminInvitation()}`);
  console.log(`MAILLAGE_ADMIN_INVITE_URL=${newAdminInvitation()}`);
});
