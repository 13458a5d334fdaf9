/**
 * A seeded, bounded fuzz of every route in docs/openapi.yaml, in both modes (the embedded default
 * and Redis): a few thousand generated requests (wrong types, missing and extra fields, strings
 * past the limits, odd Unicode, prototype keys, deep nesting, broken JSON, wrong media types,
 * declared compression that is not there, hostile path and query values, bad and missing
 * credentials, signatures and CSRF tokens), with personal data mixed into the free text. Then a
 * little websocket traffic of the same kind.
 *
 * Afterwards: no answer was a 5xx or carried a stack trace or source path, the instance is healthy,
 * and none of the personal data sent is found unmasked in any log line, conversation record, inbox
 * or analytics answer, knowledge base, or anything else the mode stores (tickets, the state of a
 * conversation in progress and the calls in progress hold them by design, for the departments).
 *
 * QIHU_FUZZ_SEED=<n> replays another seed (the seed is in the test name); QIHU_FUZZ_REQUESTS=<n>
 * changes the count; QIHU_FUZZ_DEBUG=1 prints the statuses per route.
 */
import { createClient } from 'redis';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hashSecret } from '../../src/auth/secret-hash';
import { maskPersonalData } from '../../src/privacy/mask';
import { ticketAccessToken } from '../../src/tickets/access';
import { WebSocket } from '../../src/conversation/channels/ws';
import { startChatQihu, type ChatQihu } from '../chat/support';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import {
  closeSender,
  fuzzSeed,
  fuzzText,
  loadOpenApi,
  NOT_UTF8,
  notUtf8,
  operationsOf,
  PiiLedger,
  pool,
  randomUscc,
  resolver,
  Rng,
  send,
  stackSign,
  Tally,
  type FuzzRequest,
  type FuzzResponse,
  type Leak,
} from '../support/fuzz';
import { buildRequest, coverageProblem, NOT_REACHED, ROUTE_SPECS, specOf, type ConsoleSession, type Role, type World } from '../support/fuzz-routes';

const SEED = fuzzSeed(20261125);
const REQUESTS = Number(process.env.QIHU_FUZZ_REQUESTS ?? 2500);
const CONCURRENCY = 6;
const DEBUG = process.env.QIHU_FUZZ_DEBUG === '1';
const SECRET = 'fuzz-routing-secret-0123456789abcdef';
/** Marks websocket text sent in bytes that are not UTF-8. */
const UTF8_PROBE = 'utf8probe';

const doc = loadOpenApi(join(__dirname, '../../docs/openapi.yaml'));
const ops = operationsOf(doc);
const resolve = resolver(doc);

const PASSWORDS: Record<Role | 'spare', string> = {
  admin: 'fuzz-admin-password-0123',
  operator: 'fuzz-operator-password-0123',
  editor: 'fuzz-editor-password-0123',
  supervisor: 'fuzz-supervisor-password-0123',
  spare: 'fuzz-spare-password-0123',
};
const USERNAMES: Record<Role | 'spare', string> = { admin: 'admin', operator: 'zhang.san', editor: 'li.si', supervisor: 'wang.wu', spare: 'spare' };
const TOKENS: Record<Role, string> = {
  admin: 'fuzz-admin-token-0123456789',
  operator: 'fuzz-operator-token-0123456789',
  editor: 'fuzz-editor-token-0123456789',
  supervisor: 'fuzz-supervisor-token-0123456789',
};
// Hashing is slow on purpose: once for both modes, and at the test fixtures' lower cost (as
// test/auth/support.ts): the fuzz signs in now and then, and is about routes, not hashes.
const FIXTURE_COST = { log2N: 12, r: 8, p: 1 } as const;
let authEnv: Record<string, string> | undefined;
function authConfig(): Record<string, string> {
  authEnv ??= {
    AUTH_USERS: (Object.keys(PASSWORDS) as (Role | 'spare')[])
      .map((who) => `${USERNAMES[who]}:${who === 'spare' ? 'admin' : who}:${hashSecret(PASSWORDS[who], FIXTURE_COST)}`)
      .join(','),
    AUTH_TOKENS: (Object.keys(TOKENS) as Role[]).map((role) => `${role}-bot:${role}:${hashSecret(TOKENS[role], FIXTURE_COST)}`).join(','),
  };
  return authEnv;
}

