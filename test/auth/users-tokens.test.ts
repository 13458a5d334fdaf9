import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { scryptSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret, hashSecretAsync, needsRehash, SCRYPT_COST, unmatchableHash, verifySecret, verifySecretAsync } from '../../src/auth/secret-hash';
import { createTokenVerifier, parseTokens } from '../../src/auth/tokens';
import {
  createUserDirectory,
  credentialFingerprint,
  developmentUsers,
  loadUsers,
  loadUsersFile,
  normalizeUsername,
  parseUsers,
  upsertUserInFile,
} from '../../src/auth/users';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qihu-auth-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HASH = hashSecret('correct horse battery');

describe('secrets', () => {
  it('verifies scrypt hashes synchronously and asynchronously, the same way', async () => {
    expect(verifySecret('correct horse battery', HASH)).toBe(true);
    expect(await verifySecretAsync('correct horse battery', HASH)).toBe(true);
    expect(await verifySecretAsync('wrong horse battery', HASH)).toBe(false);
    expect(await verifySecretAsync('correct horse battery', 'bcrypt$x$y')).toBe(false);
    expect(await verifySecretAsync('correct horse battery', 'garbage')).toBe(false);
    expect(hashSecret('same')).not.toBe(hashSecret('same'));
  });

  it('writes the cost into new hashes, at N = 2^17, and still verifies the first format (N = 2^14)', async () => {
    expect(SCRYPT_COST).toEqual({ log2N: 17, r: 8, p: 1 });
    expect(HASH).toMatch(/^scrypt\$17\.8\.1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(needsRehash(HASH)).toBe(false);
    // The first format, as `npm run auth -- hash` wrote it: scrypt$salt$key at Node's default cost.
    const salt = Buffer.from('0123456789abcdef');
    const legacy = `scrypt$${salt.toString('base64url')}$${scryptSync('correct horse battery', salt, 32).toString('base64url')}`;
    expect(verifySecret('correct horse battery', legacy)).toBe(true);
    expect(await verifySecretAsync('correct horse battery', legacy)).toBe(true);
    expect(await verifySecretAsync('wrong horse battery', legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
    const cheap = await hashSecretAsync('correct horse battery', { log2N: 12, r: 8, p: 1 });
    expect(cheap).toMatch(/^scrypt\$12\.8\.1\$/);
    expect(await verifySecretAsync('correct horse battery', cheap)).toBe(true);
    expect(needsRehash(cheap)).toBe(true);
    // Costs outside sane bounds are not hashes (a typo must not make a login take minutes).
    for (const bad of ['scrypt$30.8.1$abc$def', 'scrypt$17.99.1$abc$def', 'scrypt$17.8$abc$def', 'scrypt$17.8.1$a+c$def']) {
      expect(await verifySecretAsync('x', bad)).toBe(false);
      expect(() => parseTokens(`t:operator:${bad}`)).toThrow(/AUTH_TOKENS entry 1/);
    }
    // Unknown users are checked against a hash at the current cost that nothing matches.
    const dummy = unmatchableHash();
    expect(dummy).toMatch(/^scrypt\$17\.8\.1\$/);
    expect(await verifySecretAsync('', dummy)).toBe(false);
  });

  it('verifies bearer tokens without blocking and remembers verified ones', async () => {
    const tokens = parseTokens(`bot:operator:${hashSecret('operator-token-123')}`);
    const verifier = createTokenVerifier(tokens);
    expect(verifier.remembered('operator-token-123')).toBeUndefined();
    expect(await verifier.verify('operator-token-123')).toEqual({ name: 'bot', role: 'operator', via: 'token' });
    expect(verifier.remembered('operator-token-123')).toEqual({ name: 'bot', role: 'operator', via: 'token' });
    expect(await verifier.verify('operator-token-124')).toBeUndefined();
    expect(verifier.remembered('operator-token-124')).toBeUndefined();
  });
});

describe('users from configuration', () => {
  it('parses AUTH_USERS and normalises usernames', () => {
    const users = parseUsers(` Zhang.San:operator:${HASH} , 李四:editor:${HASH}`);
    expect(users.map((u) => [u.username, u.role])).toEqual([
      ['zhang.san', 'operator'],
      ['李四', 'editor'],
    ]);
    expect(normalizeUsername(' ＡＤＭＩＮ ')).toBe('admin');
  });

  it('names the bad entry without echoing its hash', () => {
    expect(() => parseUsers(`ok:operator:${HASH},bad:root:${HASH}`)).toThrow(/AUTH_USERS entry 2/);
    expect(() => parseUsers('x:operator:plaintext-password')).toThrow(/entry 1/);
    try {
      parseUsers('x:operator:plaintext-password');
    } catch (err) {
      expect((err as Error).message).not.toContain('plaintext-password');
    }
  });

  it('loads a users file validated by zod and refuses duplicates', () => {
    const file = join(dir, 'users.json');
    writeFileSync(file, JSON.stringify([{ username: 'wang', role: 'admin', passwordHash: HASH, displayName: '王五' }]));
    expect(loadUsersFile(file)).toEqual([{ username: 'wang', role: 'admin', passwordHash: HASH, displayName: '王五' }]);
    expect(loadUsers({ AUTH_USERS: `zhao:operator:${HASH}`, AUTH_USERS_FILE: file }).map((u) => u.username)).toEqual(['zhao', 'wang']);
    expect(() => loadUsers({ AUTH_USERS: `WANG:operator:${HASH}`, AUTH_USERS_FILE: file })).toThrow(/"wang" is configured more than once/);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ username: 'wang', role: 'admin', passwordHash: 'secret' }]));
    expect(() => loadUsersFile(bad)).toThrow(/bad\.json: 0\.passwordHash/);
    writeFileSync(bad, '{not json');
    expect(() => loadUsersFile(bad)).toThrow(/bad\.json/);
  });

  it('upserts users into a file atomically, readable only by its owner', () => {
    const file = join(dir, 'upsert.json');
    const entry = { username: 'zhao', role: 'operator' as const, passwordHash: HASH };
    expect(upsertUserInFile(file, entry)).toBe('added');
    expect(upsertUserInFile(file, { ...entry, role: 'editor' })).toBe('replaced');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([{ ...entry, role: 'editor' }]);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('finds users case-insensitively and fingerprints credentials', () => {
    const directory = createUserDirectory(parseUsers(`zhang.san:operator:${HASH}`));
    expect(directory.find('ZHANG.SAN')?.role).toBe('operator');
    expect(directory.find('nobody')).toBeUndefined();
    expect(credentialFingerprint(HASH)).toHaveLength(16);
    expect(credentialFingerprint(HASH)).not.toBe(credentialFingerprint(hashSecret('x')));
  });
});

describe('development accounts', () => {
  it('are created, with passwords printed once, only without users and outside production', async () => {
    const printed: string[] = [];
    const users = await developmentUsers({ nodeEnv: 'development', configuredUsers: 0, write: (t) => printed.push(t) });
    expect(users.map((u) => [u.username, u.role])).toEqual([
      ['admin', 'admin'],
      ['operator', 'operator'],
      ['editor', 'editor'],
      ['supervisor', 'supervisor'],
    ]);
    expect(printed).toHaveLength(1);
    const passwords = [...printed[0]!.matchAll(/^ {2}(\w+)\s+(\S+)\s+\(/gm)].map((m) => [m[1], m[2]]);
    expect(passwords).toHaveLength(4);
    for (const [name, password] of passwords) {
      const user = users.find((u) => u.username === name)!;
      expect(await verifySecretAsync(password!, user.passwordHash)).toBe(true);
    }

    const none: string[] = [];
    expect(await developmentUsers({ nodeEnv: 'production', configuredUsers: 0, write: (t) => none.push(t) })).toEqual([]);
    expect(await developmentUsers({ nodeEnv: undefined, configuredUsers: 1, write: (t) => none.push(t) })).toEqual([]);
    expect(none).toEqual([]);
  });
});
