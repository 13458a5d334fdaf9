/** The editor API (/api/v1/admin/kb/*): JSON calls with the CSRF token, failures as ApiFailure. */
import type { SessionUser } from '../../shared/auth';
import { flash } from './dom';
import type { Issue, Status } from './types';

export const API = '/api/v1/admin/kb';
export const PAGE = 20;

/** The console's session: who is signed in, the CSRF token, the last status read. */
export const state: { csrf: string; user: SessionUser | null; main: HTMLElement | null; status: Status | null } = {
  csrf: '',
  user: null,
  main: null,
  status: null,
};

interface ProblemBody {
  detail?: string;
  message?: string;
  issues?: unknown;
}

export class ApiFailure {
  readonly body: ProblemBody;
  readonly issues: Issue[];
  readonly message: string;
  constructor(
    readonly status: number,
    body: ProblemBody | null,
  ) {
    this.body = body || {};
    this.issues = Array.isArray(this.body.issues) ? (this.body.issues as Issue[]) : [];
    this.message = this.body.detail || this.body.message || '请求失败（' + status + '）';
  }
}

export function toLogin(): void {
  window.location.assign('/login?next=' + encodeURIComponent('/editor' + (window.location.hash || '')));
}

/**
 * fetch + JSON; unsafe methods carry X-CSRF-Token. Rejects with ApiFailure. raw: body is a file,
 * sent as is (as `type`, octet-stream unless given); base: another API than the editor's.
 */
export function api<T>(method: string, path: string, body?: unknown, opts: { raw?: boolean; type?: string; base?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (opts.raw) {
    headers['Content-Type'] = opts.type || 'application/octet-stream';
    init.body = body as BodyInit;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  // Paths under /api/ are other editor APIs (the policies'); the rest are the knowledge store's.
  return fetch((opts.base ?? (path.startsWith('/api/') ? '' : API)) + path, init).then(
    (res) =>
      res
        .json()
        .catch(() => null)
        .then((data: unknown) => {
          if (res.status === 401) {
            toLogin();
            throw new ApiFailure(401, { message: '登录已过期，正在转到登录页…' });
          }
          if (!res.ok) throw new ApiFailure(res.status, data as ProblemBody | null);
          return data as T;
        }),
    () => {
      throw new ApiFailure(0, { message: '无法连接服务器，请检查网络后重试。' });
    },
  );
}

/** Shows a failure (or any error) in the message line. */
export function failed(err: unknown): void {
  const message = err && typeof err === 'object' && 'message' in err ? String((err as { message: unknown }).message) : '';
  flash(message || String(err), 'error');
}

/** A failure's issues and status (any other error has none). */
export function asFailure(err: unknown): ApiFailure {
  return err instanceof ApiFailure ? err : new ApiFailure(0, { message: err instanceof Error ? err.message : String(err) });
}
