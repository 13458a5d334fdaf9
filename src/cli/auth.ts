/**
 * The `auth` command:
 *
 *   npm run auth -- hash [<secret>]
 *       prints the scrypt hash to put in AUTH_TOKENS or AUTH_USERS; without <secret> it is read
 *       from standard input (a prompt without echo on a terminal), keeping it out of shell history
 *   npm run auth -- add-user <file> <username> <role> [--display-name <name>] [--password-stdin]
 *       adds (or replaces) a user in the JSON users file named by AUTH_USERS_FILE; the password is
 *       asked twice without echo, or read from standard input with --password-stdin (or a pipe)
 */
import { parseArgs } from 'node:util';
import { hashSecret } from '../auth/secret-hash';
import { Role } from '../auth/tokens';
import { UserEntry, upsertUserInFile } from '../auth/users';
import { issuesLine } from './command';

const MIN_LENGTH = 12;

const USAGE = `Usage:
  npm run auth -- hash [<secret>]
  npm run auth -- add-user <file> <username> <role> [--display-name <name>] [--password-stdin]

hash        prints the scrypt hash of a token or password (at least ${MIN_LENGTH} characters) for
            AUTH_TOKENS (name:role:<hash>) or AUTH_USERS (username:role:<hash>). Without <secret>
            it is read from standard input, without echo on a terminal.
add-user    adds or replaces a user in a users file (AUTH_USERS_FILE); role is operator, editor,
            supervisor or admin. The password is asked twice without echo, or read from standard
            input with --password-stdin.`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function readSecret(fromStdin: boolean, what: string): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) return readStdin();
  const first = await promptHidden(`${what}: `);
  const second = await promptHidden(`${what} (again): `);
  if (first !== second) fail('the two entries differ; nothing written');
  return first;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'password-stdin': { type: 'boolean', default: false },
      'display-name': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) fail(USAGE);

  if (command === 'hash') {
    if (args.length > 1) fail(USAGE);
    const secret = args[0] ?? (await readSecret(values['password-stdin'], 'Secret'));
    if (secret.length < MIN_LENGTH) fail(`the secret must have at least ${MIN_LENGTH} characters`);
    console.log(hashSecret(secret));
    return;
  }

  if (command === 'add-user') {
    const [file, username, role] = args;
    if (!file || !username || !role || args.length !== 3) fail(USAGE);
    if (!Role.safeParse(role).success) fail('role must be operator, editor, supervisor or admin');
    const password = await readSecret(values['password-stdin'], `Password for ${username}`);
    if (password.length < MIN_LENGTH) fail(`the password must have at least ${MIN_LENGTH} characters`);
    const entry = UserEntry.safeParse({
      username,
      role,
      passwordHash: hashSecret(password),
      ...(values['display-name'] ? { displayName: values['display-name'] } : {}),
    });
    if (!entry.success) fail(issuesLine(entry.error));
    let outcome: string;
    try {
      outcome = upsertUserInFile(file, entry.data);
    } catch (err) {
      fail((err as Error).message);
    }
    console.log(`${outcome} ${entry.data.username} (${entry.data.role}) in ${file}`);
    return;
  }

  fail(USAGE);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
