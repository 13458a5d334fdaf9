/** The document around the routes: info, tags, the websocket, security schemes, shared parameters and responses. */
import type { OpenApiObject } from './registry';

export const DOCUMENT_HEAD: OpenApiObject = {
  openapi: '3.1.0',
  info: {
    title: 'qihu（企呼我应）HTTP API',
    version: '0.1.0',
    summary: '企业政务服务智能助手：问答、对话、工单',
    description: `Every route qihu serves. Bodies are JSON (\`Content-Type: application/json\`, at most 256 KiB;
chat messages at most \`CHAT_MAX_MESSAGE_BYTES\`, default 16 KiB). Errors share one shape and one
catalogue (\`src/http-kit/errors.ts\`, listed in docs/api.md); user-facing messages are Chinese.

The websocket chat (\`GET /ws\` with \`Upgrade: websocket\`, also \`/\` for Botkit's stock client) is
not an HTTP operation and is described under \`x-websocket\` below and in docs/api.md ("Chat").
A test (test/chat/openapi.test.ts) checks that every route of a running qihu is listed here and
that the examples parse with the schemas the code uses.

Every response carries \`X-Request-Id\`: the request's own when it sent a sane one (1 to 128
characters of \`A-Za-z0-9._:-\`, no personal data), else a new one (32 hex digits). qihu's log
lines about the request carry it as \`reqId\`.
`,
    license: { name: 'UNLICENSED' },
  },
  servers: [{ url: 'http://127.0.0.1:3000', description: 'npm start (embedded default)' }],
  tags: [
    { name: 'service' },
    {
      name: 'chat',
      description: 'The conversation (context, clarify choices, the hand-off intake) for channels.',
    },
    { name: 'tickets' },
    { name: 'admin' },
    { name: 'admin' },
    {
      name: 'auth',
      description: 'Console sign-in (sessions, CSRF; docs/security.md). Programs use bearer tokens instead.',
    },
    {
      name: 'kb',
      description: 'Knowledge editing (docs/knowledge-editing.md), role editor (admin passes).',
    },
    {
      name: 'policies',
      description: 'The enterprise registry, 免申即享 notices and their verification list, policy analytics (docs/policies.md), role editor (admin passes).',
    },
    {
      name: 'supervision',
      description: '督办, tickets by SLA colour, timelines, exports and daily summaries (docs/supervision.md), role supervisor (admin passes).',
    },
  ],
  'x-websocket': {
    path: '/ws',
    alsoAccepted: ['/'],
    description: `Botkit web adapter protocol. Client → server: a \`WebInbound\` JSON text frame; server → client:
\`WireMessage\` frames, one per OutMessage, in order. Frames over CHAT_MAX_MESSAGE_BYTES close the
socket with 1009; types other than message / hello / welcome_back / resume / ack, and frames that
are not a valid WebInbound, are ignored. \`resume\` (a reconnect within the same page) gets no reply
of its own; the live operator's messages not yet acknowledged follow, in order. Those messages
carry a \`seq\`: the page acknowledges them with \`{type: ack, user, upTo: seq}\` and shows each seq
once (a socket that died without closing may have swallowed one, so it comes again on the next
hello / welcome_back / resume until acknowledged). A waiting user coming back hears their queue place
if it moved meanwhile.
Over the rate limit the socket gets one notice a minute
(\`{type: message, text: 您发送得太快了…, qihu: {type: text, …}}\`) and the message is not processed.
The server pings every 30 s and closes with 1001 when it shuts down.
`,
    clientMessage: { $ref: '#/components/schemas/WebInbound' },
    serverMessage: { $ref: '#/components/schemas/WireMessage' },
  },
};

