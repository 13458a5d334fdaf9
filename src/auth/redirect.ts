/**
 * Redirects after login: only same-origin relative paths (the same rule as src/web/login/client/main.ts),
 * so `/login?next=https://evil.example` or `?next=//evil.example` cannot send a user elsewhere.
 */
import type { Request } from 'express';

const BASE = 'http://qihu.invalid';

/** The path to go to, or undefined when `raw` is not a same-origin relative path. */
export function safeRedirectPath(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return undefined;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== BASE) return undefined;
  if (url.pathname === '/login' || url.pathname.startsWith('/login/')) return undefined;
  return url.pathname + url.search + url.hash;
}

/** Where a console sends a signed-out browser: the login page, coming back here afterwards. */
export function loginUrlFor(req: Request): string {
  const back = safeRedirectPath(req.originalUrl);
  return back ? `/login?next=${encodeURIComponent(back)}` : '/login';
}