describe('docs/openapi.yaml and the fuzz', () => {
  it('every documented route has a generator (or an explicit skip with its reason)', () => {
    expect(ops.length).toBeGreaterThan(50);
    const problems = ops.map((op) => [op.key, coverageProblem(op)] as const).filter(([, p]) => p);
    expect(problems).toEqual([]);
    // And no spec for a route the document no longer has.
    const keys = new Set(ops.map((o) => o.key));
    expect(Object.keys(ROUTE_SPECS).filter((k) => !keys.has(k))).toEqual([]);
  });
});

describe('the personal-data ledger', () => {
  it('finds every value it wrote, however written, and none once masked', () => {
    const rng = new Rng(SEED);
    const ledger = new PiiLedger();
    const missed: string[] = [];
    const leaked: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const before = new Set(ledger.all().map((v) => v.canonical));
      const text = ledger.sentence(rng);
      const fresh = ledger.all().filter((v) => !before.has(v.canonical));
      const found = new Set(ledger.leaks(text, 'raw').map((l) => l.value.canonical));
      for (const v of fresh) if (!found.has(v.canonical)) missed.push(`${v.written} in ${JSON.stringify(text)}`);
      const masked = maskPersonalData(text);
      for (const l of ledger.leaks(masked, 'masked')) leaked.push(`${l.value.kind} ${JSON.stringify(text)} → ${JSON.stringify(masked)}`);
    }
    expect(missed.slice(0, 5)).toEqual([]);
    expect(leaked.slice(0, 5)).toEqual([]);
  });
});

describe('the stack-trace detector', () => {
  it('finds what Node and Express print, and nothing in ordinary answers', () => {
    const trace = "TypeError: Cannot read properties of undefined (reading 'x')\n    at handler (/work/main/src/http/ask-router.ts:21:5)\n    at Layer.handle (/work/main/node_modules/router/lib/layer.js:152:17)";
    expect(stackSign(trace)).toBeDefined();
    expect(stackSign(JSON.stringify({ error: 'QH_ERR_INTERNAL', message: trace }))).toBeDefined();
    expect(stackSign('<pre>URIError: Failed to decode param &#39;%zz&#39;<br> &nbsp; &nbsp;at decodeParam (/app/node_modules/router/lib/layer.js:331:13)</pre>')).toBeDefined();
    expect(stackSign('Error: ENOENT: no such file or directory, open /srv/qihu/src/web/x.html')).toBeDefined();
    for (const ok of [
      '{"error":"QH_ERR_VALIDATION","message":"请求内容不符合要求","issues":[{"path":"text","code":"too_big","message":"Too big: expected string to have <=2000 characters"}]}',
      '{"kind":"answer","text":"办理地点：市民中心 at 3楼，网址 https://zwfw.example.gov.cn/item/item-drug-retail"}',
    ]) {
      expect(stackSign(ok)).toBeUndefined();
    }
  });
});

// ---------------------------------------------------------------- one instance under fuzz

interface Failure {
  request: FuzzRequest;
  response: FuzzResponse;
  why: string;
}

function describeFailure(f: Failure): string {
  const body = f.request.body ? f.request.body.subarray(0, 300).toString('utf8') : '';
  return [
    `${f.why}: ${f.request.method} ${f.request.path.slice(0, 300)} → ${f.response.status}${f.response.error ? ` (${f.response.error})` : ''}`,
    `  generated: ${f.request.what.join(', ')}`,
    `  headers: ${JSON.stringify(f.request.headers).slice(0, 400)}`,
    body ? `  body: ${JSON.stringify(body)}` : '',
    `  answer: ${f.response.body.slice(0, 400)}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Responses that are files shipped with qihu (their own text may look like anything). */
const isStaticFile = (res: FuzzResponse) =>
  (res.status === 200 || res.status === 304) && /^(text\/(javascript|css|html)|image\/svg)/.test(String(res.headers['content-type'] ?? ''));

/** Secrets that no answer may ever hold. */
const SECRET_SIGNS = [SECRET, 'scrypt$', '"devDependencies"', 'PRIVATE KEY', ...Object.values(PASSWORDS), ...Object.values(TOKENS)];

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${res.status}: ${text.slice(0, 300)}`);
  }
}

