/** The kb routes (docs/api.md, "The route registry": how to add one). */
import type { RouteDoc } from '../registry';

export const kb2Routes: RouteDoc[] = [
  {
    method: 'put',
    path: '/api/v1/admin/kb/synonyms',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Replace the synonym groups',
      operationId: 'kbPutSynonyms',
      'x-required-role': 'editor',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/KbPutSynonymsRequest' },
            example: {
              expectedVersion: 1,
              groups: [['企业开办', '开公司', '注册公司'], ['营业执照', '执照', '工商执照', '电子营业执照'], ['社会保险', '社保'], ['电子营业执照', '电子执照']],
            },
          },
        },
      },
      responses: {
        '200': { $ref: '#/components/responses/KbWritten' },
        '400': { $ref: '#/components/responses/KbBadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '409': { $ref: '#/components/responses/KbConflict' },
        '413': { $ref: '#/components/responses/TooLarge' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/kb/synonyms/versions',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Versions of the synonym groups (target `$synonyms`), newest first',
      operationId: 'kbSynonymsVersions',
      'x-required-role': 'editor',
      responses: {
        '200': {
          description: 'The versions (`value` is `{groups}`)',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbVersionList' },
              example: {
                target: '$synonyms',
                versions: [
                  {
                    target: '$synonyms',
                    version: 2,
                    changeSetId: 'cs6',
                    at: '2026-11-25T10:40:09.964Z',
                    author: 'zhang.san',
                    op: 'update',
                    value: { groups: [['营业执照', '执照', '工商执照', '电子营业执照'], ['电子营业执照', '电子执照']] },
                    diff: [{ path: 'groups.1', after: ['电子营业执照', '电子执照'] }],
                  },
                ],
              },
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
    method: 'get',
    path: '/api/v1/admin/kb/synonyms/versions/:version',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'One version of the synonym groups',
      operationId: 'kbSynonymsVersion',
      'x-required-role': 'editor',
      parameters: [{ $ref: '#/components/parameters/KbVersion' }],
      responses: {
        '200': {
          description: 'The version',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/KbVersionRecord' } } },
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
    path: '/api/v1/admin/kb/synonyms/rollback',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Restore an old version of the synonym groups as a new version',
      operationId: 'kbRollbackSynonyms',
      'x-required-role': 'editor',
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/KbRollbackRequest' }, example: { toVersion: 1 } },
        },
      },
      responses: {
        '200': { $ref: '#/components/responses/KbWritten' },
        '400': { $ref: '#/components/responses/KbBadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/kb/routing',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: "The draft's triage routing table (RoutingFile, src/tickets/triage.ts)",
      operationId: 'kbGetRouting',
      'x-required-role': 'editor',
      responses: {
        '200': {
          description: 'The table (null before one was ever stored) and the `$routing` version',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbRouting' },
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
    method: 'put',
    path: '/api/v1/admin/kb/routing',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Replace the routing table',
      description: 'Validated with `RoutingFile`; every department a rule or the fallback names must be listed in `departments`, rule ids are unique, patterns must compile.',
      operationId: 'kbPutRouting',
      'x-required-role': 'editor',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/KbPutRoutingRequest' },
            example: {
              expectedVersion: 1,
              routing: {
                version: 1,
                fallback: {
                  category: { level1: '党务政务', level2: '其他', level3: '其他' },
                  department: '市12345政务服务便民热线管理中心',
                  level: '市',
                },
                departments: [
                  { name: '市12345政务服务便民热线管理中心', category: { level1: '党务政务', level2: '其他' }, level: '市' },
                  {
                    name: '市市场监督管理局',
                    aliases: ['市场监管局', '工商局'],
                    category: { level1: '商贸旅游', level2: '市场监管', level3: '其他' },
                    level: '区县',
                  },
                ],
                rules: [
                  {
                    id: 'food-safety',
                    note: '食品安全投诉举报',
                    keywords: ['食品安全', '过期食品'],
                    category: { level1: '商贸旅游', level2: '市场监管', level3: '食品安全' },
                    department: '市市场监督管理局',
                  },
                ],
                complexity: [{ id: 'many-workers', patterns: ['\\d{2,}多?名(工人|员工)'] }],
                urgency: [{ id: 'safety-hazard', keywords: ['安全隐患', '坍塌'], not: ['无安全隐患'] }],
              },
            },
          },
        },
      },
      responses: {
        '200': { $ref: '#/components/responses/KbWritten' },
        '400': { $ref: '#/components/responses/KbBadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '409': { $ref: '#/components/responses/KbConflict' },
        '413': { $ref: '#/components/responses/TooLarge' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/kb/cases',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: "The draft's past cases, counted (往期案例, src/kb/cases.ts)",
      operationId: 'kbGetCases',
      'x-required-role': 'editor',
      responses: {
        '200': {
          description: 'How many cases the draft holds, how many name their department, how many are hand-written samples, and the `$cases` version',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbCases' },
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
    method: 'put',
    path: '/api/v1/admin/kb/cases',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Replace the past cases from a cases-jsonl file',
      description: `The raw body is a JSON Lines file, one message with its reply a line (\`{"id", "title",
"text", "reply", "time"?, "reply_time"?, "department"?}\`, the shape of the replies file),
read in a worker thread. The department is the line's own, else the one the reply names,
else none. \`dryRun\` (default true) reports and writes nothing; otherwise the cases replace the
draft's as one change set (action \`cases\`), live after the next publish. More than half the
lines rejected is refused unless \`force=true\`. See docs/cases.md.
`,
      operationId: 'kbPutCases',
      'x-required-role': 'editor',
      parameters: [
        {
          name: 'dryRun',
          in: 'query',
          schema: { type: 'string', enum: ['true', 'false', '1', '0'], default: 'true' },
        },
        {
          name: 'source',
          in: 'query',
          schema: { type: 'string', maxLength: 200 },
          description: "Kept as each case's `source` and the change set's",
        },
        {
          name: 'expectedVersion',
          in: 'query',
          schema: { type: 'integer', minimum: 0 },
          description: 'The `$cases` version being replaced (409 when stale)',
        },
        {
          name: 'force',
          in: 'query',
          schema: { type: 'string', enum: ['true', 'false', '1', '0'], default: 'false' },
        },
      ],
      requestBody: {
        required: true,
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
      responses: {
        '200': {
          description: 'What was (or, in a dry run, would be) stored',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbCasesReport' },
            },
          },
        },
        '400': { $ref: '#/components/responses/KbBadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '409': { $ref: '#/components/responses/KbConflict' },
        '413': { $ref: '#/components/responses/TooLarge' },
        '429': { $ref: '#/components/responses/RateLimited' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/kb/routing/versions',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Versions of the routing table (target `$routing`), newest first',
      operationId: 'kbRoutingVersions',
      'x-required-role': 'editor',
      responses: {
        '200': {
          description: 'The versions (`value` is a RoutingFile)',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/KbVersionList' } } },
        },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/kb/routing/versions/:version',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'One version of the routing table',
      operationId: 'kbRoutingVersion',
      'x-required-role': 'editor',
      parameters: [{ $ref: '#/components/parameters/KbVersion' }],
      responses: {
        '200': {
          description: 'The version',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/KbVersionRecord' } } },
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
    path: '/api/v1/admin/kb/routing/rollback',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Restore an old version of the routing table as a new version',
      operationId: 'kbRollbackRouting',
      'x-required-role': 'editor',
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/KbRollbackRequest' }, example: { toVersion: 1 } },
        },
      },
      responses: {
        '200': { $ref: '#/components/responses/KbWritten' },
        '400': { $ref: '#/components/responses/KbBadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
];
