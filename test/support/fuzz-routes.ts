/**
 * qihu's routes for the HTTP fuzz (test/http/fuzz.test.ts): how to build a request for each
 * operation in docs/openapi.yaml. Most need nothing but the document (its examples, parameters and
 * security); the specs below add live ids (tickets, entries, calls, inbox groups), signatures,
 * ticket tokens and sessions where a request would otherwise never get past the first check, and
 * say which free-text fields get personal data.
 *
 * A documented operation is fuzzed when the document gives what it needs (an example or schema of
 * its body, an example, enum or spec for each path parameter) or a spec here does; otherwise
 * `coverageProblems` names it, and the test fails until it gets a spec or an explicit skip.
 */
import { signRequest } from '../../src/tickets/signing';
import { ticketAccessToken } from '../../src/tickets/access';
import {
  encodeLoose,
  fromSchema,
  fuzzText,
  junkQueryValue,
  junkSegment,
  junkValue,
  mutate,
  NOT_UTF8,
  notUtf8,
  randomUscc,
  wireBody,
  type DocOperation,
  type FuzzRequest,
  type PiiLedger,
  type Rng,
  type WireBody,
} from './fuzz';

export type Role = 'admin' | 'operator' | 'editor' | 'supervisor';

export interface ConsoleSession {
  cookie: string;
  csrf: string;
}

/** What exists in the instance under test, gathered before the fuzz starts (and then frozen). */
export interface World {
  secret: string;
  tickets: { id: string; token: string }[];
  entries: { id: string; version: number }[];
  changeSets: string[];
  groups: string[];
  calls: string[];
  chatSessions: string[];
  turnIds: string[];
  sessions: Record<Role, ConsoleSession>;
  tokens: Record<Role, string>;
  /** A session of its own (another user), for requests that may end it (logout). */
  freshSession(): Promise<ConsoleSession>;
}

export interface GenContext {
  rng: Rng;
  ledger: PiiLedger;
  world: World;
  op: DocOperation;
  resolve: (ref: string) => unknown;
}

export type CredKind = 'none' | 'bad-bearer' | 'bad-cookie' | 'session' | 'session-no-csrf' | 'session-bad-csrf' | 'session-cross-site' | 'bearer' | 'fresh-session';

export interface RouteSpec {
  /** Not fuzzed, and why. */
  skip?: string;
  /** Share of the requests, relative to 1. */
  weight?: number;
  /** Live values of path parameters, by name. */
  params?: Record<string, (ctx: GenContext) => string>;
  /** A valid body to mutate (besides the document's examples). */
  body?: (ctx: GenContext) => unknown;
  /** The body as sent, for routes that do not take JSON. */
  rawBody?: (ctx: GenContext) => WireBody;
  /** Requests to send first (the caller's words, before what is done with the call). */
  before?: (ctx: GenContext, path: string) => FuzzRequest[];
  /** Headers that depend on the request as built (signatures, ticket tokens). */
  headers?: (ctx: GenContext, sent: { path: string; body: Buffer | undefined }) => Record<string, string>;
  /** Query parameters added (already encoded). */
  query?: (ctx: GenContext) => Record<string, string>;
  /** Credentials to choose from, instead of the usual mix. */
  creds?: readonly (readonly [number, CredKind])[];
  /** Free-text fields get personal data (default: yes, except in the knowledge editor). */
  pii?: boolean;
  /** A stream: read its head and hang up. */
  stream?: boolean;
  /** The body limit the route documents, to send bodies just past it. */
  limit?: number;
  /** Statuses that show the handler itself ran (besides any not in 401/403/404/405/429). */
  reached?: readonly number[];
  /**
   * A share of requests sent well-formed (no mutation, plain JSON), with personal data in their
   * text: enough of them must get through to fill the records the leak check reads back.
   */
  wellFormed?: { share: number; body: (ctx: GenContext) => unknown };
}

/** Keys whose string values are free text: where personal data goes. */
export const FREE_TEXT = new Set(['text', 'summary', 'detail', 'comment', 'question', 'note', 'answer', 'reason', 'name', 'username']);

const IPS = Array.from({ length: 250 }, (_, i) => `198.51.100.${i + 1}`);
const LOGIN_IPS = ['203.0.113.10', '203.0.113.11', '203.0.113.12'];
/** The one address bad credentials come from: the limiters refuse it soon, as they should. */
export const ATTACKER_IP = '203.0.113.66';

const DISTRICTS = ['东城区', '东城', '西城区', '市本级', '南湖区', '不存在区', ''];

const pickTicket = (ctx: GenContext) => ctx.rng.pick(ctx.world.tickets);
const liveOr = (ctx: GenContext, live: readonly string[], p = 0.8): string =>
  live.length && ctx.rng.chance(p) ? ctx.rng.pick(live) : junkSegment(ctx.rng);

function chatSession(ctx: GenContext): unknown {
  const { rng, world } = ctx;
  return rng.weighted<() => unknown>([
    [8, () => rng.pick(world.chatSessions)],
    [1, () => `fuzz-${randomUUIDFrom(rng)}`],
    [1, () => junkValue(rng, ctx.ledger, () => 'x')],
    [0.5, () => 'short'],
    [0.5, () => 'x'.repeat(101)],
  ])();
}

