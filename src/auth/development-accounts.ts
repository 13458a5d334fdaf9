/**
 * The embedded demo's accounts: admin, operator, editor and supervisor, when no users are configured and
 * NODE_ENV is not "production". Their passwords are made once and kept in DATA_DIR
 * (development-accounts.json, readable by its owner only: the hashes and, in this one file, the
 * passwords themselves), so they are the same after every restart. The first start prints them;
 * later starts print only where they are. Delete the file for new ones.
 *
 * Without a data directory, or when the file cannot be written, the accounts last one run and
 * their passwords are printed on every start.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { hashSecretAsync, SecretHash } from './secret-hash';
import { Role } from './tokens';
import { UserEntry, Username } from './users';

export const DEVELOPMENT_ACCOUNTS_FILE = 'development-accounts.json';

const ACCOUNTS: readonly { username: string; role: Role; displayName: string }[] = [
  { username: 'admin', role: 'admin', displayName: '开发管理员' },
  { username: 'operator', role: 'operator', displayName: '开发话务员' },
  { username: 'editor', role: 'editor', displayName: '开发知识编辑' },
  { username: 'supervisor', role: 'supervisor', displayName: '开发督办员' },
];

export const DEVELOPMENT_USERNAMES: readonly string[] = ACCOUNTS.map((a) => a.username);

const StoredAccount = z.object({
  username: Username,
  role: Role,
  displayName: z.string().trim().min(1).max(64),
  password: z.string().min(12),
  passwordHash: SecretHash,
});
type StoredAccount = z.infer<typeof StoredAccount>;

export const DevelopmentAccountsFile = z.object({
  note: z.string().optional(),
  accounts: z.array(StoredAccount).min(1),
});

const NOTE =
  'Development accounts of qihu (no AUTH_USERS / AUTH_USERS_FILE configured). Delete this file for new passwords; configure real users before exposing the instance (docs/security.md).';

export interface DevelopmentUsersOptions {
  /** process.env.NODE_ENV: nothing is created in production. */
  nodeEnv: string | undefined;
  /** How many users are configured; development users exist only when none are. */
  configuredUsers: number;
  /** DATA_DIR: where the accounts are kept, so that they stay the same across restarts. */
  dataDir?: string;
  /** Where the passwords (or where to find them) are printed. Default: standard error, not the structured log. */
  write?: (text: string) => void;
}

export interface DevelopmentAccounts {
  users: UserEntry[];
  /** The file that holds the passwords, when they are kept. */
  file?: string;
}

export const developmentAccountsPath = (dataDir: string): string => join(dataDir, DEVELOPMENT_ACCOUNTS_FILE);

const HEADER = 'qihu: no users configured (AUTH_USERS / AUTH_USERS_FILE);';
const FOOTER = 'Log in at /login. Configure real users before exposing this instance (docs/security.md).';

async function newAccounts(): Promise<StoredAccount[]> {
  // Hashed side by side on the thread pool: four hashes one after another at full cost would hold start-up over 1 s.
  return Promise.all(
    ACCOUNTS.map(async (a) => {
      const password = randomBytes(12).toString('base64url');
      return StoredAccount.parse({ ...a, password, passwordHash: await hashSecretAsync(password) });
    }),
  );
}

const passwordLines = (accounts: readonly StoredAccount[]) => accounts.map((a) => `  ${a.username.padEnd(10)} ${a.password}   (${a.role})`);
const toUser = ({ password: _password, ...user }: StoredAccount): UserEntry => UserEntry.parse(user);

/** The accounts kept in the file, or undefined when it is missing; throws when it is unreadable. */
function readAccounts(file: string): StoredAccount[] | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = DevelopmentAccountsFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  // Only its owner may read it, even when it was copied or restored with other permissions.
  if ((statSync(file).mode & 0o777) !== 0o600) chmodSync(file, 0o600);
  return parsed.accounts;
}

/**
 * Writes the file if there is none yet (a hard link from a temporary file: of two processes
 * starting at once, one writes, the other reads what it wrote). The accounts in the file.
 */
function keepAccounts(dataDir: string, file: string, accounts: StoredAccount[]): StoredAccount[] {
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ note: NOTE, accounts }, null, 2) + '\n', { mode: 0o600 });
  try {
    chmodSync(tmp, 0o600);
    linkSync(tmp, file);
    return accounts;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readAccounts(file) ?? accounts;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * The development accounts, or none (production, or users configured: then nothing is printed).
 * Kept in dataDir when given; see the module comment.
 */
export async function developmentAccounts(opts: DevelopmentUsersOptions): Promise<DevelopmentAccounts> {
  if (opts.nodeEnv === 'production' || opts.configuredUsers > 0) return { users: [] };
  const write = opts.write ?? ((text: string) => process.stderr.write(text));
  if (!opts.dataDir) {
    const accounts = await newAccounts();
    write(['', `${HEADER} development accounts for this run only:`, ...passwordLines(accounts), FOOTER, ''].join('\n') + '\n');
    return { users: accounts.map(toUser) };
  }

  const file = developmentAccountsPath(opts.dataDir);
  let setAside = '';
  try {
    const kept = readAccounts(file);
    if (kept) {
      write(`${HEADER} development accounts ${kept.map((a) => a.username).join(', ')}; their passwords are in ${file}\n`);
      return { users: kept.map(toUser), file };
    }
  } catch {
    // Not ours to repair by hand: set aside (nothing is lost) and make new accounts.
    setAside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, setAside);
  }
  const made = await newAccounts();
  let accounts: StoredAccount[];
  try {
    accounts = keepAccounts(opts.dataDir, file, made);
  } catch (err) {
    write(
      ['', `${HEADER} development accounts for this run only (${file} could not be written: ${(err as Error).message}):`, ...passwordLines(made), FOOTER, ''].join(
        '\n',
      ) + '\n',
    );
    return { users: made.map(toUser) };
  }
  const lines = [
    '',
    ...(setAside ? [`qihu: ${file} could not be read; it was moved to ${setAside}.`] : []),
    `${HEADER} development accounts, kept in ${file} (readable by its owner only):`,
    ...passwordLines(accounts),
    'These passwords are printed this once; later starts say only where they are.',
    FOOTER,
    '',
  ];
  write(lines.join('\n') + '\n');
  return { users: accounts.map(toUser), file };
}
