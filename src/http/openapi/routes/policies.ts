/** The enterprise registry and the 免申即享 administration (docs/api.md, "The route registry": how to add one). */
import type { RouteDoc } from '../registry';

export const policiesRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/admin/enterprises',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['policies'],
      summary: 'The enterprise registry (企业登记库), one page of it, credit codes masked',
      description: `What the registry holds (\`info\`: count, source, when and by whom imported, synthetic) and the
enterprises whose name, district, industry code or credit code contain every word of \`q\`
(case, width and script folded), in registry order. Credit codes are masked (region and the
last two characters). See docs/policies.md.
`,
      operationId: 'listEnterprises',
      'x-required-role': 'editor',
      parameters: [
        { name: 'q', in: 'query', schema: { type: 'string', maxLength: 200 } },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
      ],
      responses: {
        '200': {
          description: "The registry's description and one page of enterprises",
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/EnterprisePage' },
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
    method: 'put',
    path: '/api/v1/admin/enterprises',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['policies'],
      summary: 'Replace the enterprise registry from a CSV or .xlsx file',
      description: `The raw body is the file (≤ 20 MB): one enterprise a row, columns 企业名称/name,
统一社会信用代码/creditCode, 所属区/district, 行业代码/industry, 成立日期/establishedOn,
从业人员/employees, 营业收入(万元)/revenue, 资产总额/assets, 注册资本/registeredCapital,
资质/qualifications (separated by 、 or ;), 研发投入占比/rdRatio, 纳税信用等级/taxCredit.
Each bad row is rejected with the field named. \`dryRun\` (default true) reports and writes
nothing; otherwise the registry is replaced as a whole and the 免申即享 scan runs (its summary
is in \`scan\`). More than half the rows rejected is refused unless \`force=true\`.
`,
      operationId: 'putEnterprises',
      'x-required-role': 'editor',
      parameters: [
        { name: 'format', in: 'query', schema: { type: 'string', enum: ['csv', 'xlsx'], default: 'csv' } },
        {
          name: 'dryRun',
          in: 'query',
          schema: { type: 'string', enum: ['true', 'false', '1', '0'], default: 'true' },
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
              schema: { $ref: '#/components/schemas/RegistryImportReport' },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '413': { $ref: '#/components/responses/TooLarge' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/enterprises/:creditCode',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['policies'],
      summary: 'One registered enterprise by its full credit code',
      operationId: 'getEnterprise',
      'x-required-role': 'editor',
      parameters: [{ name: 'creditCode', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': {
          description: "The enterprise's profile",
          content: { 'application/json': { schema: { $ref: '#/components/schemas/EnterpriseProfile' } } },
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
    path: '/api/v1/admin/policies/notices',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['policies'],
      summary: '免申即享 notices sent, newest first (credit codes masked)',
      description: 'One notice per policy and enterprise, whatever the number of scans. See docs/policies.md.',
      operationId: 'listPolicyNotices',
      'x-required-role': 'editor',
      parameters: [
        { name: 'policyId', in: 'query', schema: { type: 'string', maxLength: 200 } },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
      ],
      responses: {
        '200': {
          description: 'One page of notices',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/PolicyNoticePage' },
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
    method: 'get',
    path: '/api/v1/admin/policies/verification',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['policies'],
      summary: 'The verification list (待核实) of 免申即享 policies, what to check for each enterprise',
      description: `Enterprises the last scan found \`unknown\` ("可能符合，需核实") for a 免申即享 policy, each with the
items left to check (a missing fact, or a manual item). They are never sent a notice. Policies
in id order, enterprises in registry order.
`,
      operationId: 'listPolicyVerification',
      'x-required-role': 'editor',
      parameters: [
        { name: 'policyId', in: 'query', schema: { type: 'string', maxLength: 200 } },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
      ],
      responses: {
        '200': {
          description: 'One page of the list',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/PolicyVerificationPage' },
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
    path: '/api/v1/admin/policies/scan',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['policies'],
      summary: 'Run the 免申即享 scan of the registry against the published policies now',
      description: `Also run by itself after a publish (in the publishing instance) and after a registry import.
Only notices not sent before are sent; the verification lists are replaced.
`,
      operationId: 'scanPolicies',
      'x-required-role': 'editor',
      responses: {
        '200': {
          description: 'What the scan found',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ScanSummary' } } },
        },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/policies/stats',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['policies'],
      summary: 'Policy analytics',
      description: `Matches asked (POST /api/v1/policies/match), policies most often eligible, 免申即享 notices
sent, and the facts most often missing (a fact counts once per match that left a policy
unknown for want of it).
`,
      operationId: 'policyStats',
      'x-required-role': 'editor',
      responses: {
        '200': {
          description: 'The counters, most first',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/PolicyStats' },
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
