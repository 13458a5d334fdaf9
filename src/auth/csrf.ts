/**
 * CSRF protection for cookie-authenticated requests (bearer-token requests need none: a browser
 * never attaches a token on its own):
 *  - a synchronizer token per session, returned by login and GET /api/v1/auth/me, sent back in
 *    `X-CSRF-Token` on every unsafe request (anything but GET, HEAD and OPTIONS);
 *  - an origin check on the same requests: `Sec-Fetch-Site` must be `same-origin` when the browser
 *    sends it, and `Origin`, when sent, must be this server's origin or one configured as allowed.
 * Failures answer 403 QH_ERR_FORBIDDEN with `detail` naming which check failed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

export const CSRF_HEADER = 'X-CSRF-Token';

/** `detail` of the 403 when a check fails. */
export const CSRF_ORIGIN_REJECTED = 'csrf_origin_rejected';
export const CSRF_TOKEN_INVALID = 'csrf_token_invalid';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The origin the request was addressed to (req.protocol and req.host honour `trust proxy`). */
export function requestOrigin(req: Request): string | undefined {
  const host = req.host;
  return host ? `${req.protocol}://${host}`.toLowerCase() : undefined;
}

/** Whether the request comes from a page of this origin (or an allowed one). */
export function originAllowed(req: Request, allowedOrigins: readonly string[] = []): boolean {
  const origin = req.get('origin')?.toLowerCase();
  const allowed = allowedOrigins.map((o) => o.toLowerCase().replace(/\/+$/, ''));
  if (origin && origin !== 'null' && allowed.includes(origin)) return true;
  const site = req.get('sec-fetch-site')?.toLowerCase();
  if (site && site !== 'same-origin') return false;
  if (origin !== undefined) return origin === requestOrigin(req);
  return true;
}

/** Constant-time comparison of the session's token with the one the request sent. */
export function csrfTokenMatches(expected: string, provided: string | undefined): boolean {
  if (!provided) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(provided).digest();
  return timingSafeEqual(a, b) && expected.length === provided.length;
}
