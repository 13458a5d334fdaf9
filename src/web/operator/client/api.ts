/** JSON requests to the hotline API with the session cookie and the CSRF token; a 401 goes to the login page. */
import type { Me } from '../../shared/auth';

export interface ApiResult<T> {
  status: number;
  ok: boolean;
  data: T | null;
}

export const API = '/api/v1/hotline';
let csrfToken = '';
/** Settles once the session (and its CSRF token) is known: requests made earlier wait for it. */
let session: Promise<unknown> = Promise.resolve();

export function toLogin(): void {
  window.location.assign('/login?next=' + encodeURIComponent('/operator'));
}

/** The signed-in user (GET /api/v1/auth/me), remembering the session's CSRF token. */
export function signedIn(): Promise<Me> {
  const me = fetch('/api/v1/auth/me', {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  })
    .then((res) => {
      if (!res.ok) throw new Error('unauthorized');
      return res.json() as Promise<Me>;
    })
    .then((me) => {
      csrfToken = me.csrfToken || '';
      return me;
    });
  session = me.catch(() => undefined);
  return me;
}

/** A request to the API (path under /api/v1/hotline, or absolute when it starts with /api/). */
export function api<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (signal) init.signal = signal;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return session
    .then(() => {
      if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
      return fetch(path.indexOf('/api/') === 0 ? path : API + path, init);
    })
    .then((res) => {
      if (res.status === 401) {
        toLogin();
        throw new Error('unauthorized');
      }
      return res
        .json()
        .catch(() => null)
        .then((data: T | null) => ({ status: res.status, ok: res.ok, data }));
    });
}

/** Whether a rejected request was aborted or sent to the login page (nothing to tell the operator). */
export function quietFailure(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.message === 'unauthorized');
}
