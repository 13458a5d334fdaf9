/** The kb routes (docs/api.md, "The route registry": how to add one). */
import { AlternateBody, FaqBody } from '../../inbox-router';
import type { RouteDoc } from '../registry';

export const kb4Routes: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/admin/kb/publish',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Make the draft live on every instance',
      description: `Freezes the draft as the next revision (\`r1\`, \`r2\` …; a no-op with \`changed: false\` when
nothing changed since the last). Answers once this instance serves it (\`live\`); the other
instances follow within a second. The body may be empty.
`,
      operationId: 'kbPublish',
      'x-required-role': 'editor',
      requestBody: {
        required: false,
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/KbPublishRequest' }, example: { note: '新增电子营业执照问答' } },
        },
      },
      responses: {
        '200': {
          description: 'Published',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbPublished' },
              example: { revision: 'r2', seq: 7, changed: true, live: 'r2' },
            },
          },
        },
        '400': { $ref: '#/components/responses/KbBadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/kb/status',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Draft versus published, and the revision this instance serves',
      operationId: 'kbStatus',
      'x-required-role': 'editor',
      responses: {
        '200': {
          description: 'The status',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbStatus' },
              example: {
                seq: 7,
                published: { n: 1, revision: 'r1', seq: 1, at: '2026-11-25T10:40:09.668Z', author: 'seed', note: '初始知识库' },
                unpublishedChanges: 6,
                live: { revision: 'r1' },
              },
            },
          },
        },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/kb/inbox',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'The unanswered-questions inbox, grouped by similarity',
      description: `Questions that were handed off (except empty, invalid and prompt-injection input), got 👎, or
were answered with confidence below 0.6, from the conversation records of the last \`days\`
days, grouped greedily by similarity (≥ \`threshold\`: Jaccard of the engine's words or of
character bigrams, after the engine's normalisation). Dismissed and handled questions are
left out until asked again. See docs/inbox-analytics.md.
`,
      operationId: 'kbInbox',
      'x-required-role': 'editor',
      parameters: [
        {
          name: 'days',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 366, default: 30 },
        },
        {
          name: 'threshold',
          in: 'query',
          required: false,
          schema: { type: 'number', minimum: 0.1, maximum: 1, default: 0.55 },
        },
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
        },
      ],
      responses: {
        '200': {
          description: 'Groups, largest first',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbInbox' },
              example: {
                days: 30,
                threshold: 0.55,
                lowConfidence: 0.6,
                total: 1,
                groups: [
                  {
                    id: '3f2a9c0d11e4b7a8',
                    question: '卖感冒药的小铺子咋弄',
                    count: 3,
                    distinct: 2,
                    examples: [
                      { question: '卖感冒药的小铺子咋弄', count: 2, lastAt: '2026-11-25T02:10:00.000Z' },
                      { question: '卖感冒药的小铺子怎么弄', count: 1, lastAt: '2026-11-25T02:11:00.000Z' },
                    ],
                    reasons: { handoff: { out_of_scope: 3 }, unhelpful: 0, lowConfidence: 0 },
                    answeredEntries: [],
                    candidates: [{ entryId: 'item-drug-retail', kind: 'item', title: '药品零售企业许可（药品经营许可证核发）', department: '市市场监管局' }],
                    firstAt: '2026-11-25T02:09:00.000Z',
                    lastAt: '2026-11-25T02:11:00.000Z',
                  },
                ],
              },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/admin/kb/inbox/groups/:id/dismiss',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Dismiss an inbox group (its questions come back only when asked again)',
      operationId: 'kbInboxDismiss',
      'x-required-role': 'editor',
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{16}$' } },
        {
          name: 'days',
          in: 'query',
          required: false,
          description: 'The inbox period the group was listed with',
          schema: { type: 'integer', default: 30 },
        },
      ],
      responses: {
        '200': {
          description: 'Dismissed',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbInboxDismissed' },
            },
          },
        },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/admin/kb/inbox/groups/:id/alternate',
    body: AlternateBody,
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: "Add a group's question as an FAQ alternate or an item/policy alias (draft change)",
      description: `A versioned draft change by the caller (like PUT /entries/{id}), live after the next publish.
\`question\` defaults to the group's question; \`expectedVersion\` defaults to the entry's
current version. A question the entry already has changes nothing (\`changed: false\`). The
group is handled either way and leaves the inbox.
`,
      operationId: 'kbInboxAlternate',
      'x-required-role': 'editor',
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{16}$' } },
        { name: 'days', in: 'query', required: false, schema: { type: 'integer', default: 30 } },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            example: { entryId: 'item-drug-retail' },
          },
        },
      },
      responses: {
        '200': {
          description: 'Added (or already there)',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbInboxAlternate' },
              example: {
                entryId: 'item-drug-retail',
                kind: 'item',
                field: 'aliases',
                question: '卖感冒药的小铺子咋弄',
                version: 2,
                changeSetId: 'cs-000008',
                changed: true,
                dismissed: 2,
              },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '409': { $ref: '#/components/responses/Conflict' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/admin/kb/inbox/groups/:id/faq',
    body: FaqBody,
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Create an FAQ (draft) from an inbox group',
      description: `\`question\` defaults to the group's question, \`alternates\` to its other wordings; the FAQ
is tagged 来自待答问题 and live after the next publish. The group leaves the inbox.
`,
      operationId: 'kbInboxFaq',
      'x-required-role': 'editor',
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{16}$' } },
        { name: 'days', in: 'query', required: false, schema: { type: 'integer', default: 30 } },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            example: { answer: '流动摊贩按所在区县规定办理登记，具体请咨询所在街道。', department: '市市场监管局' },
          },
        },
      },
      responses: {
        '201': {
          description: 'Created',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbInboxFaq' },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '409': { $ref: '#/components/responses/Conflict' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/kb/analytics',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Conversation and ticket analytics for a period',
      description: `Computed from the conversation records and the tickets filed in the period: conversations
(distinct sessions), answer / hand-off / clarify rates over decisions, 👍/👎 (one vote per
answer turn, the last counts), top entries, top unanswered groups, tickets by category
(level 1), department and SLA colour, and a series per Beijing-time hour or day. Default
period: the last 30 days (\`bucket=day\`) or 24 hours (\`bucket=hour\`); at most 800 buckets.
`,
      operationId: 'kbAnalytics',
      'x-required-role': 'editor',
      parameters: [
        { name: 'from', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
        { name: 'to', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
        {
          name: 'bucket',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['day', 'hour'], default: 'day' },
        },
      ],
      responses: {
        '200': {
          description: 'The analytics',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/KbAnalytics' } } },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/editor',
    auth: [],
    operation: {
      tags: ['kb'],
      summary: "The knowledge editors' console (HTML; src/web/editor)",
      description: 'Also `/editor/`. Strict CSP (this origin only, no inline script or style, Trusted Types); not signed in: /login?next=/editor. See docs/editor-console.md.',
      operationId: 'editorPage',
      responses: { '200': { description: 'The page', content: { 'text/html': {} } } },
    },
  },
  {
    method: 'get',
    path: '/editor/editor.js',
    auth: [],
    operation: {
      tags: ['kb'],
      summary: "The editor console's script (immutable with ?v=<content hash>)",
      operationId: 'editorScript',
      responses: { '200': { description: 'JavaScript', content: { 'text/javascript': {} } } },
    },
  },
  {
    method: 'get',
    path: '/editor/editor.css',
    auth: [],
    operation: {
      tags: ['kb'],
      summary: "The editor console's style sheet (immutable with ?v=<content hash>)",
      operationId: 'editorStyles',
      responses: { '200': { description: 'CSS', content: { 'text/css': {} } } },
    },
  },
  {
    method: 'get',
    path: '/editor/inbox',
    auth: [],
    operation: {
      tags: ['kb'],
      summary: 'The unanswered-questions inbox page (HTML; src/web/inbox)',
      description: 'Strict CSP (this origin only, no inline script or style, Trusted Types); not signed in → /login?next=/editor/inbox.',
      operationId: 'inboxPage',
      responses: { '200': { description: 'The page', content: { 'text/html': {} } } },
    },
  },
  {
    method: 'get',
    path: '/editor/analytics',
    auth: [],
    operation: {
      tags: ['kb'],
      summary: 'The analytics page with SVG charts (HTML; src/web/analytics)',
      description: 'Charts are drawn by the chart library bundled into /editor/insights/analytics.js; nothing is loaded from other origins.',
      operationId: 'analyticsPage',
      responses: { '200': { description: 'The page', content: { 'text/html': {} } } },
    },
  },
  {
    method: 'get',
    path: '/editor/insights/:file',
    auth: [],
    operation: {
      tags: ['kb'],
      summary: "The inbox and analytics pages' assets (insights.css, inbox.js, analytics.js)",
      description: 'Cached for a year with the `?v=<content hash>` the pages link; anything else is 404.',
      operationId: 'insightsAsset',
      parameters: [
        {
          name: 'file',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: ['insights.css', 'inbox.js', 'analytics.js'] },
        },
      ],
      responses: {
        '200': { description: 'The file', content: { 'text/javascript': {}, 'text/css': {} } },
        '404': { $ref: '#/components/responses/NotFound' },
      },
    },
  },
];
