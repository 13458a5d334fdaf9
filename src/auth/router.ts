/**
 * The login API (the page, GET /login, is src/web/login's, mounted beside it by the server):
 *
 *   POST /api/v1/auth/login    {username, password} → 200 {user, csrfToken, expiresAt} and the
 *                              session cookie; 401 (one generic message) on bad credentials;
 *                              429 with Retry-After after too many failures per IP or username
 *   POST /api/v1/auth/logout   ends the cookie session (CSRF-checked) → 204
 *   GET  /api/v1/auth/me       the principal and, for a session, its CSRF token; 401 without one
 *   GET  /api/v1/auth/login-info  what the login page says besides the form: in development (no
 *                              users configured), where the development accounts' passwords are
 *
 * Passwords are checked with async scrypt against the user's hash, or against a dummy hash for an
 * unknown username, so the answer and its timing do not tell whether a user exists. Failures are
 * logged as {event: 'login_failed', username, ip, reason}: never the password.
 */
import { Router, json, type Request, type Response } from 'express';
import { z } from 'zod';
import { issuesOf, jsonBodyErrorHandler, sendError } from '../http-kit';
import { appendSetCookie, clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './cookies';
import { CSRF_ORIGIN_REJECTED, originAllowed } from './csrf';
import { principalOf, sessionOf, type Auth } from './middleware';
import { maskPersonalData } from '../privacy';
import { limiterKey } from './rate-limit';
import { unmatchableHash, verifySecretAsync } from './secret-hash';
import { Role, type Principal } from './tokens';
import { DEVELOPMENT_USERNAMES } from './development-accounts';
import { credentialFingerprint, normalizeUsername } from './users';

export const LoginBody = z.object({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});
export type LoginBody = z.infer<typeof LoginBody>;

export interface AuthRouterDeps {
  auth: Auth;
  /** The file of the development accounts' passwords (development-accounts.ts), when there is one. */
  developmentAccountsFile?: string;
}

export const AuthUser = z.strictObject({
  username: z.string(),
  role: Role,
  /** The configured display name, else the username. */
  displayName: z.string(),
});
export type AuthUser = z.infer<typeof AuthUser>;

const CsrfToken = z.string().min(32);

/** POST /api/v1/auth/login: the user, the token unsafe requests send back, the session's absolute expiry. */
export const LoginAnswer = z.strictObject({ user: AuthUser, csrfToken: CsrfToken, expiresAt: z.iso.datetime() });
export type LoginAnswer = z.infer<typeof LoginAnswer>;

/** GET /api/v1/auth/me: csrfToken and expiresAt only for a cookie session. */
export const MeAnswer = z.strictObject({
  user: AuthUser,
  via: z.enum(['session', 'token']),
  csrfToken: CsrfToken.optional(),
  expiresAt: z.iso.datetime().optional(),
});
export type MeAnswer = z.infer<typeof MeAnswer>;

/** GET /api/v1/auth/login-info: in development, where the development accounts' passwords are (never the passwords). */
export const LoginInfo = z.strictObject({
  developmentAccounts: z.strictObject({ file: z.string(), usernames: z.array(z.string()) }).optional(),
});
export type LoginInfo = z.infer<typeof LoginInfo>;

function userView(p: Principal): AuthUser {
  return { username: p.name, role: p.role, displayName: p.displayName ?? p.name };
}

function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
}

