import { describe, expect, it } from 'vitest';
import { ApiError, createApi, readCookie } from './api';

type Call = { url: string; init: RequestInit };

function fakeFetch(answers: Array<{ status: number; body?: unknown; type?: string }>) {
  const calls: Call[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers.shift() ?? { status: 200, body: {} };
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : text, {
      status: answer.status,
      headers: { 'Content-Type': answer.type ?? 'application/json' },
    });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected the request to fail');
}

const headers = (call: Call) => call.init.headers as Record<string, string>;

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('a=1; maillage_csrf=q%3D1; b=2', 'maillage_csrf')).toBe('q=1');
    expect(readCookie('a=1', 'maillage_csrf')).toBeNull();
  });
});

describe('api', () => {
  it('sends the CSRF cookie as X-CSRF-Token on state-changing requests only', async () => {
    const { fetch, calls } = fakeFetch([{ status: 200, body: {} }, { status: 204 }]);
    const api = createApi({ fetch, cookies: () => 'maillage_csrf=tok123' });
    await api.get('/api/session');
    await api.del('/api/session');
    expect(headers(calls[0])['X-CSRF-Token']).toBeUndefined();
    expect(headers(calls[1])['X-CSRF-Token']).toBe('tok123');
    expect(calls[1].init.credentials).toBe('same-origin');
    expect(calls[1].init.method).toBe('DELETE');
  });

  it('sends JSON bodies and returns parsed JSON', async () => {
    const { fetch, calls } = fakeFetch([{ status: 201, body: { id: 'x' } }]);
    const api = createApi({ fetch, cookies: () => 'maillage_csrf=t' });
    expect(await api.post('/api/invitations', { email: 'a@b.c' })).toEqual({ id: 'x' });
    expect(calls[0].init.body).toBe('{"email":"a@b.c"}');
    expect(headers(calls[0])['Content-Type']).toBe('application/json');
  });

  it('turns problem+json into an ApiError with its violations', async () => {
    const { fetch } = fakeFetch([
      {
        status: 400,
        type: 'application/problem+json',
        body: {
          type: '/problems/validation',
          title: 'Invalid request',
          status: 400,
          detail: '1 field is invalid',
          violations: [{ field: 'email', message: 'must be a well-formed email address' }],
        },
      },
    ]);
    const api = createApi({ fetch, cookies: () => '' });
    const error = await failure(api.post('/api/session', {}));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.is('validation')).toBe(true);
    expect(error.violations).toEqual([{ field: 'email', message: 'must be a well-formed email address' }]);
  });

  it('keeps 429 details and survives a body that is not JSON', async () => {
    const { fetch } = fakeFetch([
      { status: 429, body: { type: '/problems/too-many-attempts', title: 'Too many attempts', status: 429, retryAfterSeconds: 900 } },
    ]);
    const api = createApi({ fetch, cookies: () => '' });
    const error = await failure(api.post('/api/session', {}));
    expect(error.retryAfterSeconds).toBe(900);
    const bare = createApi({ fetch: (async () => new Response('<html>', { status: 502, statusText: 'Bad Gateway' })) as unknown as typeof fetch });
    const other = await failure(bare.get('/api/session'));
    expect(other.status).toBe(502);
    expect(other.title).toBe('Bad Gateway');
    expect(other.violations).toEqual([]);
  });

  it('reports a network failure as status 0', async () => {
    const api = createApi({ fetch: (async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch });
    const error = await failure(api.get('/api/session'));
    expect(error.status).toBe(0);
  });

  it('refreshes the CSRF token once after a csrf refusal', async () => {
    const cookie = '';
    const { fetch, calls } = fakeFetch([
      { status: 403, body: { type: '/problems/csrf', title: 'Forbidden', status: 403 } },
      { status: 200, body: { authenticated: false, csrfToken: 'fresh' } },
      { status: 204 },
    ]);
    const api = createApi({ fetch, cookies: () => cookie });
    await api.post('/api/password-resets', { email: 'a@b.c' });
    expect(calls.map((c) => c.init.method)).toEqual(['POST', 'GET', 'POST']);
    expect(headers(calls[2])['X-CSRF-Token']).toBe('fresh');
  });
});
