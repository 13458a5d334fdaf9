/**
 * What GET /api/v1/auth/me and POST /api/v1/auth/login answer (src/auth/router.ts). Declared here
 * because the server's modules that define them also load Node code (src/auth/tokens.ts uses
 * node:crypto), which the browser program cannot type-check.
 */
export type Role = 'operator' | 'editor' | 'supervisor' | 'admin';

export interface SessionUser {
  username: string;
  role: Role;
  displayName?: string;
}

/** GET /api/v1/auth/me (and the login answer): csrfToken only for a cookie session. */
export interface Me {
  user: SessionUser;
  csrfToken?: string;
  expiresAt?: string;
}
