/**
 * Password and token hashes: scrypt with its cost written into the hash, so the cost can rise
 * without invalidating what is configured.
 *
 *   scrypt$17.8.1$<salt>$<key>    log2(N) = 17, r = 8, p = 1 (what new hashes get: OWASP's minimum)
 *   scrypt$<salt>$<key>           the first format: N = 2^14, r = 8, p = 1
 *
 * Salt and key are base64url. The cost fields are separated by dots because hashes travel inside
 * AUTH_USERS and AUTH_TOKENS, which already use ":" and ",". A hash below the current cost still
 * verifies; `needsRehash` tells the login to replace it (src/auth/password-upgrade.ts).
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const PREFIX = 'scrypt';
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

export interface ScryptCost {
  /** log2 of N, the CPU and memory cost. */
  log2N: number;
  r: number;
  p: number;
}

/** The cost of every new hash. At r = 8 it takes 128 MiB and ~0.3 s of one core. */
export const SCRYPT_COST: ScryptCost = Object.freeze({ log2N: 17, r: 8, p: 1 });

const FIRST_FORMAT_COST: ScryptCost = Object.freeze({ log2N: 14, r: 8, p: 1 });

// Bounds on what a configured hash may ask for: a typo must not make each login take minutes or gigabytes.
const COST_FIELDS = /^(\d{1,2})\.(\d{1,2})\.(\d)$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

/** Whether `value` is a well-formed hash in either format (for the configuration schemas). */
export const SecretHash = z.string().refine((value) => parseHash(value) !== undefined, {
  message: 'must be an scrypt hash: scrypt$<log2N.r.p>$<salt>$<key> (npm run auth -- hash)',
});

function parseHash(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts[0] !== PREFIX) return undefined;
  let cost = FIRST_FORMAT_COST;
  if (parts.length === 4) {
    const m = COST_FIELDS.exec(parts[1]!);
    if (!m) return undefined;
    cost = { log2N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
    if (cost.log2N < 10 || cost.log2N > 20 || cost.r < 1 || cost.r > 16 || cost.p < 1 || cost.p > 4) return undefined;
  } else if (parts.length !== 3) {
    return undefined;
  }
  const [salt, key] = parts.slice(-2) as [string, string];
  if (!B64URL.test(salt) || !B64URL.test(key)) return undefined;
  return { cost, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

function scryptOptions(cost: ScryptCost) {
  // Node refuses more than 32 MiB by default; N = 2^17 at r = 8 needs 128 MiB.
  return { N: 2 ** cost.log2N, r: cost.r, p: cost.p, maxmem: 256 * cost.r * 2 ** cost.log2N };
}

function format(cost: ScryptCost, salt: Buffer, key: Buffer): string {
  return `${PREFIX}$${cost.log2N}.${cost.r}.${cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Hashes a secret at the current cost (blocks ~0.3 s: for the CLI and start-up). */
export function hashSecret(secret: string, cost: ScryptCost = SCRYPT_COST): string {
  const salt = randomBytes(SALT_LENGTH);
  return format(cost, salt, scryptSync(secret, salt, KEY_LENGTH, scryptOptions(cost)));
}

/** hashSecret on libuv's thread pool, leaving the event loop free. */
export function hashSecretAsync(secret: string, cost: ScryptCost = SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, scryptOptions(cost), (err, key) => (err ? reject(err) : resolve(format(cost, salt, key))));
  });
}

/**
 * A hash no secret matches, at the current cost, made without hashing anything: what an unknown
 * username's password is checked against, so that it costs the same time as a known one.
 */
export function unmatchableHash(): string {
  return format(SCRYPT_COST, randomBytes(SALT_LENGTH), randomBytes(KEY_LENGTH));
}

/** Whether a stored hash is below the current cost (and should be replaced at the next login). */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const { cost } = parsed;
  return cost.log2N < SCRYPT_COST.log2N || cost.r < SCRYPT_COST.r || cost.p < SCRYPT_COST.p;
}

export function verifySecret(secret: string, stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length === 0) return false;
  const actual = scryptSync(secret, parsed.salt, parsed.key.length, scryptOptions(parsed.cost));
  return timingSafeEqual(parsed.key, actual);
}

/**
 * verifySecret without blocking the event loop (scrypt runs on libuv's thread pool). The same
 * work is done whatever the input, so a malformed stored hash is compared against a dummy.
 */
export function verifySecretAsync(secret: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  const wellFormed = !!parsed && parsed.key.length > 0;
  const cost = parsed?.cost ?? SCRYPT_COST;
  const salt = parsed?.salt ?? Buffer.alloc(SALT_LENGTH);
  const keyLength = wellFormed ? parsed.key.length : KEY_LENGTH;
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keyLength, scryptOptions(cost), (err, actual) => {
      if (err) return reject(err);
      resolve(wellFormed && timingSafeEqual(parsed.key, actual));
    });
  });
}