export const SHARED_COMPONENTS: OpenApiObject = {
  securitySchemes: {
    metricsToken: {
      type: 'http',
      scheme: 'bearer',
      description: 'METRICS_TOKEN, for the Prometheus scraper; it opens GET /metrics and nothing else.',
    },
    bearerToken: {
      type: 'http',
      scheme: 'bearer',
      description: "An API token from AUTH_TOKENS (`name:role:scrypt$…`): the route's role (operator, editor, supervisor or admin), or admin.",
    },
    hmacSignature: {
      type: 'apiKey',
      in: 'header',
      name: 'X-Qihu-Signature',
      description: 'HMAC-SHA256 with ROUTING_SECRET of "<X-Qihu-Timestamp>\\n<METHOD>\\n<path>\\n<X-Qihu-Event-Id>\\n<raw body>".',
    },
    sessionCookie: {
      type: 'apiKey',
      in: 'cookie',
      name: 'qihu_session',
      description: `The console session set by POST /api/v1/auth/login (HttpOnly, SameSite=Strict). Unsafe
requests (anything but GET, HEAD, OPTIONS) authenticated by it also need \`csrfToken\` and
pass the origin check. A request with an Authorization header is judged by it alone.
`,
    },
    csrfToken: {
      type: 'apiKey',
      in: 'header',
      name: 'X-CSRF-Token',
      description: "The session's CSRF token (from the login response or GET /api/v1/auth/me), with cookie sessions on unsafe requests.",
    },
  },
  headers: {
    LoginPageCsp: {
      description: "The login page's strict Content-Security-Policy (src/web/login/router.ts)",
      schema: {
        type: 'string',
        example: "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      },
    },
  },
  parameters: {
    SupervisionColour: {
      name: 'colour',
      in: 'query',
      required: false,
      description: 'SLA colours, comma-separated or repeated (red: overdue; yellow: less than one working day left; green: open, on track; grey: answered). Default all four.',
      schema: { type: 'string', example: 'red,yellow' },
    },
    SupervisionDepartment: {
      name: 'department',
      in: 'query',
      required: false,
      description: "The department responsible now (the last one a status report named, else triage's)",
      schema: { type: 'string', maxLength: 100, example: '市住房和城乡建设局' },
    },
    SupervisionCategory: {
      name: 'category',
      in: 'query',
      required: false,
      description: '一级分类, or 一级分类/二级分类',
      schema: { type: 'string', maxLength: 101, example: '城乡建设/工程质量' },
    },
    SupervisionDistrict: {
      name: 'district',
      in: 'query',
      required: false,
      schema: { type: 'string', maxLength: 50, example: '东城区' },
    },
    SupervisionReview: {
      name: 'review',
      in: 'query',
      required: false,
      description: 'true: only the tickets waiting for a person to decide where they go (待研判: no routing rule decided and the triage model was unsure; no department has taken them yet)',
      schema: { type: 'string', enum: ['true', 'false'] },
    },
    SupervisionFrom: {
      name: 'from',
      in: 'query',
      required: false,
      description: 'Filed on or after this Beijing date',
      schema: { type: 'string', format: 'date', example: '2026-11-01' },
    },
    SupervisionTo: {
      name: 'to',
      in: 'query',
      required: false,
      description: 'Filed on or before this Beijing date (not before `from`)',
      schema: { type: 'string', format: 'date', example: '2026-11-30' },
    },
    LiveSessionId: {
      name: 'sessionId',
      in: 'path',
      required: true,
      description: "The web chat's session id (8 to 100 letters, digits, `.`, `_`, `:`, `-`)",
      schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,100}$' },
      example: 's-1a2b3c4d5e6f',
    },
    CallId: {
      name: 'callId',
      in: 'path',
      required: true,
      description: 'A CTI call id, or one the console makes up (6 to 64 letters, digits, `.`, `_`, `:`, `-`)',
      schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{5,63}$' },
      example: 'cti-20261125-0001',
    },
    TicketId: {
      name: 'id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^QH-\\d{8}-\\d{6}$' },
      example: 'QH-20261125-000001',
    },
    KbEntryId: {
      name: 'id',
      in: 'path',
      required: true,
      schema: { $ref: '#/components/schemas/KbEntryId' },
      example: 'faq-9001',
    },
    KbVersion: {
      name: 'version',
      in: 'path',
      required: true,
      schema: { type: 'integer', minimum: 1 },
      example: 2,
    },
    KbChangeSetId: { name: 'id', in: 'path', required: true, schema: { type: 'string' }, example: 'cs12' },
    KbOffset: {
      name: 'offset',
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 0, default: 0 },
    },
  },
  responses: {
    BadRequest: {
      description: 'QH_ERR_VALIDATION (issues name each field) or QH_ERR_MALFORMED_JSON',
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Error' },
          example: {
            error: 'QH_ERR_VALIDATION',
            message: '请求内容不符合要求',
            issues: [
              {
                path: 'sessionId',
                code: 'too_small',
                message: 'Too small: expected string to have >=8 characters',
              },
            ],
          },
        },
      },
    },
    Unauthorized: {
      description: 'QH_ERR_UNAUTHORIZED',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
    Forbidden: {
      description: 'QH_ERR_FORBIDDEN',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
    NotFound: {
      description: 'QH_ERR_NOT_FOUND',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
    Conflict: {
      description: 'QH_ERR_CONFLICT',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
    TooLarge: {
      description: 'QH_ERR_PAYLOAD_TOO_LARGE',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
    UnsupportedMediaType: {
      description: 'QH_ERR_UNSUPPORTED_MEDIA_TYPE (the body is not UTF-8 `application/json`, or is compressed)',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
    RateLimited: {
      description: 'QH_ERR_RATE_LIMITED',
      headers: {
        'Retry-After': {
          description: 'Seconds until the window that refused the request ends',
          schema: { type: 'integer', minimum: 1 },
        },
      },
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Error' },
          example: { error: 'QH_ERR_RATE_LIMITED', message: '请求太频繁，请稍后再试' },
        },
      },
    },
    Unavailable: {
      description: "QH_ERR_UNAVAILABLE (a store is down; nothing half-written remains) or QH_ERR_STORAGE_FULL (the embedded store's disk is full; nothing of the write was kept)",
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
    CsrfRejected: {
      description: 'QH_ERR_FORBIDDEN from a CSRF check of a cookie-authenticated request (`detail` csrf_origin_rejected or csrf_token_invalid)',
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Error' },
          example: { error: 'QH_ERR_FORBIDDEN', message: '没有权限执行此操作', detail: 'csrf_token_invalid' },
        },
      },
    },
    KbBadRequest: {
      description: 'QH_ERR_VALIDATION (each issue names its field by the dotted path as sent, with a Chinese message) or QH_ERR_MALFORMED_JSON',
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Error' },
          example: {
            error: 'QH_ERR_VALIDATION',
            message: '请求内容不符合要求',
            issues: [
              { path: 'entry.question', code: 'too_small', message: '不能为空' },
              { path: 'entry.answer', code: 'invalid_type', message: '应为文本' },
              { path: 'entry.foo', code: 'unrecognized_keys', message: '不认识的字段' },
            ],
          },
        },
      },
    },
    KbConflict: {
      description: 'QH_ERR_CONFLICT (expectedVersion is stale, or the id already exists); nothing was written',
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Error' },
          example: {
            error: 'QH_ERR_CONFLICT',
            message: '与当前状态冲突',
            detail: '条目 faq-9001 已被他人修改（当前版本 2，你编辑的是版本 1）',
            issues: [{ path: 'expectedVersion', code: 'stale', message: '已被他人修改：当前版本 2，请刷新后再改' }],
          },
        },
      },
    },
    KbWritten: {
      description: 'Written (`changed: false` and `changeSetId: null` when there was nothing to change)',
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/KbWriteResult' },
          example: { version: 3, changeSetId: 'cs4', changed: true },
        },
      },
    },
    Rated: {
      description: 'Rating stored (201) or the same rating already stored (200)',
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/RatingAnswer' },
        },
      },
    },
  },
};
