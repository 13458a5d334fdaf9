/**
 * Console users from configuration: `AUTH_USERS="username:role:<hash>,…"` and/or a JSON
 * file named by `AUTH_USERS_FILE` (`[{username, role, passwordHash, displayName?}]`). Passwords are
 * stored only as scrypt hashes (src/auth/secret-hash.ts; `npm run auth -- hash <password>` or `npm run auth -- add-user`).
 * Usernames are compared after NFKC normalisation, trimming and lower-casing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { SecretHash } from './secret-hash';
import { Role } from './tokens';
import { formatIssues, zodIssues } from '../util';

/** Letters (Chinese too), digits, `.`, `_`, `@` and `-`; no `:` or `,` (the AUTH_USERS separators). */
const USERNAME_RE = /^[\p{L}\p{N}._@-]{1,64}$/u;

export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

export const Username = z
  .string()
  .transform(normalizeUsername)
  .pipe(z.string().regex(USERNAME_RE, 'username: 1 to 64 letters, digits, ".", "_", "@" or "-"'));


export const UserEntry = z.object({
  username: Username,
  role: Role,
  passwordHash: SecretHash,
  displayName: z.string().trim().min(1).max(64).optional(),
});
export type UserEntry = z.infer<typeof UserEntry>;

export const UsersFile = z.array(UserEntry);

/** Parses AUTH_USERS; throws naming the offending entry's position (never its hash). */
export function parseUsers(value: string | undefined): UserEntry[] {
  if (!value?.trim()) return [];
  return value.split(',').map((raw, i) => {
    const [username, role, ...hash] = raw.trim().split(':');
    const parsed = UserEntry.safeParse({ username, role, passwordHash: hash.join(':') });
    if (!parsed.success) throw new Error(`AUTH_USERS entry ${i + 1} must be username:role:<scrypt hash> (role operator|editor|supervisor|admin)`);
    return parsed.data;
  });
}

/** Reads and validates a users file; throws naming the file and the bad field. */
export function loadUsersFile(path: string): UserEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`AUTH_USERS_FILE ${path}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = UsersFile.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`AUTH_USERS_FILE ${path}: ${formatIssues(zodIssues(parsed.error).slice(0, 1), '(root)')}`);
  }
  return parsed.data;
}

/** AUTH_USERS and AUTH_USERS_FILE together; a username configured twice is an error. */
export function loadUsers(config: { AUTH_USERS?: string; AUTH_USERS_FILE?: string }): UserEntry[] {
  const users = [...parseUsers(config.AUTH_USERS), ...(config.AUTH_USERS_FILE ? loadUsersFile(config.AUTH_USERS_FILE) : [])];
  const seen = new Set<string>();
  for (const u of users) {
    if (seen.has(u.username)) throw new Error(`user "${u.username}" is configured more than once`);
    seen.add(u.username);
  }
  return users;
}

export interface UserDirectory {
  /** The user with this (normalised) username, if any. */
  find(username: string): UserEntry | undefined;
  readonly size: number;
}

export function createUserDirectory(users: readonly UserEntry[]): UserDirectory {
  const byName = new Map(users.map((u) => [normalizeUsername(u.username), u]));
  return { find: (username) => byName.get(normalizeUsername(username)), size: byName.size };
}

/**
 * A short fingerprint of a password hash, kept in sessions: when a user's password (hash) changes,
 * their existing sessions stop working.
 */
export function credentialFingerprint(passwordHash: string): string {
  return createHash('sha256').update(passwordHash).digest('base64url').slice(0, 16);
}

/** Adds or replaces a user in a users file, written atomically (temporary file and rename). */
export function upsertUserInFile(path: string, entry: UserEntry): 'added' | 'replaced' {
  const users = existsSync(path) ? loadUsersFile(path) : [];
  const i = users.findIndex((u) => u.username === entry.username);
  if (i >= 0) users[i] = entry;
  else users.push(entry);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(users, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
  return i >= 0 ? 'replaced' : 'added';
}
