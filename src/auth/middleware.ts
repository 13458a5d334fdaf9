/**
 * Authentication and authorisation middleware:
 *
 *   authenticate      cookie session or bearer API token → res.locals.principal (enforces nothing)
 *   requireRole(r)    401 without credentials, 403 with the wrong role (admin passes), and, for
 *                     cookie-authenticated unsafe requests, 403 without a valid CSRF token/origin
 *   requireCsrf       the CSRF checks alone (for routes any signed-in user may call)
 *   gate              one router, mounted first, that puts requireRole in front of every path under
 *                     PROTECTED_PREFIXES (protected-paths.ts): routes there are guarded by
 *                     construction, whichever router declares them
 *
 * A request with an Authorization header is judged by it alone (a cookie is then ignored).
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { sendError } from '../http-kit';
import type { Logger } from '../log';
import { appendSetCookie, clearedSessionCookie, readCookie, readCookies, SESSION_COOKIE, type CookieSecure } from './cookies';
import { CSRF_HEADER, CSRF_ORIGIN_REJECTED, CSRF_TOKEN_INVALID, csrfTokenMatches, isUnsafeMethod, originAllowed } from './csrf';
import { mark } from './markers';
import { PROTECTED_ROOTS, requiredRoleForPath, roleSatisfies } from './protected-paths';
import type { PasswordUpgrader } from './password-upgrade';
import { limiterKey, type AttemptLimiter } from './rate-limit';
import type { Session, SessionStore } from './sessions';
import { bearerToken, createTokenVerifier, type Principal, type Role, type TokenEntry, type TokenVerifier } from './tokens';
import { credentialFingerprint, type UserDirectory } from './users';

export interface AuthDeps {
  users: UserDirectory;
  /** API tokens (AUTH_TOKENS), or a verifier built from them. */
  tokens: readonly TokenEntry[] | TokenVerifier;
  sessions: SessionStore;
  /** Failed logins per IP and per username. */
  loginLimiter: AttemptLimiter;
  /** Invalid bearer tokens per IP (each costs one scrypt per configured token); optional. */
  bearerLimiter?: AttemptLimiter;
  log: Logger;
  /** Secure attribute of the session cookie. Default auto (when the request is HTTPS). */
  cookieSecure?: CookieSecure;
  /** Origins besides this server's own whose pages may send cookie-authenticated requests. */
  allowedOrigins?: readonly string[];
  /** A session is written back (idle expiry extended) at most this often. Default 60 s. */
  touchIntervalMs?: number;
  /** Replaces password hashes below the current cost at login (password-upgrade.ts); optional. */
  passwords?: PasswordUpgrader;
  /** Told of each request a limiter refuses (login attempts, invalid bearer tokens), for the metrics. */
  onRateLimited?: (scope: 'login' | 'token') => void;
}

interface AuthState {
  principal?: Principal;
  session?: Session;
  /** A response (401/429/503) has already been sent. */
  answered?: boolean;
}

const STATE = Symbol.for('qihu.auth.state');

function stateOf(res: Response): AuthState | undefined {
  return (res.locals as Record<symbol, AuthState | undefined>)[STATE];
}

/** The session behind a cookie-authenticated request (after authenticate). */
export function sessionOf(res: Response): Session | undefined {
  return stateOf(res)?.session;
}

/** The authenticated principal (after authenticate), also at res.locals.principal. */
export function principalOf(res: Response): Principal | undefined {
  return stateOf(res)?.principal;
}

export interface Auth {
  readonly deps: Readonly<AuthDeps> & { tokens: TokenVerifier };
  authenticate: RequestHandler;
  requireRole(role: Role): RequestHandler;
  requireCsrf: RequestHandler;
  /** Mount first (before every other router): guards PROTECTED_PREFIXES by construction. */
  gate: Router;
  /** Runs authentication once per request; false when it has already answered (503, 429 …). */
  ensureAuthenticated(req: Request, res: Response): Promise<boolean>;
  /** The CSRF checks for a cookie-authenticated unsafe request; answers 403 and returns false. */
  checkCsrf(req: Request, res: Response, session: Session): boolean;
}

