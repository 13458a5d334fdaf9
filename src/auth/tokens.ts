/**
 * API tokens from configuration: `AUTH_TOKENS="name:role:<hash>,..."`. Tokens are stored
 * only as scrypt hashes (src/auth/secret-hash.ts) (create one with `npm run auth -- hash <token>`); requests present the
 * token as `Authorization: Bearer <token>`. Roles: operator, editor, supervisor (督办), admin (admin may
 * do everything).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SecretHash, verifySecretAsync } from './secret-hash';

export const Role = z.enum(['operator', 'editor', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

export const TokenEntry = z.object({ name: z.string().min(1), role: Role, hash: SecretHash });
export type TokenEntry = z.infer<typeof TokenEntry>;

/** Parses AUTH_TOKENS; throws with the offending entry's position on a bad value. */
export function parseTokens(value: string | undefined): TokenEntry[] {
  if (!value?.trim()) return [];
  return value.split(',').map((raw, i) => {
    const [name, role, ...hash] = raw.trim().split(':');
    const parsed = TokenEntry.safeParse({ name, role, hash: hash.join(':') });
    if (!parsed.success) throw new Error(`AUTH_TOKENS entry ${i + 1} must be name:role:<scrypt hash> (role operator|editor|supervisor|admin)`);
    return parsed.data;
  });
}

export interface Principal {
  name: string;
  role: Role;
  /** Users' display names (from the users file); tokens have none. */
  displayName?: string;
  /** How the request authenticated: an API token (bearer) or a console session (cookie). */
  via?: 'token' | 'session';
}

/** The bearer token in an Authorization header: none, malformed (→ 401) or the token. */
export function bearerToken(authorization: string | undefined): { status: 'none' } | { status: 'malformed' } | { status: 'token'; token: string } {
  if (!authorization) return { status: 'none' };
  const match = /^Bearer\s+(\S{8,200})$/i.exec(authorization);
  return match ? { status: 'token', token: match[1]! } : { status: 'malformed' };
}

export interface TokenVerifier {
  /** A token this verifier has verified before (one HMAC); undefined if it does not remember it. */
  remembered(token: string): Principal | undefined;
  /** Checks the token against every configured hash with async scrypt. */
  verify(token: string): Promise<Principal | undefined>;
}

/**
 * Verifies bearer tokens against the configured hashes without blocking the event loop, and
 * remembers tokens it has verified (under an HMAC with a per-process key, never the token itself)
 * so that a client presenting the same token again costs one HMAC instead of one scrypt per
 * configured token. Tokens are fixed by configuration, so a remembered token stays valid.
 */
export function createTokenVerifier(tokens: readonly TokenEntry[], opts: { cacheSize?: number } = {}): TokenVerifier {
  const cacheSize = opts.cacheSize ?? 1000;
  const cacheKey = randomBytes(32);
  const cache = new Map<string, Principal>();
  const keyOf = (token: string) => createHmac('sha256', cacheKey).update(token).digest('base64url');
  return {
    remembered(token) {
      const key = keyOf(token);
      const cached = cache.get(key);
      if (!cached) return undefined;
      cache.delete(key);
      cache.set(key, cached);
      return { ...cached };
    },
    async verify(token) {
      const results = await Promise.all(tokens.map((t) => verifySecretAsync(token, t.hash)));
      const found = tokens[results.indexOf(true)];
      if (!found) return undefined;
      const principal: Principal = { name: found.name, role: found.role, via: 'token' };
      cache.set(keyOf(token), principal);
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
      return { ...principal };
    },
  };
}
