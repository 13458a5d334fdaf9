/**
 * API tokens from configuration: `AUTH_TOKENS="name:role:scrypt$salt$hash,..."`. Tokens are stored
 * only as scrypt hashes (create one with `npm run auth -- hash <token>`); requests present the
 * token as `Authorization: Bearer <token>`. Roles: operator, editor, admin (admin may do everything).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { sendError } from '../http/errors';

export const Role = z.enum(['operator', 'editor', 'admin']);
export type Role = z.infer<typeof Role>;

const HASH_PREFIX = 'scrypt';
const KEY_LENGTH = 32;

export function hashSecret(secret: string, salt = randomBytes(16)): string {
  return `${HASH_PREFIX}$${salt.toString('base64url')}$${scryptSync(secret, salt, KEY_LENGTH).toString('base64url')}`;
}

export function verifySecret(secret: string, stored: string): boolean {
  const [prefix, salt, hash] = stored.split('$');
  if (prefix !== HASH_PREFIX || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(secret, Buffer.from(salt, 'base64url'), expected.length);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export const TokenEntry = z.object({ name: z.string().min(1), role: Role, hash: z.string().startsWith(`${HASH_PREFIX}$`) });
export type TokenEntry = z.infer<typeof TokenEntry>;

/** Parses AUTH_TOKENS; throws with the offending entry's position on a bad value. */
export function parseTokens(value: string | undefined): TokenEntry[] {
  if (!value?.trim()) return [];
  return value.split(',').map((raw, i) => {
    const [name, role, ...hash] = raw.trim().split(':');
    const parsed = TokenEntry.safeParse({ name, role, hash: hash.join(':') });
    if (!parsed.success) throw new Error(`AUTH_TOKENS entry ${i + 1} must be name:role:scrypt$salt$hash (role operator|editor|admin)`);
    return parsed.data;
  });
}

export interface Principal {
  name: string;
  role: Role;
}

export function authenticateBearer(header: string | undefined, tokens: readonly TokenEntry[]): Principal | undefined {
  const match = /^Bearer\s+(\S{8,200})$/i.exec(header ?? '');
  if (!match) return undefined;
  const token = tokens.find((t) => verifySecret(match[1]!, t.hash));
  return token && { name: token.name, role: token.role };
}

/** Middleware factory: 401 without valid credentials, 403 with the wrong role. */
export function createRequireRole(tokens: readonly TokenEntry[]) {
  return (role: Role): RequestHandler =>
    (req, res, next) => {
      const principal = authenticateBearer(req.get('authorization'), tokens);
      if (!principal) return sendError(res, 'QH_ERR_UNAUTHORIZED');
      if (principal.role !== role && principal.role !== 'admin') return sendError(res, 'QH_ERR_FORBIDDEN');
      res.locals.principal = principal;
      next();
    };
}
