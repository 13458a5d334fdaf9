/**
 * The session cookie: `qihu_session`, HttpOnly, SameSite=Strict, Path=/, Secure on HTTPS (or when
 * configured), and a Max-Age no longer than the session's absolute lifetime.
 */
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'qihu_session';

/** auto: Secure when the request came over HTTPS (req.secure honours `trust proxy`). */
export type CookieSecure = 'auto' | 'always' | 'never';

/** Every value of a cookie in a Cookie header, in order (not decoded: ids are base64url). */
export function readCookies(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    values.push(value);
  }
  return values;
}

/**
 * The value of a cookie sent exactly once. Two cookies of one name mean one was planted (e.g. by a
 * sibling subdomain with Domain= or a longer Path) so neither is trusted.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  const values = readCookies(header, name);
  return values.length === 1 ? values[0] : undefined;
}

function secureFor(req: Request, mode: CookieSecure): boolean {
  return mode === 'always' || (mode === 'auto' && req.secure);
}

export function sessionCookie(id: string, opts: { req: Request; secure: CookieSecure; maxAgeMs: number }): string {
  const maxAge = Math.max(0, Math.floor(opts.maxAgeMs / 1000));
  return [`${SESSION_COOKIE}=${id}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAge}`]
    .concat(secureFor(opts.req, opts.secure) ? ['Secure'] : [])
    .join('; ');
}

export function clearedSessionCookie(opts: { req: Request; secure: CookieSecure }): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT']
    .concat(secureFor(opts.req, opts.secure) ? ['Secure'] : [])
    .join('; ');
}

/** Adds a Set-Cookie header without dropping others already set. */
export function appendSetCookie(res: Response, cookie: string): void {
  res.append('Set-Cookie', cookie);
}