class Harness {
  readonly ledger = new PiiLedger();
  readonly tally = new Tally();
  readonly failures: Failure[] = [];
  readonly console: string[] = [];
  private freshIp = 0;

  constructor(
    readonly qihu: ChatQihu,
    readonly rng: Rng,
  ) {}

  get url(): string {
    return this.qihu.url;
  }

  api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(this.url + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  bearer(role: Role): Record<string, string> {
    return { authorization: `Bearer ${TOKENS[role]}` };
  }

  async login(who: Role | 'spare'): Promise<ConsoleSession> {
    const res = await this.api('POST', '/api/v1/auth/login', { username: USERNAMES[who], password: PASSWORDS[who] }, { 'x-forwarded-for': `192.0.2.${++this.freshIp % 250}` });
    const body = await json<{ csrfToken: string }>(res);
    if (res.status !== 200) throw new Error(`login ${who}: ${res.status}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    return { cookie, csrf: body.csrfToken };
  }

  async chat(sessionId: string, input: string | Record<string, unknown>) {
    const res = await this.api('POST', '/api/v1/chat', typeof input === 'string' ? { sessionId, text: input } : { sessionId, input });
    if (res.status !== 200) throw new Error(`chat ${res.status}: ${await res.text()}`);
    return (await res.json()) as { messages: { type: string; text: string; turnId?: string; ticketId?: string; choices?: { input: Record<string, unknown> }[] }[] };
  }

  /** What exists before the fuzz: sessions, tickets (by API and through the chat), calls, entries, inbox groups. */
  async buildWorld(): Promise<World> {
    const { rng, ledger } = this;
    const sessions = {
      admin: await this.login('admin'),
      operator: await this.login('operator'),
      editor: await this.login('editor'),
      supervisor: await this.login('supervisor'),
    };
    const tickets: World['tickets'] = [];
    for (let n = 0; n < 4; n++) {
      const res = await this.api('POST', '/api/v1/tickets', {
        channel: 'api',
        enterprise: { name: `示例五金制品有限公司${n}`, creditCode: randomUscc(rng), district: '东城区' },
        contact: { name: '李四', phone: ledger.value(rng, 'mobile') },
        demand: { summary: ledger.sentence(rng).slice(0, 200) },
      });
      const body = await json<{ id: string; accessToken: string }>(res);
      if (res.status !== 201) throw new Error(`ticket ${res.status}: ${JSON.stringify(body)}`);
      tickets.push({ id: body.id, token: body.accessToken });
    }
    const chatSessions = Array.from({ length: 24 }, (_, i) => `fuzz-${SEED}-${i}-session`);
    // Two intakes through the chat, personal data in the complaint and the answers.
    for (const sid of chatSessions.slice(0, 2)) {
      await this.chat(sid, `我要投诉：厂门口道路破损半年没修好，货车进不来。联系电话${ledger.value(rng, 'mobile')}`);
      await this.chat(sid, '示例五金制品有限公司');
      await this.chat(sid, randomUscc(rng).toLowerCase());
      await this.chat(sid, '东城');
      const summary = await this.chat(sid, '张三');
      const confirm = summary.messages.flatMap((m) => m.choices ?? [])[0];
      const filed = confirm ? await this.chat(sid, confirm.input) : summary;
      const id = filed.messages.find((m) => m.ticketId)?.ticketId;
      if (id) tickets.push({ id, token: ticketAccessToken(SECRET, id) });
    }
    const turnIds: string[] = [];
    for (const sid of chatSessions.slice(2)) {
      const out = await this.chat(sid, rng.chance(0.5) ? ledger.sentence(rng) : fuzzText(rng, ledger, { limits: [2000] }));
      for (const m of out.messages) if (m.turnId) turnIds.push(m.turnId);
    }
    const calls = Array.from({ length: 4 }, (_, i) => `fuzz-call-${SEED}-${i}`);
    for (const call of calls) {
      const res = await this.api('POST', `/api/v1/hotline/calls/${call}/utterances`, { text: ledger.sentence(rng) }, this.bearer('operator'));
      if (res.status !== 201) throw new Error(`utterance ${res.status}: ${await res.text()}`);
    }
    // An entry with a history of its own (the seeded ones have none to list).
    const faq = { kind: 'faq', id: `faq-fuzz-${SEED}`, question: '电子营业执照怎么下载？', answer: '微信或支付宝搜索“电子营业执照”小程序即可下载。', department: '市市场监督管理局' };
    const created = await this.api('POST', '/api/v1/admin/kb/entries', { entry: faq }, this.bearer('editor'));
    if (created.status !== 201) throw new Error(`entry ${created.status}: ${await created.text()}`);
    await this.api('PUT', `/api/v1/admin/kb/entries/${faq.id}`, { expectedVersion: 1, entry: { ...faq, alternates: ['电子执照在哪下'] } }, this.bearer('editor'));
    const entries = await json<{ items: { id: string; version: number }[] }>(await this.api('GET', '/api/v1/admin/kb/entries?limit=500', undefined, this.bearer('editor')));
    const changeSets = await json<{ items: { id: string }[] }>(await this.api('GET', '/api/v1/admin/kb/change-sets?limit=50', undefined, this.bearer('editor')));
    const inbox = await json<{ groups: { id: string }[] }>(await this.api('GET', '/api/v1/admin/kb/inbox', undefined, this.bearer('editor')));
    return {
      secret: SECRET,
      tickets,
      // The edited one first: the fuzz picks it more often than the others.
      entries: entries.items.map((e) => ({ id: e.id, version: e.version })).sort((a, b) => Number(b.id === faq.id) - Number(a.id === faq.id)),
      changeSets: changeSets.items.map((c) => c.id),
      groups: inbox.groups.map((g) => g.id),
      calls,
      chatSessions,
      turnIds,
      sessions,
      tokens: TOKENS,
      freshSession: () => this.login('spare'),
    };
  }

  check(request: FuzzRequest, response: FuzzResponse, route = request.route): void {
    const status = response.error && !response.error.startsWith('not sendable') ? 'ERR' : response.status === 0 ? 'unsent' : String(response.status);
    this.tally.add(route, status, response.ms);
    const fail = (why: string): void => {
      this.failures.push({ request, response, why });
    };
    if (status === 'ERR') return fail('no answer');
    if (response.status >= 500) return fail(`status ${response.status}`);
    if (!isStaticFile(response)) {
      const sign = stackSign(response.body);
      if (sign) return fail(`stack trace or source path in the answer: …${sign}…`);
    }
    const secret = SECRET_SIGNS.find((s) => response.body.includes(s));
    if (secret) return fail(`a secret in the answer (${secret.slice(0, 12)}…)`);
    // docs/security.md: JSON bodies must be UTF-8, never decoded with U+FFFD and kept.
    if (request.what.includes(NOT_UTF8) && response.status >= 200 && response.status < 300) fail('a body that is not UTF-8 was accepted');
  }

  async fuzz(world: World, count: number): Promise<void> {
    const weighted = ops.filter((op) => !specOf(op).skip).map((op) => [specOf(op).weight ?? 1, op] as const);
    const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
    // Every route first gets its share in turn (so that a small count still covers all), then by weight.
    const fuzzed = weighted.map(([, op]) => op);
    const inTurn = fuzzed.length * 8;
    await pool(count, CONCURRENCY, async (i) => {
      const rng = this.rng.fork(i);
      const op = i < inTurn ? fuzzed[i % fuzzed.length]! : rng.weighted(weighted);
      const request = await buildRequest({ rng, ledger: this.ledger, world, op, resolve });
      for (const first of request.before ?? []) this.check(first, await send(this.url, first));
      // Now and then the path with another method: it must be refused as cleanly.
      const other = rng.chance(0.03) ? rng.pick(methods.filter((m) => m !== op.method)) : undefined;
      if (other) request.method = other;
      this.check(request, await send(this.url, request), other ? 'another method on a documented path' : op.key);
    });
  }

  /** The websocket: hostile frames and personal data, a few sockets at a time. */
  async websocket(sockets: number, frames: number): Promise<void> {
    const { ledger } = this;
    await pool(sockets, 3, async (s) => {
      const rng = this.rng.fork(1_000_000 + s);
      const ws = new WebSocket(this.url.replace(/^http/, 'ws') + rng.pick(['/ws', '/']), { headers: { 'x-forwarded-for': `198.18.0.${s + 1}` } });
      const received: string[] = [];
      let closed = false;
      const gone = new Promise<void>((ok) =>
        ws.on('close', () => {
          closed = true;
          ok();
        }),
      );
      ws.on('message', (d) => received.push(String(d)));
      ws.on('error', () => {});
      await new Promise<void>((ok, fail) => {
        ws.once('open', () => ok());
        ws.once('error', fail);
      });
      const user = `fuzz-ws-${SEED}-${s}`;
      for (let f = 0; f < frames && !closed; f++) {
        const frame = rng.weighted<() => string | Buffer>([
          [5, () => JSON.stringify({ type: 'message', user, text: fuzzText(rng, ledger, { limits: [2001, 10_001] }) })],
          [1, () => JSON.stringify({ type: rng.pick(['hello', 'welcome_back', 'typing', '__proto__']), user })],
          [1, () => JSON.stringify({ type: 'message', user: rng.pick(['', 'x', 'x'.repeat(200), 5, null]), text: ledger.sentence(rng) })],
          [1, () => rng.pick(['{', 'null', '[]', '"x"', '{"__proto__":{"polluted":1},"type":"message","user":"' + user + '"}'])],
          [0.5, () => Buffer.from([0xff, 0xfe, 0x00, 0x01])],
          // Binary, JSON, but not UTF-8 in one of its strings: must be ignored, never taken with U+FFFD.
          [1, () => notUtf8(rng, JSON.stringify({ type: 'message', user, text: `${UTF8_PROBE} ${ledger.sentence(rng)}` }))],
          [0.3, () => JSON.stringify({ type: 'message', user, text: 'a'.repeat(20_000) })],
        ])();
        ws.send(frame);
        await new Promise((r) => setTimeout(r, rng.between(0, 30)));
      }
      await new Promise((r) => setTimeout(r, 200));
      ws.close();
      await Promise.race([gone, new Promise((r) => setTimeout(r, 1000))]);
      ws.terminate();
      for (const frame of received) {
        const sign = stackSign(frame);
        if (sign) this.failures.push({ request: { route: 'websocket', method: 'WS', path: '/ws', headers: {}, what: [] }, response: { status: 101, headers: {}, body: frame, ms: 0 }, why: `stack trace in a frame: ${sign}` });
      }
      this.tally.add('websocket /ws', `${received.length > 0 ? 'answered' : 'silent'}`);
    });
  }

  /** Every place personal data must not be found whole, read back after the run. */
  async leaks(mode: 'embedded' | 'redis', redisUrl?: string): Promise<Leak[]> {
    const { ledger } = this;
    const found: Leak[] = [];
    // Characters read per kind of place, and what was left out by design (for QIHU_FUZZ_DEBUG).
    const scanned = new Map<string, number>();
    const skipped = new Set<string>();
    const look = (text: string, where: string, kind = where) => {
      scanned.set(kind, (scanned.get(kind) ?? 0) + text.length);
      found.push(...ledger.leaks(text, where));
    };
    this.qihu.logs.forEach((line, i) => look(line, `log line ${i}`, 'log lines'));
    this.console.forEach((line, i) => look(line, `console output ${i}`, 'console output'));
    look(JSON.stringify(await this.qihu.records.list({ limit: 100_000 })), 'conversation records');
    const admin = this.bearer('admin');
    for (const path of [
      '/api/v1/admin/kb/inbox?days=366&limit=500&threshold=0.1',
      '/api/v1/admin/kb/analytics',
      '/api/v1/admin/kb/analytics?bucket=hour',
      '/api/v1/admin/kb/export',
      '/api/v1/admin/kb/change-sets?limit=500',
      '/api/v1/admin/kb/audit?limit=500',
      '/api/v1/admin/kb/synonyms',
      '/api/v1/admin/kb/routing',
      // The 督办 view shows and exports tickets: masked.
      '/api/v1/supervision/tickets?limit=200',
      '/api/v1/supervision/export?format=csv',
      '/api/v1/supervision/summary',
    ]) {
      const res = await this.api('GET', path, undefined, admin);
      expect(res.status).toBe(200);
      look(await res.text(), `GET ${path}`);
    }
    const listed = await json<{ items: { id: string }[] }>(await this.api('GET', '/api/v1/supervision/tickets?limit=200', undefined, admin));
    for (const { id } of listed.items) {
      const res = await this.api('GET', `/api/v1/supervision/tickets/${id}/timeline`, undefined, admin);
      expect(res.status).toBe(200);
      look(await res.text(), `GET timeline of ${id}`, 'GET /api/v1/supervision/tickets/{id}/timeline');
      const cases = await this.api('GET', `/api/v1/supervision/tickets/${id}/similar-cases`, undefined, admin);
      expect(cases.status).toBe(200);
      look(await cases.text(), `GET similar cases of ${id}`, 'GET /api/v1/supervision/tickets/{id}/similar-cases');
    }
    if (mode === 'embedded') {
      for (const file of filesUnder(this.qihu.dataDir)) {
        const name = relative(this.qihu.dataDir, file);
        // The ticket journal holds tickets whole: the departments need the contact's number.
        if (TICKETS_HOLD_PERSONAL_DATA.test(name)) skipped.add(`file ${name}`);
        else look(readFileSync(file, 'utf8'), `file ${name}`);
      }
    } else {
      const client = createClient({ url: redisUrl }) as RedisClient;
      await client.connect();
      try {
        for await (const keys of client.scanIterator({ COUNT: 500 })) {
          for (const key of keys) {
            const kind = `redis ${key.split(':').slice(0, 2).join(':')}:*`;
            if (REDIS_HOLDS_PERSONAL_DATA.test(key)) skipped.add(kind);
            else look(`${key} ${await redisValue(client, key)}`, `redis ${key}`, kind);
          }
        }
      } finally {
        await client.close();
      }
    }
    if (DEBUG) {
      const lines = [...scanned].sort().map(([k, n]) => `  ${k}: ${n} characters`);
      process.stderr.write(`${mode}: read back for personal data\n${lines.join('\n')}\n  holding it by design, not read: ${[...skipped].sort().join(', ') || 'nothing'}\n`);
    }
    return found;
  }
}

/**
 * Where personal data is kept whole, by design: tickets (the department calls the contact back),
 * the state of a conversation in progress (the intake's answers, until the ticket is filed; it
 * expires) and hotline calls in progress (the operator's draft). Everything else must hold it masked.
 */
const TICKETS_HOLD_PERSONAL_DATA = /^tickets\.journal(\.damaged-.*)?$/;
// Tickets, their state and their delivery queue (src/storage/redis/keys.ts); conversation state
// (qihu:state:qihu/conversation/…); calls in progress.
const REDIS_HOLDS_PERSONAL_DATA = /^qihu:(ticket:|state:|outbox(:|$)|call:)/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

type RedisClient = ReturnType<typeof createClient>;

async function redisValue(client: RedisClient, key: string): Promise<string> {
  const type = await client.type(key);
  switch (type) {
    case 'string':
      return String(await client.get(key));
    case 'hash':
      return JSON.stringify(await client.hGetAll(key));
    case 'list':
      return JSON.stringify(await client.lRange(key, 0, -1));
    case 'set':
      return JSON.stringify(await client.sMembers(key));
    case 'zset':
      return JSON.stringify(await client.zRange(key, 0, -1));
    case 'stream':
      return JSON.stringify(await client.xRange(key, '-', '+'));
    default:
      return '';
  }
}

// ---------------------------------------------------------------- both modes

afterAll(() => closeSender());

describe.each(['embedded', 'redis'] as const)('fuzz: %s', (mode) => {
  let redis: RedisServerHandle | undefined;
  let qihu: ChatQihu;
  let h: Harness;
  const spies: jest.SpyInstance[] = [];

  beforeAll(async () => {
    if (mode === 'redis') redis = await startRedisServer();
    qihu = await startChatQihu({
      ...(redis ? { redisUrl: redis.url } : {}),
      env: {
        ROUTING_SECRET: SECRET,
        // High chat limits: the fuzz is to reach the handlers (the limits have tests of their own).
        RATE_LIMIT_PER_SESSION: '100000',
        RATE_LIMIT_PER_IP: '100000',
        ...authConfig(),
      },
    });
    h = new Harness(qihu, new Rng(SEED));
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      spies.push(jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        h.console.push(args.map(String).join(' '));
      }));
    }
  }, 60_000);

  afterAll(async () => {
    spies.forEach((s) => s.mockRestore());
    await qihu?.stop();
    await redis?.stop();
  });

  it(`${REQUESTS} generated requests (seed ${SEED}): no 5xx, no stack traces, no personal data unmasked`, async () => {
    const started = Date.now();
    const world = await h.buildWorld();
    expect(world.tickets.length).toBeGreaterThanOrEqual(5);
    expect(world.groups.length).toBeGreaterThan(0);
    const setupMs = Date.now() - started;
    await h.fuzz(world, REQUESTS);
    const fuzzMs = Date.now() - started - setupMs;
    await h.websocket(8, 12);

    const sizes = `${world.tickets.length} tickets, ${world.entries.length} entries, ${world.changeSets.length} change sets, ${world.groups.length} inbox groups, ${world.calls.length} calls`;
    // Nothing sent in bytes that are not UTF-8 was kept, decoded with U+FFFD (the websocket's probe).
    const kept = new RegExp(`\ufffd[^"]{0,24}${UTF8_PROBE}`);
    expect(JSON.stringify(await qihu.records.list({ limit: 100_000 })).match(kept)).toBeNull();
    expect(qihu.logs.find((l) => kept.test(l))).toBeUndefined();

    const report = () =>
      `seed ${SEED} (QIHU_FUZZ_SEED=${SEED} to replay), ${mode}: ${h.tally.total()} requests, setup ${setupMs} ms (${sizes}), fuzz ${fuzzMs} ms\n${h.tally.report()}`;
    if (DEBUG) process.stderr.write(`${report()}\n`);

    // Nothing polluted a prototype (the server runs in this process).
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // The instance is up and well.
    const health = await h.api('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', mode });

    expect({ failures: h.failures.slice(0, 15).map(describeFailure), count: h.failures.length, report: h.failures.length ? report() : '' }).toEqual({
      failures: [],
      count: 0,
      report: '',
    });

    // Every route was reached past its guards at least once (the fuzz tests handlers, not only the gate).
    const unreached = ops
      .filter((op) => !specOf(op).skip)
      .filter((op) => {
        const reached = new Set(specOf(op).reached ?? []);
        return ![...h.tally.statuses(op.key).keys()].some((s) => reached.has(Number(s)) || !NOT_REACHED.has(Number(s)));
      })
      .map((op) => `${op.key}: ${[...h.tally.statuses(op.key).entries()].map(([s, n]) => `${s}×${n}`).join(' ')}`);
    expect(unreached).toEqual([]);

    // Nothing logged as an error: a handler that failed would say so there.
    const errors = qihu.logs.filter((l) => (JSON.parse(l) as { level: string }).level === 'error');
    expect(errors.slice(0, 10)).toEqual([]);

    expect(h.ledger.size).toBeGreaterThan(200);
    const leaks = await h.leaks(mode, redis?.url);
    expect(leaks.slice(0, 10).map((l) => `${l.value.kind} ${l.value.written} in ${l.where}: …${l.excerpt}…`)).toEqual([]);
  }, 240_000);
});
