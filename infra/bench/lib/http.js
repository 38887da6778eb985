'use strict';
// A tiny cookie-keeping HTTP client for the Maillage API (127.0.0.1 only).

class Session {
  constructor(base) {
    this.base = base;            // e.g. http://127.0.0.1:18080
    this.cookies = new Map();
  }
  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  keep(res) {
    const list = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
    for (const c of list) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }
  async request(method, path, body, { base } = {}) {
    const url = (base || this.base) + path;
    if (!url.startsWith('http://127.0.0.1:')) throw new Error(`refusing non-loopback URL ${url}`);
    if (method !== 'GET' && !this.cookies.has('maillage_csrf')) await this.request('GET', '/api/session');
    const headers = { accept: 'application/json', origin: this.base };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.has('maillage_csrf')) headers['x-csrf-token'] = this.cookies.get('maillage_csrf');
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30000) });
    this.keep(res);
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = text; }
    if (res.status >= 400) {
      const err = new Error(`${method} ${path} -> ${res.status} ${text.slice(0, 300)}`);
      err.status = res.status;
      throw err;
    }
    return json;
  }
  get(path) { return this.request('GET', path); }
  post(path, body) { return this.request('POST', path, body ?? {}); }
}

module.exports = { Session };
