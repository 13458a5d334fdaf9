/** The kb routes (docs/api.md, "The route registry": how to add one). */
import type { RouteDoc } from '../registry';

export const kb3Routes: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/admin/kb/import',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Import a catalogue file (dry run by default)',
      description: `The raw file is the body: any content type except \`application/json\` (e.g.
\`application/octet-stream\`, \`text/csv\`), at most 20 MiB. \`dryRun=true\` (the default) only
reports what the import would do; \`dryRun=false\` writes it as one change set. \`mode=replace\`
also removes the draft entries of the imported kinds that the file lacks; \`from=bundle\`
(an export) replaces everything. More than half of the rows rejected: \`400\` unless
\`force=true\`. A file that cannot be read as a whole: \`400\` with \`issues\` naming the problem
(\`file\`, \`rows.<n>\`) and a Chinese \`detail\`; nothing is written. The issue's \`code\` for the
import's limits: \`too_many_rows\` (over 100,000 data rows or records), \`too_many_cells\` (an
xlsx sheet over 2,000,000 cells), \`cell_too_long\` (a cell over 32,767 characters),
\`unpacked_too_large\` (an xlsx that unpacks to more than 256 MiB), \`out_of_memory\` (over the
import's 512 MB heap), \`timeout\` (over 60 s). Files are read in a worker thread, one import
at a time per instance with two waiting; a further upload meanwhile: \`429\` with
\`Retry-After\`, nothing imported.
`,
      operationId: 'kbImport',
      'x-required-role': 'editor',
      parameters: [
        {
          name: 'from',
          in: 'query',
          required: true,
          schema: { type: 'string', enum: ['faq-csv', 'xlsx', 'gd-items', 'bundle'] },
        },
        {
          name: 'dryRun',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['true', 'false', '1', '0'], default: 'true' },
        },
        {
          name: 'mode',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['merge', 'replace'], default: 'merge' },
        },
        {
          name: 'source',
          in: 'query',
          required: false,
          description: 'File name, recorded in the change set (default: `from`)',
          schema: { type: 'string', minLength: 1, maxLength: 200 },
        },
        {
          name: 'force',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['true', 'false', '1', '0'], default: 'false' },
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
          'text/csv': { schema: { type: 'string' } },
        },
      },
      responses: {
        '200': {
          description: 'The report (with `changeSetId` and `seq` when written)',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbImportReport' },
              examples: {
                dryRun: {
                  summary: 'A dry run of a FAQ CSV',
                  value: {
                    dryRun: true,
                    from: 'faq-csv',
                    mode: 'merge',
                    source: 'faq.csv',
                    accepted: 2,
                    rejectedCount: 1,
                    rejected: [{ row: 4, id: 'faq-9101', reason: 'answer is empty' }],
                    warningCount: 0,
                    warnings: [],
                    added: { count: 1, ids: ['faq-9100'] },
                    changed: {
                      count: 1,
                      items: [
                        {
                          id: 'faq-0027',
                          version: 1,
                          diff: [{ path: 'answer', before: '小规模纳税人月销售额不超过10万元…', after: '小规模纳税人月销售额不超过10万元（季度30万元）…' }],
                        },
                      ],
                      ids: ['faq-0027'],
                    },
                    removed: { count: 0, ids: [] },
                    unchanged: 0,
                    synonymsChanged: false,
                    routingChanged: false,
                    changeSetId: null,
                  },
                },
                written: {
                  summary: 'The same file with dryRun=false',
                  value: {
                    dryRun: false,
                    from: 'faq-csv',
                    mode: 'merge',
                    source: 'faq.csv',
                    accepted: 2,
                    rejectedCount: 1,
                    rejected: [{ row: 4, id: 'faq-9101', reason: 'answer is empty' }],
                    warningCount: 0,
                    warnings: [],
                    added: { count: 1, ids: ['faq-9100'] },
                    changed: {
                      count: 1,
                      items: [
                        {
                          id: 'faq-0027',
                          version: 1,
                          diff: [{ path: 'answer', before: '小规模纳税人月销售额不超过10万元…', after: '小规模纳税人月销售额不超过10万元（季度30万元）…' }],
                        },
                      ],
                      ids: ['faq-0027'],
                    },
                    removed: { count: 0, ids: [] },
                    unchanged: 0,
                    synonymsChanged: false,
                    routingChanged: false,
                    changeSetId: 'cs8',
                    seq: 8,
                  },
                },
              },
            },
          },
        },
        '400': {
          description: "QH_ERR_VALIDATION (a file that cannot be read, or over one of the import's limits; mostly rejected rows without `force`) or QH_ERR_MALFORMED_JSON",
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Error' },
              examples: {
                tooManyRows: {
                  summary: 'An xlsx over the row limit',
                  value: {
                    error: 'QH_ERR_VALIDATION',
                    message: '请求内容不符合要求',
                    detail: '文件超过导入上限：最多 100000 行数据。请拆分成几个文件分别导入。未导入任何内容',
                    issues: [
                      {
                        path: 'file',
                        code: 'too_many_rows',
                        message: 'the sheet "问答" has more than 100,000 data rows (the import limit); split it into several files',
                      },
                    ],
                  },
                },
              },
            },
          },
        },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '413': { $ref: '#/components/responses/TooLarge' },
        '429': {
          description: 'QH_ERR_RATE_LIMITED, another import is running and two wait; nothing imported',
          headers: {
            'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
          },
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Error' },
              example: { error: 'QH_ERR_RATE_LIMITED', message: '请求太频繁，请稍后再试', detail: '已有其他导入正在进行，请稍后再试。未导入任何内容' },
            },
          },
        },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/kb/export',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'The whole draft as one JSON bundle (qihu.kb-export/v1)',
      description: 'Entries, synonyms, routing table and manifest at one `seq`, with the published revision it was taken at; no history, no audit. `POST …/import?from=bundle` restores it.',
      operationId: 'kbExport',
      'x-required-role': 'editor',
      responses: {
        '200': {
          description: 'The bundle, as an attachment',
          headers: {
            'Content-Disposition': { description: '`attachment; filename="qihu-kb-<seq>.json"`', schema: { type: 'string' } },
          },
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbExportBundle' },
              example: {
                format: 'qihu.kb-export/v1',
                exportedAt: '2026-11-25T10:40:10.083Z',
                seq: 7,
                published: { revision: 'r2', seq: 7 },
                manifest: { name: 'qihu 示例知识库', description: '示例数据，仅供演示和测试，非官方事项目录。', sample: true },
                entries: [
                  {
                    kind: 'faq',
                    id: 'faq-0027',
                    question: '增值税小规模纳税人免税标准是多少？',
                    alternates: [],
                    answer: '小规模纳税人月销售额不超过10万元（按季申报的，季度销售额不超过30万元）免征增值税。',
                    department: '国家税务总局示例市税务局',
                    tags: ['增值税'],
                  },
                ],
                synonyms: { groups: [['社会保险', '社保']] },
                routing: null,
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
    path: '/api/v1/admin/kb/change-sets',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Change sets, newest first',
      operationId: 'kbListChangeSets',
      'x-required-role': 'editor',
      parameters: [
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
          description: 'One page of change sets (`targets` replaced by `targetCount`)',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbChangeSetList' },
              example: {
                offset: 0,
                limit: 2,
                items: [
                  {
                    id: 'cs7',
                    seq: 7,
                    at: '2026-11-25T10:40:09.976Z',
                    author: 'zhang.san',
                    action: 'rollback-entry',
                    note: '回到版本 1',
                    counts: { added: 0, changed: 1, removed: 0 },
                    targetCount: 1,
                  },
                  {
                    id: 'cs6',
                    seq: 6,
                    at: '2026-11-25T10:40:09.964Z',
                    author: 'zhang.san',
                    action: 'synonyms',
                    counts: { added: 0, changed: 1, removed: 0 },
                    targetCount: 1,
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
    method: 'get',
    path: '/api/v1/admin/kb/change-sets/:id',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: "One change set, with each target's diff (at most 200 shown)",
      operationId: 'kbGetChangeSet',
      'x-required-role': 'editor',
      parameters: [{ $ref: '#/components/parameters/KbChangeSetId' }],
      responses: {
        '200': {
          description: 'The change set',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbChangeSetDetail' },
              example: {
                id: 'cs3',
                seq: 3,
                at: '2026-11-25T10:40:09.939Z',
                author: 'zhang.san',
                action: 'update',
                targets: [{ target: 'faq-9001', op: 'update', from: 1, to: 2 }],
                counts: { added: 0, changed: 1, removed: 0 },
                changes: [
                  {
                    target: 'faq-9001',
                    op: 'update',
                    from: 1,
                    to: 2,
                    diff: [{ path: 'alternates.0', after: '电子执照在哪下' }],
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
    method: 'post',
    path: '/api/v1/admin/kb/change-sets/:id/rollback',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Undo a whole change set (e.g. an import) in one new change set',
      description: `Every target of the change set goes back to its value before it. If any has been changed
again since, \`409\` listing them (\`issues\`, code \`changed_since\`) unless \`force: true\`.
Rolling back a rollback redoes the original change. Changes the draft only. The body may be
empty.
`,
      operationId: 'kbRollbackChangeSet',
      'x-required-role': 'editor',
      parameters: [{ $ref: '#/components/parameters/KbChangeSetId' }],
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/KbChangeSetRollbackRequest' },
            examples: { plain: { value: {} }, force: { value: { force: true } } },
          },
        },
      },
      responses: {
        '200': {
          description: 'Rolled back (`targets` = how many targets were written)',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbChangeSetRolledBack' },
              example: { version: 9, changeSetId: 'cs9', changed: true, targets: 2 },
            },
          },
        },
        '400': { $ref: '#/components/responses/KbBadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '409': {
          description: 'QH_ERR_CONFLICT (targets changed since; send `force` to roll back anyway)',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Error' },
              example: {
                error: 'QH_ERR_CONFLICT',
                message: '与当前状态冲突',
                detail: '变更集 cs2 之后又有 1 项被修改；确认要覆盖这些修改请使用 force',
                issues: [{ path: 'faq-9001', code: 'changed_since', message: '此后又被修改过' }],
              },
            },
          },
        },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/kb/audit',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'Who changed what (one record per change set and per publish), newest first',
      operationId: 'kbAudit',
      'x-required-role': 'editor',
      parameters: [
        {
          name: 'since',
          in: 'query',
          required: false,
          description: 'Only records at or after this time',
          schema: { type: 'string', format: 'date-time' },
        },
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        },
      ],
      responses: {
        '200': {
          description: 'The records',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/KbAuditLog' },
              example: {
                records: [
                  {
                    at: '2026-11-25T10:40:10.008Z',
                    author: 'zhang.san',
                    action: 'publish',
                    revision: 'r2',
                    summary: '发布 r2（草稿第 7 版，139 条）：新增电子营业执照问答',
                    targets: [],
                    targetCount: 0,
                  },
                  {
                    at: '2026-11-25T10:40:09.959Z',
                    author: 'zhang.san',
                    action: 'delete',
                    changeSetId: 'cs5',
                    summary: '删除条目 faq-9001',
                    targets: ['faq-9001'],
                    targetCount: 1,
                    counts: { added: 0, changed: 0, removed: 1 },
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
];