export function createAuthRouter(deps: AuthRouterDeps): Router {
  const { auth } = deps;
  const { sessions, users, loginLimiter, log } = auth.deps;
  const secure = auth.deps.cookieSecure ?? 'auto';
  // Unknown usernames are checked against this, so they cost the same scrypt as known ones.
  const dummyHash = unmatchableHash();
  const router = Router();

  router.post('/api/v1/auth/login', json({ limit: '8kb' }), async (req: Request, res: Response) => {
    noStore(res);
    const parsed = LoginBody.safeParse(req.body);
    if (!parsed.success) {
      // Issues name the field, never echo its value.
      return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
    }
    // Login CSRF: a cross-site page must not sign a browser into someone else's account.
    if (!originAllowed(req, auth.deps.allowedOrigins)) return sendError(res, 'QH_ERR_FORBIDDEN', { detail: CSRF_ORIGIN_REJECTED });

    const username = normalizeUsername(parsed.data.username).slice(0, 64);
    // Masked before it is cut for the log: a number cut in two is no longer recognised as one.
    const loggedName = maskPersonalData(normalizeUsername(parsed.data.username)).slice(0, 64);
    const ip = req.ip ?? '';
    const ipKey = limiterKey('login-ip', ip);
    const userKey = limiterKey('login-user', username);
    try {
      const verdict = await loginLimiter.attempt([ipKey, userKey]);
      if (verdict.limited) {
        log.warn('login failed', { event: 'login_failed', username: loggedName, ip, reason: 'rate_limited' });
        auth.deps.onRateLimited?.('login');
        res.setHeader('Retry-After', String(Math.ceil(verdict.retryAfterMs / 1000)));
        return sendError(res, 'QH_ERR_RATE_LIMITED');
      }
      const user = users.find(username);
      const passwordOk = await verifySecretAsync(parsed.data.password, user?.passwordHash ?? dummyHash);
      if (!user || !passwordOk) {
        log.warn('login failed', { event: 'login_failed', username: loggedName, ip, reason: 'invalid_credentials' });
        return sendError(res, 'QH_ERR_UNAUTHORIZED', { detail: 'invalid_credentials' });
      }
      await loginLimiter.release([ipKey]);
      await loginLimiter.reset([userKey]);
      // In the background: the answer does not wait for a second scrypt.
      void auth.deps.passwords?.upgrade(user, parsed.data.password);

      // A fresh id on every login (no session fixation); the previous session, if any, ends.
      const previous = readCookie(req.get('cookie'), SESSION_COOKIE);
      if (previous) await sessions.destroy(previous);
      const session = await sessions.create({
        username: user.username,
        role: user.role,
        ...(user.displayName ? { displayName: user.displayName } : {}),
        credential: credentialFingerprint(user.passwordHash),
      });
      appendSetCookie(res, sessionCookie(session.id, { req, secure, maxAgeMs: sessions.absoluteTtlMs }));
      log.info('login', { event: 'login_succeeded', username: user.username, role: user.role, ip });
      res.json({
        user: { username: user.username, role: user.role, displayName: user.displayName ?? user.username },
        csrfToken: session.csrfToken,
        expiresAt: new Date(session.absoluteExpiresAt).toISOString(),
      } satisfies LoginAnswer);
    } catch (err) {
      log.warn('login unavailable', { err });
      sendError(res, 'QH_ERR_UNAVAILABLE');
    }
  });

  router.post('/api/v1/auth/logout', async (req: Request, res: Response) => {
    noStore(res);
    if (!(await auth.ensureAuthenticated(req, res))) return;
    const session = sessionOf(res);
    if (session) {
      if (!auth.checkCsrf(req, res, session)) return;
      try {
        await sessions.destroy(session.id);
      } catch (err) {
        log.warn('logout unavailable', { err });
        return sendError(res, 'QH_ERR_UNAVAILABLE');
      }
      log.info('logout', { event: 'logout', username: session.username });
    }
    if (readCookie(req.get('cookie'), SESSION_COOKIE) !== undefined) appendSetCookie(res, clearedSessionCookie({ req, secure }));
    res.status(204).end();
  });

  router.get('/api/v1/auth/me', async (req: Request, res: Response) => {
    noStore(res);
    if (!(await auth.ensureAuthenticated(req, res))) return;
    const principal = principalOf(res);
    if (!principal) return sendError(res, 'QH_ERR_UNAUTHORIZED');
    const session = sessionOf(res);
    res.json({
      user: userView(principal),
      via: principal.via ?? 'token',
      ...(session
        ? { csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt).toISOString() }
        : {}),
    } satisfies MeAnswer);
  });

  // Public: the login page asks before anyone signs in. Where the file is, never what is in it.
  router.get('/api/v1/auth/login-info', (_req: Request, res: Response) => {
    noStore(res);
    const file = deps.developmentAccountsFile;
    res.json((file ? { developmentAccounts: { file, usernames: [...DEVELOPMENT_USERNAMES] } } : {}) satisfies LoginInfo);
  });

  router.use('/api/v1/auth', jsonBodyErrorHandler);
  return router;
}
