/** The kb routes (docs/api.md, "The route registry": how to add one). */
import type { RouteDoc } from '../registry';

export const kb1Routes: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/admin/kb/entries',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: "Browse, search and filter the draft's entries",
      description: '`q` matches words in the id, title, aliases/alternates, department, tags or text (case, width and script folded).',
      operationId: 'kbListEntries',
      'x-required-role': 'editor',
      parameters: [
        {
          name: 'kind',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['item', 'policy', 'faq'] },
        },
        { name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 200 } },
        { name: 'department', in: 'query', required: false, schema: { type: 'string', maxLength: 200 } },
        { name: 'tag', in: 'query', required: false, schema: { type: 'string', maxLength: 100 } },
        { $ref: '#/components/parameters/KbOffset' },
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
        },
      ],
      responses: {
        '200': {
          description: 'One page of entries, in knowledge-base order',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbEntryList' },
              example: {
                total: 5,
                offset: 0,
                limit: 1,
                items: [
                  {
                    id: 'faq-0027',
                    kind: 'faq',
                    title: '增值税小规模纳税人免税标准是多少？',
                    department: '国家税务总局示例市税务局',
                    version: 1,
                    changeSetId: 'cs1',
                    updatedAt: '2026-11-25T10:40:09.658Z',
                    updatedBy: 'seed',
                    entry: {
                      kind: 'faq',
                      id: 'faq-0027',
                      question: '增值税小规模纳税人免税标准是多少？',
                      alternates: ['小规模多少钱以内不交税', '季度30万免税吗'],
                      answer: '小规模纳税人月销售额不超过10万元（按季申报的，季度销售额不超过30万元）免征增值税，附加税费也随之免征。…',
                      department: '国家税务总局示例市税务局',
                      tags: ['增值税', '小规模纳税人'],
                      source: '示例：示例市政务服务常见问题汇编（示例）',
                    },
                  },
                ],
              },
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
    method: 'post',
    path: '/api/v1/admin/kb/entries',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Create an entry',
      description: '`409` when the id already exists. A deleted id may be created again; its version numbers continue from its history.',
      operationId: 'kbCreateEntry',
      'x-required-role': 'editor',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/KbCreateEntryRequest' },
            examples: {
              faq: {
                summary: 'A FAQ',
                value: {
                  entry: {
                    kind: 'faq',
                    id: 'faq-9001',
                    question: '电子营业执照怎么下载？',
                    answer: '微信或支付宝搜索“电子营业执照”小程序，法定代表人实名认证后即可下载。',
                    department: '市市场监督管理局',
                    tags: ['电子营业执照'],
                  },
                },
              },
              item: {
                summary: 'A service item',
                value: {
                  entry: {
                    kind: 'item',
                    id: 'item-food-licence-small',
                    name: '小餐饮经营许可',
                    aliases: ['小餐饮许可证'],
                    department: '市市场监督管理局',
                    materials: [{ name: '小餐饮经营许可申请表', form: '原件', copies: 1 }, { name: '从业人员健康证明', form: '复印件' }],
                    statutoryDays: 20,
                    promisedDays: 5,
                    visits: 1,
                    online: { available: true, url: 'https://zwfw.example.gov.cn/item/item-food-licence-small' },
                    tags: ['餐饮'],
                  },
                },
              },
              policy: {
                summary: 'A policy',
                value: {
                  entry: {
                    kind: 'policy',
                    id: 'policy-small-vat-exemption',
                    title: '小规模纳税人增值税减免',
                    level: '国家',
                    department: '国家税务总局示例市税务局',
                    summary: '小规模纳税人月销售额10万元以下免征增值税。',
                    eligibility: '增值税小规模纳税人。',
                    benefits: '月销售额不超过10万元（季度30万元）免征增值税。',
                    howToApply: '申报时自动享受，无需申请。',
                    noApplication: true,
                    validFrom: '2023-01-01',
                    validTo: '2027-12-31',
                  },
                },
              },
            },
          },
        },
      },
      responses: {
        '201': {
          description: 'Created (version 1, or the next version after a deleted one)',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbEntryWritten' },
              example: {
                entry: {
                  kind: 'faq',
                  id: 'faq-9001',
                  question: '电子营业执照怎么下载？',
                  alternates: [],
                  answer: '微信或支付宝搜索“电子营业执照”小程序，法定代表人实名认证后即可下载。',
                  department: '市市场监督管理局',
                  tags: ['电子营业执照'],
                },
                version: 1,
                changeSetId: 'cs2',
              },
            },
          },
        },
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
    path: '/api/v1/admin/kb/entries/:id',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'One entry with its newest 50 versions',
      operationId: 'kbGetEntry',
      'x-required-role': 'editor',
      parameters: [{ $ref: '#/components/parameters/KbEntryId' }],
      responses: {
        '200': {
          description: 'The entry as in the list, plus `history` (newest first, at most 50) and `historyCount`',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbEntryDetail' },
              example: {
                id: 'faq-9001',
                kind: 'faq',
                title: '电子营业执照怎么下载？',
                department: '市市场监督管理局',
                version: 2,
                changeSetId: 'cs3',
                updatedAt: '2026-11-25T10:40:09.939Z',
                updatedBy: 'zhang.san',
                entry: {
                  kind: 'faq',
                  id: 'faq-9001',
                  question: '电子营业执照怎么下载？',
                  alternates: ['电子执照在哪下'],
                  answer: '微信或支付宝搜索“电子营业执照”小程序，法定代表人实名认证后即可下载。',
                  department: '市市场监督管理局',
                  tags: ['电子营业执照'],
                },
                history: [
                  {
                    target: 'faq-9001',
                    version: 2,
                    changeSetId: 'cs3',
                    at: '2026-11-25T10:40:09.939Z',
                    author: 'zhang.san',
                    op: 'update',
                    order: 139,
                    value: {
                      kind: 'faq',
                      id: 'faq-9001',
                      question: '电子营业执照怎么下载？',
                      alternates: ['电子执照在哪下'],
                      answer: '微信或支付宝搜索“电子营业执照”小程序，法定代表人实名认证后即可下载。',
                      department: '市市场监督管理局',
                      tags: ['电子营业执照'],
                    },
                    diff: [{ path: 'alternates.0', after: '电子执照在哪下' }],
                  },
                ],
                historyCount: 2,
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
    method: 'put',
    path: '/api/v1/admin/kb/entries/:id',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Update an entry (optimistic concurrency)',
      description: `\`expectedVersion\` is the version the editor edited; if the entry has changed since, \`409\`
and nothing is written. \`entry.id\` must be the id in the path. An edit that changes nothing
answers \`changed: false\` and writes no change set.
`,
      operationId: 'kbUpdateEntry',
      'x-required-role': 'editor',
      parameters: [{ $ref: '#/components/parameters/KbEntryId' }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/KbUpdateEntryRequest' },
            example: {
              expectedVersion: 1,
              entry: {
                kind: 'faq',
                id: 'faq-9001',
                question: '电子营业执照怎么下载？',
                alternates: ['电子执照在哪下'],
                answer: '微信或支付宝搜索“电子营业执照”小程序，法定代表人实名认证后即可下载。',
                department: '市市场监督管理局',
                tags: ['电子营业执照'],
              },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'Written (or nothing to write)',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbEntryWritten' },
              example: {
                entry: {
                  kind: 'faq',
                  id: 'faq-9001',
                  question: '电子营业执照怎么下载？',
                  alternates: ['电子执照在哪下'],
                  answer: '微信或支付宝搜索“电子营业执照”小程序，法定代表人实名认证后即可下载。',
                  department: '市市场监督管理局',
                  tags: ['电子营业执照'],
                },
                version: 2,
                changeSetId: 'cs3',
                changed: true,
              },
            },
          },
        },
        '400': { $ref: '#/components/responses/KbBadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '409': { $ref: '#/components/responses/KbConflict' },
        '413': { $ref: '#/components/responses/TooLarge' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'delete',
    path: '/api/v1/admin/kb/entries/:id',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Delete an entry (its history stays, as a tombstone)',
      operationId: 'kbDeleteEntry',
      'x-required-role': 'editor',
      parameters: [
        { $ref: '#/components/parameters/KbEntryId' },
        {
          name: 'expectedVersion',
          in: 'query',
          required: true,
          schema: { type: 'integer', minimum: 1 },
          example: 3,
        },
      ],
      responses: {
        '200': {
          description: 'Deleted',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbWriteResult' },
              example: { version: 4, changeSetId: 'cs5', changed: true },
            },
          },
        },
        '400': { $ref: '#/components/responses/KbBadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '409': { $ref: '#/components/responses/KbConflict' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/kb/entries/:id/versions',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Every version of an entry, newest first, with field-level diffs',
      operationId: 'kbEntryVersions',
      'x-required-role': 'editor',
      parameters: [{ $ref: '#/components/parameters/KbEntryId' }],
      responses: {
        '200': {
          description: 'The versions',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbVersionList' },
              example: {
                target: 'faq-9001',
                versions: [
                  {
                    target: 'faq-9001',
                    version: 2,
                    changeSetId: 'cs3',
                    at: '2026-11-25T10:40:09.939Z',
                    author: 'zhang.san',
                    op: 'update',
                    order: 139,
                    value: {
                      kind: 'faq',
                      id: 'faq-9001',
                      question: '电子营业执照怎么下载？',
                      alternates: ['电子执照在哪下'],
                      answer: '微信或支付宝搜索“电子营业执照”小程序，法定代表人实名认证后即可下载。',
                      department: '市市场监督管理局',
                      tags: ['电子营业执照'],
                    },
                    diff: [{ path: 'alternates.0', after: '电子执照在哪下' }],
                  },
                  {
                    target: 'faq-9001',
                    version: 1,
                    changeSetId: 'cs2',
                    at: '2026-11-25T10:40:09.930Z',
                    author: 'zhang.san',
                    op: 'create',
                    order: 139,
                    value: {
                      kind: 'faq',
                      id: 'faq-9001',
                      question: '电子营业执照怎么下载？',
                      alternates: [],
                      answer: '微信或支付宝搜索“电子营业执照”小程序，法定代表人实名认证后即可下载。',
                      department: '市市场监督管理局',
                      tags: ['电子营业执照'],
                    },
                    diff: [
                      { path: 'alternates', after: [] },
                      { path: 'answer', after: '微信或支付宝搜索“电子营业执照”小程序，法定代表人实名认证后即可下载。' },
                      { path: 'department', after: '市市场监督管理局' },
                      { path: 'id', after: 'faq-9001' },
                      { path: 'kind', after: 'faq' },
                      { path: 'question', after: '电子营业执照怎么下载？' },
                      { path: 'tags', after: ['电子营业执照'] },
                    ],
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
    path: '/api/v1/admin/kb/entries/:id/versions/:version',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'One version of an entry',
      operationId: 'kbEntryVersion',
      'x-required-role': 'editor',
      parameters: [{ $ref: '#/components/parameters/KbEntryId' }, { $ref: '#/components/parameters/KbVersion' }],
      responses: {
        '200': {
          description: 'The version (`value` is null for a deletion)',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbVersionRecord' },
              example: {
                target: 'faq-9001',
                version: 2,
                changeSetId: 'cs3',
                at: '2026-11-25T10:40:09.939Z',
                author: 'zhang.san',
                op: 'update',
                order: 139,
                value: {
                  kind: 'faq',
                  id: 'faq-9001',
                  question: '电子营业执照怎么下载？',
                  alternates: ['电子执照在哪下'],
                  answer: '微信或支付宝搜索“电子营业执照”小程序，法定代表人实名认证后即可下载。',
                  department: '市市场监督管理局',
                  tags: ['电子营业执照'],
                },
                diff: [{ path: 'alternates.0', after: '电子执照在哪下' }],
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
    method: 'post',
    path: '/api/v1/admin/kb/entries/:id/rollback',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Restore an old version of an entry as a new version',
      description: 'Rolling back to a deletion deletes the entry; to an earlier version of a deleted entry brings it back. Changes the draft only.',
      operationId: 'kbRollbackEntry',
      'x-required-role': 'editor',
      parameters: [{ $ref: '#/components/parameters/KbEntryId' }],
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
        '409': { $ref: '#/components/responses/KbConflict' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/kb/synonyms',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: "The draft's synonym groups (the first word of a group is the canonical one)",
      operationId: 'kbGetSynonyms',
      'x-required-role': 'editor',
      responses: {
        '200': {
          description: 'The groups and the `$synonyms` version',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbSynonyms' },
              example: { groups: [['企业开办', '开公司', '注册公司'], ['营业执照', '执照', '工商执照', '电子营业执照'], ['社会保险', '社保']], version: 1 },
            },
          },
        },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
];
