/**
 * Marks on the auth middleware so the route audit (route-audit.ts) can see, without sending a
 * request, which layers of an Express app authenticate, check a role or check CSRF.
 */
import type { Role } from './tokens';

export const AUTH_MARK = Symbol.for('qihu.auth.mark');

export type AuthMark =
  /** Establishes res.locals.principal; enforces nothing. */
  | { kind: 'authenticate' }
  /** Checks the CSRF token and origin of cookie-authenticated unsafe requests. */
  | { kind: 'csrf' }
  /** 401 without credentials, 403 unless the principal has `role` (or is admin). */
  | { kind: 'role'; role: Role }
  /** A gate in front of a whole prefix: the role it requires for a full request path, if any. */
  | { kind: 'gate'; roleFor: (fullPath: string) => Role | undefined };

export function mark<T extends object>(fn: T, value: AuthMark): T {
  Object.defineProperty(fn, AUTH_MARK, { value, enumerable: false });
  return fn;
}

export function markOf(fn: unknown): AuthMark | undefined {
  if (typeof fn !== 'function') return undefined;
  return (fn as unknown as Record<symbol, AuthMark | undefined>)[AUTH_MARK];
}