function randomUUIDFrom(rng: Rng): string {
  return Array.from({ length: 4 }, () => rng.int(0x10000).toString(16).padStart(4, '0')).join('-');
}

function userInput(ctx: GenContext): unknown {
  const { rng, world } = ctx;
  return rng.weighted<() => unknown>([
    [3, () => ({ action: 'choose', entryId: world.entries.length && rng.chance(0.8) ? rng.pick(world.entries).id : junkSegment(rng) })],
    [1, () => ({ action: 'handoff' })],
    [2, () => ({ action: 'feedback', turnId: world.turnIds.length ? rng.pick(world.turnIds) : randomUUIDFrom(rng), helpful: rng.chance(0.5) })],
    [1, () => ({ action: 'rate', ticketId: pickTicket(ctx).id, score: rng.pick([1, 3, 5, 0, 6, 2.5]) })],
    [1, () => ({ text: fuzzText(rng, ctx.ledger, { limits: [2001] }) })],
  ])();
}

const chatText = (ctx: GenContext) => fuzzText(ctx.rng, ctx.ledger, { limits: [2001, 16_000] });

/** Valid text (at most 2,000 characters) with personal data in it, sometimes where a cut would fall. */
export function piiText(ctx: GenContext): string {
  const { rng, ledger } = ctx;
  return rng.weighted<() => string>([
    [4, () => ledger.sentence(rng)],
    [2, () => `${rng.pick(['开药店要什么材料', '营业执照丢了怎么办', '我要投诉', '转人工'])}，${ledger.sentence(rng)}`],
    [1, () => `${ledger.sentence(rng)} ${ledger.sentence(rng)}`],
    // A number, then text: cutting the last 300 (or 200, 2,000) characters would cut the number.
    [1, () => `${ledger.value(rng)}${'字'.repeat(rng.pick([rng.between(285, 299), rng.between(185, 199), rng.between(1985, 1995)]))}`],
  ])();
}

/**
 * Text with a mobile number where a cut to the last 300 or the first 120 characters would fall
 * (the hotline keeps the caller's last 300 characters, a ticket drafted from a call the first 120):
 * a number cut before it is masked is not recognised, and its piece shows its middle digits.
 */
export function cutEdgeText(ctx: GenContext): string {
  const { rng, ledger } = ctx;
  const number = ledger.value(rng, 'mobile');
  return rng.chance(0.5) ? `${number}${'字'.repeat(300 - (number.length - 3))}` : `${'字'.repeat(119 - 7)}${number}，后面还有话`;
}

/** A session id: one of the warm ones (with a conversation going on) or a new one. */
const sessionIdOf = (ctx: GenContext) => (ctx.rng.chance(0.4) ? ctx.rng.pick(ctx.world.chatSessions) : `fuzz-${ctx.rng.digits(12)}`);

function ticketBody(ctx: GenContext, hotline = false): Record<string, unknown> {
  const { rng, ledger } = ctx;
  const code = randomUscc(rng);
  const body: Record<string, unknown> = {
    ...(hotline ? {} : { channel: rng.pick(['api', 'web', 'hotline']) }),
    enterprise: {
      name: rng.pick(['示例五金制品有限公司', '測試科技有限公司', '某某餐饮店', `示例公司${rng.int(1000)}`]),
      creditCode: rng.weighted([
        [3, code],
        [2, code.toLowerCase()],
        [1, `${code.slice(0, 4)} ${code.slice(4, 8)} ${code.slice(8, 12).toLowerCase()} ${code.slice(12)}`],
        [1, ledger.value(rng, 'uscc')],
      ]),
      district: rng.pick(DISTRICTS),
    },
    contact: { name: rng.pick(['张三', '李四', '王五']), phone: ledger.value(rng, rng.pick(['mobile', 'mobile', 'landline'])) },
    demand: { summary: rng.chance(0.7) ? ledger.sentence(rng).slice(0, 200) : fuzzText(rng, ledger, { limits: [201] }) },
  };
  if (rng.chance(0.3)) (body.demand as Record<string, unknown>).detail = fuzzText(rng, ledger, { limits: [4001] });
  if (rng.chance(0.5)) body.idempotencyKey = `fuzz-${rng.digits(12)}`;
  return body;
}

