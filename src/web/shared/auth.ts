/**
 * What GET /api/v1/auth/me and POST /api/v1/auth/login answer: the server's zod-inferred types
 * (src/auth/router.ts), imported as types only.
 */
import type { AuthUser, MeAnswer } from '../../auth/router';
import type { Role } from '../../auth/tokens';

export type { Role };
export type SessionUser = AuthUser;

/** GET /api/v1/auth/me (and the login answer, which has the same fields): csrfToken only for a cookie session. */
export type Me = Pick<MeAnswer, 'user' | 'csrfToken' | 'expiresAt'>;
