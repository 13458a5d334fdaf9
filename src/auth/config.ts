/**
 * The authentication variables (docs/security.md), kept apart from the rest of src/auth so that
 * src/config.ts can import them without loading Express or Redis.
 */
import { z } from 'zod';
import { DEFAULT_LOGIN_MAX_FAILURES, DEFAULT_LOGIN_WINDOW_MS } from './rate-limit';

const OptionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

const OriginList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v ?? []),
  z.array(
    z
      .url({ protocol: /^https?$/ })
      .refine((u) => new URL(u).origin === u.replace(/\/+$/, ''), 'an origin: scheme://host[:port], no path')
      .transform((u) => new URL(u).origin),
  ),
);

/**
 * The authentication variables, for the lead to spread into ConfigSchema (src/config.ts):
 * `z.object({ ...existing, ...AuthConfigShape })`. AUTH_TOKENS stays where it is.
 */
export const AuthConfigShape = {
  /** Console users: username:role:scrypt-hash, comma-separated (npm run auth -- hash <password>). */
  AUTH_USERS: OptionalString,
  /** A JSON users file: [{username, role, passwordHash, displayName?}] (npm run auth -- add-user). */
  AUTH_USERS_FILE: OptionalString,
  /** Secure attribute of the session cookie: auto (when the request is HTTPS), always or never. */
  AUTH_COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Other origins whose pages may call the API with the session cookie (comma-separated). */
  AUTH_ALLOWED_ORIGINS: OriginList,
  /** A session ends after this many idle minutes. Default 480 (8 h). */
  AUTH_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(480),
  /** …and in any case this many hours after login. Default 24. */
  AUTH_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(24),
  /** Failed logins allowed per IP and per username in a window. Default 5. */
  AUTH_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(DEFAULT_LOGIN_MAX_FAILURES),
  /** The rate-limit window in minutes. Default 15. */
  AUTH_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(DEFAULT_LOGIN_WINDOW_MS / 60_000),
};
export const AuthConfigSchema = z.object({ ...AuthConfigShape, AUTH_TOKENS: OptionalString });
export type AuthConfig = z.infer<typeof AuthConfigSchema>;
