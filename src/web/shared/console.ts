/*
 * Shared by the inbox and analytics pages: who is signed in (GET /api/v1/auth/me; not signed in →
 * /login?next=…), JSON calls with the CSRF token, and a DOM helper that only ever sets textContent.
 */
import type { Me } from './auth';

let csrfToken: string | null = null;

/** An element with a class and text (textContent only). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string | null, text?: string | number | null): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function toLogin(): void {
  location.assign('/login?next=' + encodeURIComponent(location.pathname + location.search));
}

/** The signed-in user, or null (and the browser on its way to the login page). */
export async function me(): Promise<Me | null> {
  const res = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
  if (res.status === 401) {
    toLogin();
    return null;
  }
  if (!res.ok) throw new Error('auth ' + res.status);
  const body = (await res.json()) as Me;
  csrfToken = body.csrfToken || null;
  return body;
}

/** An API error: the problem's detail (or message) and its issues, with the HTTP status. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface Problem {
  detail?: string;
  message?: string;
  issues?: { path: string; message: string }[];
}

/** A JSON call (unsafe methods carry the CSRF token); rejects with ApiError. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) {
    toLogin();
    throw new Error('未登录');
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  if (!res.ok) {
    const p = json as Problem | null;
    let msg = (p && (p.detail || p.message)) || 'HTTP ' + res.status;
    if (p && p.issues && p.issues.length) msg += '：' + p.issues.map((i) => i.path + ' ' + i.message).join('；');
    throw new ApiError(msg, res.status);
  }
  return json as T;
}

export function showUser(user: Me | null): void {
  const slot = document.getElementById('user');
  if (slot && user) slot.textContent = (user.user.displayName || user.user.username) + '（' + user.user.role + '）';
}

export function status(text?: string, isError?: boolean): void {
  const s = document.getElementById('status');
  if (!s) return;
  s.textContent = text || '';
  s.className = isError ? 'status error' : 'status';
}
