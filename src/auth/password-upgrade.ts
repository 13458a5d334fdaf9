/**
 * Rehash on login: a password hash below the current scrypt cost (src/auth/secret-hash.ts) is
 * replaced the first time its user signs in, the only moment the password is known.
 *
 * A user from the users file (AUTH_USERS_FILE) gets the new hash written there, atomically, and only
 * if the file still holds the hash that was checked (an administrator's change meanwhile wins). A
 * user from AUTH_USERS cannot be rewritten: the log says once which user's hash to replace. The
 * running instance keeps the hash it loaded, so sessions stay valid on every instance until the
 * next start, after which each upgraded user signs in once more.
 */
import type { Logger } from '../log';
import { hashSecretAsync, needsRehash, SCRYPT_COST } from './secret-hash';
import { loadUsersFile, upsertUserInFile, type UserEntry } from './users';

export interface PasswordUpgrader {
  /** Called after a successful login with the password just checked. Never throws. */
  upgrade(user: UserEntry, password: string): Promise<void>;
}

export function createPasswordUpgrader(deps: { usersFile?: string | undefined; log: Logger }): PasswordUpgrader {
  const handled = new Set<string>();
  const cost = `2^${SCRYPT_COST.log2N}`;
  return {
    async upgrade(user, password) {
      if (!needsRehash(user.passwordHash) || handled.has(user.username)) return;
      handled.add(user.username);
      try {
        const stored = deps.usersFile ? loadUsersFile(deps.usersFile).find((u) => u.username === user.username) : undefined;
        if (!stored || stored.passwordHash !== user.passwordHash) {
          deps.log.warn('password hash below the current scrypt cost: replace it (npm run auth -- hash)', { username: user.username, cost });
          return;
        }
        const passwordHash = await hashSecretAsync(password);
        // Read again just before writing: the file may have changed during the hash.
        const current = loadUsersFile(deps.usersFile!).find((u) => u.username === user.username);
        if (current?.passwordHash !== user.passwordHash) return;
        upsertUserInFile(deps.usersFile!, { ...current, passwordHash });
        deps.log.info('password hash upgraded in the users file', { username: user.username, cost });
      } catch (err) {
        handled.delete(user.username);
        deps.log.warn('password hash upgrade failed', { username: user.username, err });
      }
    },
  };
}