function signedHeaders(ctx: GenContext, sent: { path: string; body: Buffer | undefined }): Record<string, string> {
  const { rng, world } = ctx;
  const path = sent.path.split('?')[0]!;
  const body = (sent.body ?? Buffer.alloc(0)).toString('utf8');
  const eventId = `fuzz-${rng.digits(10)}`;
  const valid = () => signRequest(world.secret, { method: 'POST', path, eventId, body });
  return rng.weighted<() => Record<string, string>>([
    [1, () => ({})],
    [4, valid],
    [1, () => signRequest(world.secret, { method: 'POST', path, eventId, body }, Date.now() - 3_600_000)],
    [1, () => signRequest(world.secret, { method: 'POST', path: `/api/v1/tickets/${pickTicket(ctx).id}/status`, eventId, body })],
    [1, () => signRequest('not-the-secret-0123456789', { method: 'POST', path, eventId, body })],
    [1, () => ({ ...valid(), 'X-Qihu-Signature': rng.pick(['sha256=', 'sha256=zz', 'md5=abc', '', 'sha256=' + 'a'.repeat(64), 'x'.repeat(5000)]) })],
    [1, () => ({ ...valid(), 'X-Qihu-Timestamp': rng.pick(['', '-1', '0', '1e12', 'abc', '99999999999999999999', String(Date.now())]) })],
    [1, () => ({ ...valid(), 'X-Qihu-Event-Id': rng.pick(['', 'short', 'x'.repeat(200), '../..', 'a b']) })],
    [0.5, () => signRequest(world.secret, { method: 'POST', path, eventId: 'fuzz-replayed-event', body })],
  ])();
}

function ticketToken(ctx: GenContext, sent: { path: string }): Record<string, string> {
  const { rng, world } = ctx;
  const id = decodeURIComponentSafe(sent.path.split('/')[4] ?? '');
  const right = ticketAccessToken(world.secret, id);
  return rng.weighted<() => Record<string, string>>([
    [3, () => ({ 'X-Qihu-Ticket-Token': right })],
    [2, () => ({})],
    [1, () => ({ 'X-Qihu-Ticket-Token': right.slice(0, -1) + (right.endsWith('A') ? 'B' : 'A') })],
    [1, () => ({ 'X-Qihu-Ticket-Token': rng.pick(['', 'x'.repeat(5000), '\u00ff\u00fe', 'null', ticketAccessToken(world.secret, pickTicket(ctx).id)]) })],
  ])();
}

