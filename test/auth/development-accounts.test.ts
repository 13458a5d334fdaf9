/**
 * The development accounts (src/auth/development-accounts.ts): made once when no users are
 * configured outside production, kept in DATA_DIR with 0600 permissions, the same after a restart
 * (the passwords printed the first time only), and the login page told where they are, never what.
 * Last, a real `src/main.ts` started twice.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthConfigSchema, setupAuth } from '../../src/auth';
import { DEVELOPMENT_ACCOUNTS_FILE, developmentAccounts, DevelopmentAccountsFile } from '../../src/auth/development-accounts';
import { verifySecretAsync } from '../../src/auth/secret-hash';
import { createApp } from '../../src/http/app';
import { captureLogger, listen, login } from './support';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qihu-dev-accounts-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
const freshDir = () => join(root, `data-${++n}`);
const passwordsIn = (printed: string) => [...printed.matchAll(/^ {2}(\w+)\s+(\S+)\s+\((\w+)\)$/gm)].map((m) => ({ username: m[1], password: m[2], role: m[3] }));
const mode = (file: string) => statSync(file).mode & 0o777;

async function start(dataDir: string | undefined, env: { nodeEnv?: string; configuredUsers?: number } = {}) {
  const printed: string[] = [];
  const accounts = await developmentAccounts({
    nodeEnv: 'nodeEnv' in env ? env.nodeEnv : 'development',
    configuredUsers: env.configuredUsers ?? 0,
    ...(dataDir ? { dataDir } : {}),
    write: (t) => printed.push(t),
  });
  return { ...accounts, printed: printed.join('') };
}

describe('development accounts', () => {
  it('are made once, printed once, and kept in DATA_DIR readable by their owner only', async () => {
    const dataDir = freshDir();
    const first = await start(dataDir);
    const file = join(dataDir, DEVELOPMENT_ACCOUNTS_FILE);
    expect(first.file).toBe(file);
    expect(first.users.map((u) => [u.username, u.role])).toEqual([
      ['admin', 'admin'],
      ['operator', 'operator'],
      ['editor', 'editor'],
      ['supervisor', 'supervisor'],
    ]);
    const shown = passwordsIn(first.printed);
    expect(shown.map((s) => s.username)).toEqual(['admin', 'operator', 'editor', 'supervisor']);
    expect(first.printed).toContain(file);
    for (const { username, password } of shown) expect(await verifySecretAsync(password!, first.users.find((u) => u.username === username)!.passwordHash)).toBe(true);

    // The file: 0600, the hashes and the passwords; nothing else is left in the directory.
    expect(mode(file)).toBe(0o600);
    const stored = DevelopmentAccountsFile.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(stored.accounts.map((a) => [a.username, a.password, a.passwordHash])).toEqual(
      shown.map((s) => [s.username, s.password, first.users.find((u) => u.username === s.username)!.passwordHash]),
    );
    expect(readdirSync(dataDir)).toEqual([DEVELOPMENT_ACCOUNTS_FILE]);
    // The users handed to the directory carry no password.
    for (const u of first.users) expect(Object.keys(u)).not.toContain('password');
  });

  it('stay the same after a restart, which prints only where the passwords are', async () => {
    const dataDir = freshDir();
    const first = await start(dataDir);
    const again = await start(dataDir);
    expect(again.users).toEqual(first.users);
    expect(again.file).toBe(first.file);
    expect(passwordsIn(again.printed)).toEqual([]);
    for (const { password } of passwordsIn(first.printed)) expect(again.printed).not.toContain(password);
    expect(again.printed).toBe(`qihu: no users configured (AUTH_USERS / AUTH_USERS_FILE); development accounts admin, operator, editor, supervisor; their passwords are in ${first.file}\n`);
  });

  it('put the file back to 0600 when it was copied with wider permissions', async () => {
    const dataDir = freshDir();
    const first = await start(dataDir);
    chmodSync(first.file!, 0o644);
    const again = await start(dataDir);
    expect(again.users).toEqual(first.users);
    expect(mode(first.file!)).toBe(0o600);
  });

  it('set an unreadable file aside and make new ones', async () => {
    const dataDir = freshDir();
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, DEVELOPMENT_ACCOUNTS_FILE);
    writeFileSync(file, '{"accounts": "not these"}', { mode: 0o600 });
    const next = await start(dataDir);
    expect(passwordsIn(next.printed)).toHaveLength(4);
    expect(next.printed).toContain('could not be read');
    const aside = readdirSync(dataDir).filter((f) => f.startsWith(`${DEVELOPMENT_ACCOUNTS_FILE}.unreadable-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dataDir, aside[0]!), 'utf8')).toBe('{"accounts": "not these"}');
    expect((await start(dataDir)).users).toEqual(next.users);
  });

  it('last one run, printed each time, without a data directory or when it cannot be written', async () => {
    const perRun = await start(undefined);
    expect(perRun.file).toBeUndefined();
    expect(perRun.printed).toContain('for this run only');
    expect(passwordsIn(perRun.printed)).toHaveLength(4);

    const blocked = join(root, 'not-a-directory');
    writeFileSync(blocked, 'a file where the data directory should be');
    const unwritable = await start(join(blocked, 'data'));
    expect(unwritable.file).toBeUndefined();
    expect(unwritable.printed).toContain('could not be written');
    expect(passwordsIn(unwritable.printed)).toHaveLength(4);
  });

  it('are never made in production or beside configured users, and nothing is written', async () => {
    const dataDir = freshDir();
    expect(await start(dataDir, { nodeEnv: 'production' })).toEqual({ users: [], printed: '' });
    expect(await start(dataDir, { nodeEnv: undefined, configuredUsers: 1 })).toEqual({ users: [], printed: '' });
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('setupAuth with development accounts', () => {
  it('signs in with the same password after a restart; the login page learns where the file is, not what it holds', async () => {
    const dataDir = freshDir();
    const config = AuthConfigSchema.parse({});
    const printed: string[] = [];
    const first = await setupAuth({ config, log: captureLogger().log, nodeEnv: 'development', dataDir, write: (t) => printed.push(t) });
    const [admin] = passwordsIn(printed.join(''));
    expect(first.developmentAccountsFile).toBe(join(dataDir, DEVELOPMENT_ACCOUNTS_FILE));
    await first.close();

    // The restart.
    const second = await setupAuth({ config, log: captureLogger().log, nodeEnv: 'development', dataDir, write: (t) => printed.push(t) });
    const server = await listen(createApp({ log: captureLogger().log, routers: [second.gate, second.router] }));
    try {
      expect((await login(server.url, admin!.username!, admin!.password!)).res.status).toBe(200);
      const info = await fetch(server.url + '/api/v1/auth/login-info');
      expect(info.headers.get('cache-control')).toBe('no-store');
      const body = await info.text();
      expect(JSON.parse(body)).toEqual({ developmentAccounts: { file: join(dataDir, DEVELOPMENT_ACCOUNTS_FILE), usernames: ['admin', 'operator', 'editor', 'supervisor'] } });
      expect(body).not.toContain(admin!.password);
      expect(body).not.toContain('scrypt$');
    } finally {
      await server.close();
      await second.close();
    }
  });

  it('tells the login page nothing when users are configured', async () => {
    const setup = await setupAuth({ config: AuthConfigSchema.parse({}), log: captureLogger().log, nodeEnv: 'production' });
    const server = await listen(createApp({ log: captureLogger().log, routers: [setup.gate, setup.router] }));
    try {
      expect(await (await fetch(server.url + '/api/v1/auth/login-info')).json()).toEqual({});
    } finally {
      await server.close();
      await setup.close();
    }
  });
});

/** Starts `src/main.ts` in development on DATA_DIR; resolves with its standard error once it listens, then stops it. */
function runQihu(dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../src/main.ts')], {
      env: { PATH: process.env.PATH, NODE_ENV: 'development', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`qihu did not start: ${stderr}`));
    }, 60_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      if (stderr.includes('qihu is listening')) child.kill('SIGTERM');
    });
    child.stdout.resume();
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(stderr);
    });
  });
}

describe('npm start in development', () => {
  it('prints the passwords on the first start, and on the next only where they are', async () => {
    const dataDir = freshDir();
    const first = await runQihu(dataDir);
    const shown = passwordsIn(first);
    expect(shown.map((s) => s.username)).toEqual(['admin', 'operator', 'editor', 'supervisor']);
    const second = await runQihu(dataDir);
    expect(passwordsIn(second)).toEqual([]);
    for (const { password } of shown) expect(second).not.toContain(password);
    expect(second).toContain(`their passwords are in ${join(dataDir, DEVELOPMENT_ACCOUNTS_FILE)}`);
    const kept = DevelopmentAccountsFile.parse(JSON.parse(readFileSync(join(dataDir, DEVELOPMENT_ACCOUNTS_FILE), 'utf8')));
    expect(kept.accounts.map((a) => a.password)).toEqual(shown.map((s) => s.password));
  }, 120_000);
});
