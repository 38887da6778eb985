import { describe, expect, it } from 'vitest';
import { SessionStore } from './session';
import { ApiError, type Api, type Method } from '../transport/api';
import { parseProblem } from '../protocol/api';

const ana = { id: 'u1', email: 'ana@example.org', displayName: 'Ana', role: 'administrator', territoryCode: null, timeZone: 'Europe/Paris', language: 'en' };

function fakeApi(routes: Record<string, (body: unknown) => unknown>) {
  const calls: string[] = [];
  let token: string | null = null;
  const request = async (method: Method, path: string, body?: unknown) => {
    calls.push(`${method} ${path}`);
    const handler = routes[`${method} ${path}`];
    if (!handler) throw new ApiError(parseProblem({ type: '/problems/not-found', title: 'Not found' }, 404, 'Not found'));
    return handler(body);
  };
  const api: Api = {
    request,
    get: (p) => request('GET', p),
    post: (p, b) => request('POST', p, b),
    patch: (p, b) => request('PATCH', p, b),
    del: (p) => request('DELETE', p),
    rememberCsrfToken: (t) => {
      token = t;
    },
  };
  return { api, calls, token: () => token };
}

describe('SessionStore', () => {
  it('loads the signed-in person and remembers the CSRF token', async () => {
    const { api, token } = fakeApi({ 'GET /api/session': () => ({ authenticated: true, csrfToken: 'c1', user: ana }) });
    const store = new SessionStore(api);
    expect(store.getState().status).toBe('loading');
    await store.load();
    expect(store.getState()).toMatchObject({ status: 'ready', user: { displayName: 'Ana', language: 'en' } });
    expect(token()).toBe('c1');
  });

  it('accepts an invitation, then reloads the session for the rotated token', async () => {
    let signedIn = false;
    const { api, calls } = fakeApi({
      'POST /api/invitations/t%2F1/accept': () => {
        signedIn = true;
        return ana;
      },
      'GET /api/session': () => (signedIn ? { authenticated: true, csrfToken: 'c2', user: ana } : { authenticated: false }),
    });
    const store = new SessionStore(api);
    const user = await store.acceptInvitation('t/1', { displayName: 'Ana', password: 'x'.repeat(10) });
    expect(user.id).toBe('u1');
    expect(calls).toEqual(['POST /api/invitations/t%2F1/accept', 'GET /api/session']);
  });

  it('forgets the person on sign-out even when the server cannot be reached', async () => {
    let up = true;
    const { api } = fakeApi({
      'GET /api/session': () => {
        if (!up) throw new ApiError(parseProblem({}, 0, 'Network error'));
        return { authenticated: true, user: ana };
      },
    });
    const store = new SessionStore(api);
    await store.load();
    up = false;
    await expect(store.signOut()).rejects.toBeInstanceOf(ApiError);
    expect(store.getState().user).toBeNull();
  });

  it('notifies subscribers on every change', async () => {
    const { api } = fakeApi({ 'GET /api/session': () => ({ authenticated: false }) });
    const store = new SessionStore(api);
    let changes = 0;
    store.subscribe(() => changes++);
    await store.load();
    store.forget();
    expect(changes).toBe(2);
  });
});