function ticketTokenQuery(ctx: GenContext): Record<string, string> {
  const { rng } = ctx;
  return rng.chance(0.3) ? { token: rng.pick([ticketAccessToken(ctx.world.secret, pickTicket(ctx).id), '', 'x', '%00']) } : {};
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A live entry id (the first, edited in the set-up, a third of the time), or junk. */
const entryId = (ctx: GenContext) =>
  ctx.world.entries.length && ctx.rng.chance(0.3) ? ctx.world.entries[0]!.id : liveOr(ctx, ctx.world.entries.map((e) => e.id));
const version = (ctx: GenContext) =>
  ctx.rng.weighted<() => string>([
    [4, () => '1'],
    [2, () => '2'],
    [1, () => String(ctx.rng.between(3, 5))],
    [2, () => junkSegment(ctx.rng)],
  ])();
/** Now and then the caller's words first, on the same call: what is recorded from the call comes from them. */
const callerSaysFirst = (ctx: GenContext, path: string): FuzzRequest[] => {
  const utterances = path.replace(/\/(used|ticket|ticket-draft|suggestions)(\?.*)?$/, '/utterances');
  if (utterances === path || !ctx.rng.chance(0.4)) return [];
  const text = ctx.rng.chance(0.6) ? cutEdgeText(ctx) : piiText(ctx);
  return [
    {
      route: 'POST /api/v1/hotline/calls/{callId}/utterances',
      method: 'POST',
      path: utterances,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.world.tokens.operator}` },
      body: Buffer.from(JSON.stringify({ text }), 'utf8'),
      what: ['caller says first'],
    },
  ];
};

const callId = (ctx: GenContext) =>
  ctx.rng.weighted<() => string>([
    [6, () => ctx.rng.pick(ctx.world.calls)],
    [2, () => `fuzz-call-${ctx.rng.int(40)}`],
    [2, () => junkSegment(ctx.rng)],
  ])();

function importBody(ctx: GenContext): WireBody {
  const { rng } = ctx;
  const type = rng.pick(['text/csv', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/json', 'text/plain; charset=gbk']);
  const text = rng.weighted<() => string | Buffer>([
    [3, () => `id,question,answer,department,tags\nfaq-9${rng.digits(3)},${fuzzText(rng, ctx.ledger, { pii: false })},答案,市市场监督管理局,标签\n`],
    [1, () => 'id,question\n"unterminated,\n'],
    [1, () => '\ufeffid;question;answer\r\n1;2;3\r\n'],
    [1, () => Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Array.from({ length: 200 }, () => rng.int(256))])],
    [1, () => Buffer.from(Array.from({ length: rng.pick([0, 10, 5000]) }, () => rng.int(256)))],
    [1, () => JSON.stringify({ format: 'qihu.kb-export/v1', entries: [{ kind: 'faq', id: 'x' }] })],
    [0.5, () => 'a,'.repeat(50_000)],
  ])();
  return { bytes: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), headers: { 'content-type': type }, what: `import ${type}` };
}

/** A cases-jsonl upload (PUT /api/v1/admin/kb/cases): good lines, lines without a reply, broken JSON, bytes. */
function casesBody(ctx: GenContext): WireBody {
  const { rng } = ctx;
  const line = () =>
    JSON.stringify({
      id: rng.chance(0.8) ? `case-${rng.digits(4)}` : fuzzText(rng, ctx.ledger, { pii: false }),
      title: fuzzText(rng, ctx.ledger, { pii: false }),
      text: '小区路灯坏了一个月',
      reply: rng.pick(['您好！已转至县城管局核实、办理。', '', '网友：您好！留言已收悉']),
      time: rng.pick(['2019/4/25 9:32:09', '昨天', null]),
    });
  const text = rng.weighted<() => string | Buffer>([
    [3, () => Array.from({ length: rng.between(1, 5) }, line).join('\n')],
    [1, () => '{"id": "x",\n'],
    [1, () => Buffer.from(Array.from({ length: rng.pick([0, 10, 5000]) }, () => rng.int(256)))],
  ])();
  const type = rng.pick(['application/x-ndjson', 'application/octet-stream', 'text/plain; charset=gbk']);
  return { bytes: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), headers: { 'content-type': type }, what: `cases ${type}` };
}

/** An enterprise registry upload (PUT /api/v1/admin/enterprises): good rows, bad codes and numbers, a missing name column, bytes. */
function enterprisesBody(ctx: GenContext): WireBody {
  const { rng } = ctx;
  const row = () =>
    [
      rng.chance(0.8) ? `示例企业${rng.digits(3)}` : fuzzText(rng, ctx.ledger, { pii: false }).replace(/[,\n"]/g, ''),
      rng.pick(['91350100M000100Y43', '91350100M000100Y44', '', 'abc']),
      rng.pick(['示例区', '東城區', '']),
      rng.pick(['C3911', 'X99', '']),
      rng.pick(['12', '很多', '-3', '']),
      rng.pick(['高新技术企业、科技型中小企业', '超级企业', '']),
    ].join(',');
  const text = rng.weighted<() => string | Buffer>([
    [3, () => ['企业名称,统一社会信用代码,所属区,行业代码,从业人员,资质', ...Array.from({ length: rng.between(1, 5) }, row)].join('\n')],
    [1, () => '统一社会信用代码,从业人员\n91350100M000100Y43,3'],
    [1, () => Buffer.from(Array.from({ length: rng.pick([0, 10, 5000]) }, () => rng.int(256)))],
  ])();
  const type = rng.pick(['text/csv', 'application/octet-stream', 'text/plain; charset=gbk']);
  return { bytes: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), headers: { 'content-type': type }, what: `enterprises ${type}` };
}

/** The routes that need more than the document; every other documented route runs on it alone. */
export const ROUTE_SPECS: Record<string, RouteSpec> = {
  'POST /api/v1/chat': {
    weight: 5,
    limit: 16 * 1024,
    wellFormed: { share: 0.5, body: (ctx) => ({ sessionId: sessionIdOf(ctx), text: piiText(ctx) }) },
    body: (ctx) =>
      ctx.rng.chance(0.75) ? { sessionId: chatSession(ctx), text: chatText(ctx) } : { sessionId: chatSession(ctx), input: userInput(ctx) },
  },
  'POST /api/messages': {
    weight: 3,
    limit: 16 * 1024,
    wellFormed: { share: 0.5, body: (ctx) => ({ type: 'message', user: sessionIdOf(ctx), text: piiText(ctx) }) },
    body: (ctx) => {
      const { rng } = ctx;
      const type = rng.weighted([
        [6, 'message'],
        [1, 'hello'],
        [1, 'welcome_back'],
        [1, 'typing'],
        [0.5, rng.pick(['', 'x'.repeat(41), '__proto__', 'constructor'])],
      ] as const);
      return {
        type,
        user: chatSession(ctx),
        text: chatText(ctx),
        ...(rng.chance(0.2) ? { qihu: userInput(ctx) } : {}),
        ...(rng.chance(0.1) ? { channel: rng.pick(['websocket', 'webhook', 'x'.repeat(41)]) } : {}),
      };
    },
  },
  'POST /api/v1/ask': { weight: 2, limit: 256 * 1024, wellFormed: { share: 0.3, body: (ctx) => ({ text: piiText(ctx) }) } },
  'POST /api/v1/tickets': { weight: 2, body: (ctx) => ticketBody(ctx), limit: 256 * 1024, wellFormed: { share: 0.3, body: (ctx) => ticketBody(ctx) } },
  'GET /api/v1/supervision/tickets/{id}/timeline': {
    params: { id: (ctx) => pickTicket(ctx).id },
  },
  'GET /api/v1/supervision/tickets/{id}/similar-cases': {
    params: { id: (ctx) => pickTicket(ctx).id },
  },
  'GET /api/v1/tickets/{id}': {
    weight: 1.5,
    params: { id: (ctx) => pickTicket(ctx).id },
    headers: ticketToken,
    query: ticketTokenQuery,
  },
  'POST /api/v1/tickets/{id}/status': {
    weight: 1.5,
    params: { id: (ctx) => pickTicket(ctx).id },
    body: (ctx) => {
      const { rng } = ctx;
      const status = rng.pick(['received', 'assigned', 'in_progress', 'resolved', 'rejected', 'closed', 'queued', 'delivered']);
      const text = () => fuzzText(rng, ctx.ledger);
      return {
        status,
        at: rng.pick([new Date().toISOString(), '2026-11-25T19:00:00+08:00', '2099-01-01T00:00:00Z', 'yesterday']),
        ...(status === 'assigned' || rng.chance(0.2) ? { department: rng.pick(['东城区交通运输局', '市市场监督管理局', text()]) } : {}),
        ...(status === 'resolved' || rng.chance(0.2) ? { answer: text() } : {}),
        ...(status === 'rejected' || rng.chance(0.2) ? { reason: text() } : {}),
        ...(rng.chance(0.3) ? { note: text() } : {}),
      };
    },
    headers: signedHeaders,
  },
  'POST /api/v1/my-tickets': {
    wellFormed: {
      share: 0.4,
      body: (ctx) => {
        const t = pickTicket(ctx);
        return { tickets: [{ id: t.id, token: ctx.rng.chance(0.7) ? t.token : 'x'.repeat(32) }], script: ctx.rng.pick(['simplified', 'traditional']) };
      },
    },
  },
  'POST /api/v1/tickets/{id}/rating': {
    params: { id: (ctx) => pickTicket(ctx).id },
    body: (ctx) => ({ score: ctx.rng.pick([1, 2, 3, 4, 5, 5, 0, 6, -1, 3.5]), ...(ctx.rng.chance(0.6) ? { comment: fuzzText(ctx.rng, ctx.ledger, { limits: [1001] }) } : {}) }),
    headers: ticketToken,
    query: ticketTokenQuery,
  },
  // No delivery fails in the fuzz: no dead letter exists, and 404 is the handler's own answer.
  'POST /api/v1/admin/dead-letters/{id}/replay': { params: { id: (ctx) => ctx.rng.pick(['1764000000000-0', '0-0', 'dl-1', junkSegment(ctx.rng)]) }, reached: [404] },
  'POST /api/v1/admin/notifications/dead-letters/{id}/replay': { params: { id: (ctx) => ctx.rng.pick(['n-00000000-0000-0000-0000-000000000000', 'dl-1', junkSegment(ctx.rng)]) }, reached: [404] },
  'POST /api/v1/auth/login': {
    weight: 0.7,
    // From a few addresses: the login limiter refuses most soon, and each attempt it lets through
    // costs a production-cost scrypt (the unknown users' hash).
    headers: (ctx) => ({ 'x-forwarded-for': ctx.rng.pick(LOGIN_IPS) }),
    limit: 8 * 1024,
    // A login ends the session the browser already had: never send the shared sessions.
    creds: [
      [4, 'none'],
      [1, 'bad-cookie'],
      [1, 'fresh-session'],
    ],
    body: (ctx) => {
      const { rng, ledger } = ctx;
      return {
        username: rng.pick([
          'admin',
          'zhang.san',
          'nobody',
          'ADMIN',
          ' admin ',
          ledger.value(rng, 'mobile'),
          ledger.sentence(rng),
          'x'.repeat(300),
          // A number straddling the 64th character, where the logged name is cut.
          '字'.repeat(57) + ledger.value(rng, 'mobile'),
        ]),
        password: rng.pick(['wrong-password', '', 'x'.repeat(1025), ledger.value(rng, 'id18'), '\u0000']),
      };
    },
  },
  'POST /api/v1/auth/logout': {
    weight: 0.5,
    creds: [
      [2, 'none'],
      [1, 'bad-cookie'],
      [1, 'bad-bearer'],
      [1, 'bearer'],
      [1, 'session-bad-csrf'],
      [1, 'session-cross-site'],
      [1, 'fresh-session'],
    ],
  },
  'GET /api/v1/admin/kb/entries/{id}': { params: { id: entryId } },
  'PUT /api/v1/admin/kb/entries/{id}': { params: { id: entryId } },
  'DELETE /api/v1/admin/kb/entries/{id}': {
    weight: 0.3,
    params: { id: entryId },
    query: (ctx): Record<string, string> => (ctx.rng.chance(0.7) ? { expectedVersion: String(ctx.rng.between(1, 3)) } : {}),
  },
  'GET /api/v1/admin/kb/entries/{id}/versions': { params: { id: entryId } },
  'GET /api/v1/admin/kb/entries/{id}/versions/{version}': { params: { id: entryId, version } },
  'POST /api/v1/admin/kb/entries/{id}/rollback': { params: { id: entryId }, body: (ctx) => ({ toVersion: ctx.rng.between(1, 3) }) },
  'GET /api/v1/admin/kb/synonyms/versions/{version}': { params: { version } },
  'GET /api/v1/admin/kb/routing/versions/{version}': { params: { version } },
  'GET /api/v1/admin/kb/change-sets/{id}': { params: { id: (ctx) => liveOr(ctx, ctx.world.changeSets) } },
  'POST /api/v1/admin/kb/change-sets/{id}/rollback': { weight: 0.5, params: { id: (ctx) => liveOr(ctx, ctx.world.changeSets) } },
  'POST /api/v1/admin/kb/publish': { weight: 0.3 },
  'POST /api/v1/admin/kb/import': { weight: 0.7, rawBody: importBody, limit: 20 * 1024 * 1024 },
  'PUT /api/v1/admin/kb/cases': { weight: 0.4, rawBody: casesBody, limit: 20 * 1024 * 1024 },
  'PUT /api/v1/admin/enterprises': { weight: 0.4, rawBody: enterprisesBody, limit: 20 * 1024 * 1024 },
  'GET /api/v1/admin/enterprises/{creditCode}': { params: { creditCode: (ctx) => (ctx.rng.chance(0.5) ? '91350100M000100Y43' : fuzzText(ctx.rng, ctx.ledger, { pii: false })) } },
  'POST /api/v1/admin/kb/inbox/groups/{id}/dismiss': { params: { id: (ctx) => liveOr(ctx, ctx.world.groups) }, reached: [404] },
  'POST /api/v1/admin/kb/inbox/groups/{id}/alternate': {
    params: { id: (ctx) => liveOr(ctx, ctx.world.groups) },
    body: (ctx) => ({ entryId: ctx.world.entries.length ? ctx.rng.pick(ctx.world.entries).id : 'faq-0027' }),
    reached: [404],
  },
  'POST /api/v1/admin/kb/inbox/groups/{id}/faq': { params: { id: (ctx) => liveOr(ctx, ctx.world.groups) }, reached: [404] },
  'POST /api/v1/hotline/suggest': {
    weight: 1.5,
    body: (ctx) => ({ text: chatText(ctx), ...(ctx.rng.chance(0.5) ? { callId: callId(ctx) } : {}) }),
    wellFormed: { share: 0.3, body: (ctx) => ({ text: piiText(ctx), callId: ctx.rng.pick(ctx.world.calls) }) },
  },
  'POST /api/v1/hotline/cases/similar': {
    body: (ctx) => ({ text: chatText(ctx), ...(ctx.rng.chance(0.3) ? { limit: ctx.rng.between(0, 7) } : {}) }),
    wellFormed: { share: 0.4, body: (ctx) => ({ text: piiText(ctx) }) },
  },
  'POST /api/v1/hotline/calls/{callId}/utterances': {
    weight: 2,
    params: { callId },
    wellFormed: { share: 0.5, body: (ctx) => ({ text: piiText(ctx) }) },
    body: (ctx) => ({ text: chatText(ctx), speaker: ctx.rng.pick(['caller', 'caller', 'operator', 'robot']), final: ctx.rng.chance(0.8) }),
  },
  'GET /api/v1/hotline/calls/{callId}/suggestions': { params: { callId } },
  'GET /api/v1/hotline/calls/{callId}/events': { params: { callId }, stream: true },
  // The live hand-off's operator feed (server-sent events) never ends by itself.
  'GET /api/v1/hotline/live/events': { stream: true },
  'POST /api/v1/hotline/calls/{callId}/used': {
    before: callerSaysFirst,
    params: { callId },
    body: (ctx) => ({ entryId: ctx.rng.chance(0.4) ? null : entryId(ctx) }),
    wellFormed: { share: 0.4, body: (ctx) => ({ entryId: ctx.rng.chance(0.5) ? null : ctx.rng.pick(ctx.world.entries).id }) },
  },
  'POST /api/v1/hotline/calls/{callId}/ticket-draft': { params: { callId }, before: callerSaysFirst },
  'POST /api/v1/hotline/calls/{callId}/ticket': {
    params: { callId },
    before: callerSaysFirst,
    body: (ctx) => ticketBody(ctx, true),
    // The demand left out: the ticket's is drafted from the call.
    wellFormed: { share: 0.4, body: (ctx) => { const { demand: _demand, ...rest } = ticketBody(ctx, true); return rest; } },
  },
};

/** The route's spec with its defaults: knowledge-editor bodies are written by editors, not users. */
export function specOf(op: DocOperation): RouteSpec {
  const spec = ROUTE_SPECS[op.key] ?? {};
  const editor = op.path.startsWith('/api/v1/admin/kb');
  return { weight: editor ? 0.5 : 1, pii: !editor, ...spec };
}

/** Why an operation cannot be fuzzed (nothing to build a needed part from), or undefined. */
export function coverageProblem(op: DocOperation): string | undefined {
  const spec = specOf(op);
  if (spec.skip) return undefined;
  for (const name of [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)) {
    const p = op.params.find((x) => x.in === 'path' && x.name === name);
    if (!spec.params?.[name] && p?.example === undefined && !Array.isArray(p?.schema.enum)) return `path parameter {${name}} has no example, enum or spec`;
  }
  if (op.body?.required && !spec.body && !spec.rawBody && op.body.examples.length === 0 && !op.body.schema) return 'the body has no example, schema or spec';
  if (op.body?.required && !spec.rawBody && !op.body.types.some((t) => t.includes('json'))) return `a body of ${op.body.types.join(', ')} needs a rawBody spec`;
  return undefined;
}

// ---------------------------------------------------------------- credentials

/** The role a path needs (as src/auth/protected-paths.ts), for choosing sessions. */
function roleFor(op: DocOperation): Role | undefined {
  if (op.path.startsWith('/api/v1/admin/kb')) return 'editor';
  if (op.path.startsWith('/api/v1/admin')) return 'admin';
  if (op.path.startsWith('/api/v1/hotline')) return 'operator';
  if (op.path.startsWith('/api/v1/supervision')) return 'supervisor';
  return undefined;
}

const needsCreds = (op: DocOperation) => op.secured || roleFor(op) !== undefined;

function credKind(ctx: GenContext, spec: RouteSpec): CredKind {
  if (spec.creds) return ctx.rng.weighted(spec.creds);
  if (!needsCreds(ctx.op)) return ctx.rng.weighted<CredKind>([[12, 'none'], [1, 'bad-cookie'], [1, 'session'], [1, 'bearer']]);
  return ctx.rng.weighted<CredKind>([
    [1.5, 'none'],
    [0.4, 'bad-bearer'],
    [0.6, 'bad-cookie'],
    [7, 'session'],
    [0.6, 'session-no-csrf'],
    [0.5, 'session-bad-csrf'],
    [0.5, 'session-cross-site'],
    [2, 'bearer'],
  ]);
}

function roleToUse(ctx: GenContext): Role {
  const needed = roleFor(ctx.op);
  if (!needed) return ctx.rng.pick(['admin', 'operator', 'editor', 'supervisor'] as const);
  const others = (['admin', 'operator', 'editor', 'supervisor'] as const).filter((r) => r !== needed && r !== 'admin');
  return ctx.rng.weighted<Role>([
    [5, needed],
    [3, 'admin'],
    [1, ctx.rng.pick(others.length ? others : (['operator'] as const))],
  ]);
}

async function credentials(ctx: GenContext, kind: CredKind): Promise<Record<string, string>> {
  const { rng, world } = ctx;
  const session = (s: ConsoleSession, csrf: string | undefined, extra: Record<string, string> = {}) => ({
    cookie: s.cookie,
    ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }),
    ...extra,
  });
  switch (kind) {
    case 'none':
      return {};
    case 'bad-bearer':
      return {
        authorization: rng.pick(['Bearer not-a-token', 'Bearer', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'x'.repeat(5000)}`, 'bearer admin-token', 'Bearer  two  spaces', 'Token abc']),
        'x-forwarded-for': ATTACKER_IP,
      };
    case 'bad-cookie':
      return {
        cookie: rng.pick([
          'qihu_session=not-a-session',
          `qihu_session=${'A'.repeat(43)}`,
          'qihu_session=a; qihu_session=b',
          `qihu_session=${'x'.repeat(6000)}`,
          'qihu_session=%00%ff',
          'qihu_session',
          '=; ; ;=',
          '__proto__=1; constructor=2',
        ]),
        'x-csrf-token': rng.pick(['', 'x', 'null']),
      };
    case 'bearer':
      return { authorization: `Bearer ${world.tokens[roleToUse(ctx)]}` };
    case 'fresh-session': {
      const s = await world.freshSession();
      return session(s, s.csrf);
    }
    default: {
      const s = world.sessions[roleToUse(ctx)];
      if (kind === 'session') return session(s, s.csrf, rng.chance(0.3) ? { 'sec-fetch-site': 'same-origin' } : {});
      if (kind === 'session-no-csrf') return session(s, undefined);
      if (kind === 'session-bad-csrf') return session(s, rng.pick(['', s.csrf.slice(1), s.csrf + 'x', 'x'.repeat(5000), world.sessions.admin.csrf === s.csrf ? 'y' : world.sessions.admin.csrf]));
      return session(s, s.csrf, rng.pick<Record<string, string>>([{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }]));
    }
  }
}