export function createAuth(input: AuthDeps): Auth {
  const tokens: TokenVerifier = 'verify' in input.tokens ? input.tokens : createTokenVerifier(input.tokens);
  const deps = { ...input, tokens };
  const secure = deps.cookieSecure ?? 'auto';
  const touchIntervalMs = deps.touchIntervalMs ?? 60_000;
  const log = deps.log;

  async function bearer(req: Request, res: Response, token: string): Promise<AuthState> {
    const known = tokens.remembered(token);
    if (known) return { principal: known };
    const keys = [limiterKey('bearer-ip', req.ip ?? '')];
    if (deps.bearerLimiter) {
      const verdict = await deps.bearerLimiter.attempt(keys);
      if (verdict.limited) {
        log.warn('token rejected', { event: 'token_rejected', reason: 'rate_limited', ip: req.ip });
        deps.onRateLimited?.('token');
        res.setHeader('Retry-After', String(Math.ceil(verdict.retryAfterMs / 1000)));
        sendError(res, 'QH_ERR_RATE_LIMITED');
        return { answered: true };
      }
    }
    const principal = await tokens.verify(token);
    if (principal) {
      await deps.bearerLimiter?.release(keys);
      return { principal };
    }
    log.warn('token rejected', { event: 'token_rejected', reason: 'invalid_token', ip: req.ip });
    return {};
  }

  async function cookie(req: Request, res: Response, id: string): Promise<AuthState> {
    let session = await deps.sessions.get(id);
    const user = session && deps.users.find(session.username);
    if (!session || !user || credentialFingerprint(user.passwordHash) !== session.credential) {
      // Expired, unknown, or its user was removed or given a new password: forget it.
      if (session) await deps.sessions.destroy(id);
      appendSetCookie(res, clearedSessionCookie({ req, secure }));
      return {};
    }
    if (Date.now() - session.lastSeenAt >= touchIntervalMs) {
      session = await deps.sessions.touch(id);
      if (!session) return {}; // ended (logout elsewhere) between the read and the touch
    }
    const principal: Principal = {
      name: user.username,
      role: user.role,
      ...(user.displayName ? { displayName: user.displayName } : {}),
      via: 'session',
    };
    return { principal, session };
  }

  async function ensureAuthenticated(req: Request, res: Response): Promise<boolean> {
    const done = stateOf(res);
    if (done) return !done.answered;
    let state: AuthState;
    try {
      const auth = bearerToken(req.get('authorization'));
      if (auth.status === 'token') state = await bearer(req, res, auth.token);
      else if (auth.status === 'malformed') state = {};
      else {
        const cookies = readCookies(req.get('cookie'), SESSION_COOKIE);
        const id = readCookie(req.get('cookie'), SESSION_COOKIE);
        if (id) state = await cookie(req, res, id);
        else {
          // Two session cookies: one was planted; trust neither, and have the browser drop ours.
          if (cookies.length > 1) appendSetCookie(res, clearedSessionCookie({ req, secure }));
          state = {};
        }
      }
    } catch (err) {
      log.warn('authentication unavailable', { err });
      sendError(res, 'QH_ERR_UNAVAILABLE');
      state = { answered: true };
    }
    (res.locals as Record<symbol, AuthState>)[STATE] = state;
    if (state.principal) res.locals.principal = state.principal;
    return !state.answered;
  }

  function checkCsrf(req: Request, res: Response, session: Session): boolean {
    const detail = !originAllowed(req, deps.allowedOrigins)
      ? CSRF_ORIGIN_REJECTED
      : !csrfTokenMatches(session.csrfToken, req.get(CSRF_HEADER))
        ? CSRF_TOKEN_INVALID
        : undefined;
    if (!detail) return true;
    log.warn('request refused', {
      event: 'csrf_rejected',
      reason: detail,
      method: req.method,
      path: req.baseUrl + req.path,
      username: session.username,
      ip: req.ip,
      origin: req.get('origin'),
    });
    sendError(res, 'QH_ERR_FORBIDDEN', { detail });
    return false;
  }

  /** Role check plus CSRF; shared by requireRole and the gate. */
  async function enforce(req: Request, res: Response, role: Role): Promise<boolean> {
    if (!(await ensureAuthenticated(req, res))) return false;
    const state = stateOf(res)!;
    if (!state.principal) {
      sendError(res, 'QH_ERR_UNAUTHORIZED');
      return false;
    }
    if (!roleSatisfies(state.principal.role, role)) {
      sendError(res, 'QH_ERR_FORBIDDEN');
      return false;
    }
    if (state.session && isUnsafeMethod(req.method) && !checkCsrf(req, res, state.session)) return false;
    return true;
  }

  const authenticate = mark<RequestHandler>(
    async (req, res, next) => {
      if (await ensureAuthenticated(req, res)) next();
    },
    { kind: 'authenticate' },
  );

  const requireRole = (role: Role): RequestHandler =>
    mark<RequestHandler>(
      async (req, res, next) => {
        if (await enforce(req, res, role)) next();
      },
      { kind: 'role', role },
    );

  const requireCsrf = mark<RequestHandler>(
    async (req, res, next) => {
      if (!(await ensureAuthenticated(req, res))) return;
      const session = stateOf(res)?.session;
      if (session && isUnsafeMethod(req.method) && !checkCsrf(req, res, session)) return;
      next();
    },
    { kind: 'csrf' },
  );

  const gateHandler = mark<RequestHandler>(
    async (req, res, next) => {
      const role = requiredRoleForPath(req.baseUrl + req.path);
      // Mounted on PROTECTED_ROOTS only, so a role is always found; fail closed regardless.
      if (await enforce(req, res, role ?? 'admin')) next();
    },
    { kind: 'gate', roleFor: requiredRoleForPath },
  );
  const gate = Router();
  gate.use([...PROTECTED_ROOTS], gateHandler);

  return { deps, authenticate, requireRole, requireCsrf, gate, ensureAuthenticated, checkCsrf };
}
