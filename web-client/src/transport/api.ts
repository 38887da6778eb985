/** The fetch wrapper: same-origin cookies, CSRF header, problem+json errors. */
import { parseProblem, type Problem, type Violation } from '../protocol/api';

export const CSRF_COOKIE = 'maillage_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | null;
  readonly violations: Violation[];
  readonly reason: string | null;
  readonly retryAfterSeconds: number | null;
  readonly errorId: string | null;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.violations = problem.violations;
    this.reason = problem.reason;
    this.retryAfterSeconds = problem.retryAfterSeconds;
    this.errorId = problem.errorId;
  }

  /** True when the problem type ends with the given name, e.g. `is('csrf')` for `/problems/csrf`. */
  is(name: string): boolean {
    return this.type === `/problems/${name}` || this.type.endsWith(`/problems/${name}`);
  }
}

/** status 0: the request never got an answer (offline, server down). */
export const NETWORK_ERROR_TYPE = '/problems/network';

export function readCookie(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return null;
}

export interface ApiOptions {
  fetch?: typeof fetch;
  /** The document's cookie string; injected so tests need no DOM. */
  cookies?: () => string;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const SAFE_METHODS: readonly Method[] = ['GET'];

export interface Api {
  request(method: Method, path: string, body?: unknown): Promise<unknown>;
  get(path: string): Promise<unknown>;
  post(path: string, body?: unknown): Promise<unknown>;
  patch(path: string, body?: unknown): Promise<unknown>;
  del(path: string): Promise<unknown>;
  /** The token from the last GET /api/session, used when the cookie cannot be read. */
  rememberCsrfToken(token: string | null): void;
}

export function createApi(options: ApiOptions = {}): Api {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const cookies = options.cookies ?? (() => (typeof document === 'undefined' ? '' : document.cookie));
  let rememberedToken: string | null = null;

  async function request(method: Method, path: string, body?: unknown, retried = false): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (!SAFE_METHODS.includes(method)) {
      const token = readCookie(cookies(), CSRF_COOKIE) ?? rememberedToken;
      if (token) headers[CSRF_HEADER] = token;
    }
    let response: Response;
    try {
      response = await doFetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ApiError(
        parseProblem({ type: NETWORK_ERROR_TYPE, detail: String(cause) }, 0, 'Network error'),
      );
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (!response.ok) {
      const error = new ApiError(parseProblem(parsed, response.status, response.statusText || `HTTP ${response.status}`));
      // A missing or rotated cookie (first request, another tab signed in): fetch a fresh
      // token once, then retry; a second refusal is real.
      if (error.status === 403 && error.is('csrf') && !retried && !SAFE_METHODS.includes(method)) {
        const session = await request('GET', '/api/session').catch(() => null);
        const token = (session as { csrfToken?: unknown } | null)?.csrfToken;
        if (typeof token === 'string') rememberedToken = token;
        return request(method, path, body, true);
      }
      throw error;
    }
    return parsed;
  }

  return {
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    patch: (path, body) => request('PATCH', path, body),
    del: (path) => request('DELETE', path),
    rememberCsrfToken(token) {
      rememberedToken = token;
    },
  };
}

export const api = createApi();