// ---------------------------------------------------------------- one request

function pathParam(ctx: GenContext, spec: RouteSpec, name: string): string {
  const { rng, op } = ctx;
  const p = op.params.find((x) => x.in === 'path' && x.name === name);
  const live = spec.params?.[name];
  const enumValues = Array.isArray(p?.schema.enum) ? (p.schema.enum as unknown[]).map(String) : [];
  return rng.weighted<() => string>([
    [live ? 6 : 0, () => encodeLoose(live!(ctx))],
    [p?.example !== undefined ? 1.5 : 0, () => encodeLoose(String(p!.example))],
    [enumValues.length ? 5 : 0, () => encodeLoose(rng.pick(enumValues))],
    [2, () => junkSegment(rng)],
  ])();
}

function queryString(ctx: GenContext, spec: RouteSpec): string {
  const { rng, op, ledger } = ctx;
  const pii = specOf(op).pii ?? true;
  const parts: string[] = [];
  for (const p of op.params.filter((x) => x.in === 'query')) {
    if (!p.required && !rng.chance(0.6)) continue;
    const s = p.schema;
    const valid = (): string => {
      if (Array.isArray(s.enum)) return String(rng.pick(s.enum as unknown[]));
      if (s.type === 'integer' || s.type === 'number') {
        const lo = typeof s.minimum === 'number' ? s.minimum : 0;
        const hi = typeof s.maximum === 'number' ? s.maximum : lo + 100;
        return String(rng.chance(0.5) ? rng.between(lo, Math.min(hi, lo + 20)) : rng.pick([lo, hi]));
      }
      if (p.example !== undefined) return String(p.example);
      return encodeLoose(fuzzText(rng, ledger, { pii, limits: [201] }));
    };
    const value = rng.chance(0.6) ? valid() : junkQueryValue(rng, ledger, pii);
    const form = rng.weighted([
      [8, 'plain'],
      [1, 'repeated'],
      [0.5, 'brackets'],
      [0.5, 'nested'],
    ] as const);
    if (form === 'plain') parts.push(`${p.name}=${value}`);
    else if (form === 'repeated') parts.push(`${p.name}=${value}`, `${p.name}=${valid()}`);
    else if (form === 'brackets') parts.push(`${p.name}[]=${value}`, `${p.name}[]=${valid()}`);
    else parts.push(`${p.name}[a][b]=${value}`);
  }
  for (const [k, v] of Object.entries(spec.query?.(ctx) ?? {})) parts.push(`${k}=${encodeLoose(v)}`);
  if (rng.chance(0.08)) parts.push(rng.pick(['__proto__[polluted]=1', 'constructor[prototype][x]=1', 'a=1&a=2&a=3', '&&&', '=x', '%zz=%zz', `${'k'.repeat(2000)}=1`]));
  return parts.length ? `?${parts.join('&')}` : '';
}

