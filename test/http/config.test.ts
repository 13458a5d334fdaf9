/**
 * Production refuses development secrets and accounts: the unit rules, and a real `src/main.ts`
 * child process that stops with a readable message before listening.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, DEVELOPMENT_ROUTING_SECRET, loadConfig, MIN_SECRET_BITS, secretBits } from '../../src/config';

const STRONG = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const USERS = 'admin:admin:scrypt$16384$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';

function issues(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig(env);
    return {};
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return Object.fromEntries(err.issues.map((i) => [i.variable, i.message]));
  }
}

describe('production configuration', () => {
  it('refuses the public development secret and a start without console users', () => {
    const found = issues({ NODE_ENV: 'production' });
    expect(found.ROUTING_SECRET).toMatch(/development default is public/);
    expect(found.AUTH_USERS).toMatch(/console users/);
    expect(issues({ NODE_ENV: 'production', ROUTING_SECRET: DEVELOPMENT_ROUTING_SECRET, AUTH_USERS: USERS }).ROUTING_SECRET).toBeDefined();
  });

  it.each([
    ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'repeats itself'],
    ['password-password-1', 'short and plain'],
    ['abcdefghij0123456789', 'twenty characters'],
  ])('refuses a guessable secret: %s (%s)', (secret) => {
    expect(secretBits(secret)).toBeLessThan(MIN_SECRET_BITS);
    expect(issues({ NODE_ENV: 'production', ROUTING_SECRET: secret, AUTH_USERS: USERS }).ROUTING_SECRET).toMatch(/too guessable/);
  });

  it('accepts a random secret with users, and development as it always was', () => {
    expect(secretBits(STRONG)).toBeGreaterThanOrEqual(MIN_SECRET_BITS);
    expect(issues({ NODE_ENV: 'production', ROUTING_SECRET: STRONG, AUTH_USERS: USERS })).toEqual({});
    expect(issues({ NODE_ENV: 'production', ROUTING_SECRET: STRONG, AUTH_USERS_FILE: '/etc/qihu/users.json' })).toEqual({});
    expect(issues({})).toEqual({});
    expect(loadConfig({}).ROUTING_SECRET).toBe(DEVELOPMENT_ROUTING_SECRET);
  });

  it('npm start in production without a secret stops with a message, not a stack, and never listens', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'qihu-prod-'));
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../src/main.ts')], {
        env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: '0', DATA_DIR: dataDir },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('ROUTING_SECRET: must be set in production');
      expect(run.stderr).toContain('AUTH_USERS: production needs console users');
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).not.toContain('is running');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