const ODD_HEADERS: readonly Record<string, string>[] = [
  { accept: 'text/html' },
  { accept: '*/*;q=0.1, application/json;q=x' },
  { 'accept-encoding': 'gzip, br' },
  { 'if-none-match': '*' },
  { 'if-modified-since': 'yesterday' },
  { range: 'bytes=0-10,5-1' },
  { 'x-http-method-override': 'DELETE' },
  { origin: 'null' },
  { host: 'evil.example' },
  { host: '[::1]:99999' },
  { 'x-forwarded-for': 'not-an-ip, 127.0.0.1' },
  { 'x-forwarded-proto': 'https' },
  { 'x-forwarded-host': 'evil.example' },
  { 'accept-language': 'zh-TW' },
  { 'x-request-id': 'x'.repeat(8000) },
  { 'user-agent': '\u00ff\u00fe' },
];

/** One request for `op`: its path, query, credentials, headers and body, all generated. */
export async function buildRequest(ctx: GenContext): Promise<FuzzRequest> {
  const { rng, op, ledger } = ctx;
  const spec = specOf(op);
  const what: string[] = [];
  let path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => pathParam(ctx, spec, name));
  path += queryString(ctx, spec);

  const kind = credKind(ctx, spec);
  what.push(`creds:${kind}`);
  const headers: Record<string, string> = { 'x-forwarded-for': rng.pick(IPS), ...(await credentials(ctx, kind)) };
  if (rng.chance(0.08)) Object.assign(headers, rng.pick(ODD_HEADERS));
  for (const p of op.params.filter((x) => x.in === 'header')) {
    if (rng.chance(0.2)) headers[p.name.toLowerCase()] = rng.pick([String(p.example ?? 'x'), '', 'x'.repeat(300), `fuzz-key-${rng.digits(8)}`, '%00']);
  }

  let body: Buffer | undefined;
  const text = () => fuzzText(rng, ledger, { pii: spec.pii ?? true });
  if (spec.rawBody) {
    const wire = spec.rawBody(ctx);
    body = wire.bytes;
    Object.assign(headers, wire.headers);
    what.push(wire.what);
  } else if (spec.wellFormed && rng.chance(spec.wellFormed.share)) {
    const text = JSON.stringify(spec.wellFormed.body(ctx));
    headers['content-type'] = 'application/json';
    // Now and then well-formed but for bytes that are not UTF-8 in one of its strings.
    if (rng.chance(0.1)) {
      body = notUtf8(rng, text);
      what.push('well-formed', NOT_UTF8);
    } else {
      body = Buffer.from(text, 'utf8');
      what.push('well-formed');
    }
  } else if (op.body || spec.body || rng.chance(0.05)) {
    const examples = op.body?.examples ?? [];
    const base = rng.weighted<() => unknown>([
      [spec.body ? 6 : 0, () => spec.body!(ctx)],
      [examples.length ? 3 : 0, () => rng.pick(examples)],
      [op.body?.schema ? 1 : 0, () => fromSchema(rng, op.body!.schema, ctx.resolve, text)],
      [0.3, () => junkValue(rng, ledger, text)],
    ])();
    if (op.body?.required === false && rng.chance(0.15)) {
      what.push('no body');
    } else {
      const m = mutate(rng, ledger, base, { freeText: FREE_TEXT, text });
      what.push(...m.what);
      const wire = wireBody(rng, m.value, { type: op.body?.types.find((t) => t.includes('json')) ?? 'application/json', ...(spec.limit ? { limit: spec.limit } : {}) });
      body = wire.bytes;
      Object.assign(headers, wire.headers);
      what.push(wire.what);
    }
  }
  if (spec.headers) Object.assign(headers, spec.headers(ctx, { path, body }));
  const before = spec.before?.(ctx, path) ?? [];
  return { route: op.key, method: op.method, path, headers, ...(body ? { body } : {}), ...(spec.stream ? { stream: true } : {}), what, ...(before.length ? { before } : {}) };
}

/** Statuses that do not show the route's own handler ran (the gate, the limiters, no such route). */
export const NOT_REACHED = new Set([0, 401, 403, 404, 405, 429]);
