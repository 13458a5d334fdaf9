/** The service routes (docs/api.md, "The route registry": how to add one). */
import { AskRequest } from '../../ask-router';
import { PolicyMatchRequest } from '../../policies-router';
import type { RouteDoc } from '../registry';

export const serviceRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/healthz',
    operation: {
      tags: ['service'],
      summary: 'Liveness and what this instance serves',
      description: 'Answers 200 as long as the process serves HTTP (a liveness probe): a dependency that is down shows as `status: degraded` and in `checks`, but does not fail it. Whether the instance should get traffic is `GET /readyz`.',
      operationId: 'health',
      responses: {
        '200': {
          description: 'Alive (`status` is `ok`, or `degraded` with the failed check in `checks`)',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Health' },
              example: {
                status: 'ok',
                mode: 'embedded',
                uptimeSeconds: 12,
                knowledgeBase: { name: '示例知识库', entries: 60, sample: true },
                calibration: {
                  pseudoQuestions: 139,
                  rankedFirst: 0.8,
                  separation: 0.95,
                  thresholds: { answer: 0.6, clarify: 0.15 },
                  weights: { intercept: -0.6, runnerUpRatio: 0 },
                  milliseconds: 160,
                },
                checks: {},
              },
            },
          },
        },
      },
    },
  },
  {
    method: 'get',
    path: '/readyz',
    operation: {
      tags: ['service'],
      summary: 'Readiness, whether this instance should get traffic now',
      description: 'Every check must pass: Redis answers (`redis`, with REDIS_URL), the ticket store answers (`tickets`), the embedded data directory is writable (`dataDir`, without REDIS_URL), a knowledge base is loaded (`knowledgeBase`) and the instance is not shutting down (`accepting`). A check that takes over 2 s fails. For load balancers and readiness probes.',
      operationId: 'ready',
      responses: {
        '200': {
          description: 'Ready',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Readiness' },
              example: { status: 'ready', checks: { redis: true, tickets: true, accepting: true, knowledgeBase: true } },
            },
          },
        },
        '503': {
          description: 'Not ready; the failed checks are false',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Readiness' },
              example: {
                status: 'not_ready',
                checks: { redis: false, tickets: false, accepting: true, knowledgeBase: true },
              },
            },
          },
        },
      },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    auth: [{ metricsToken: [] }, { bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['service'],
      summary: 'Prometheus metrics of this instance',
      description: 'The Prometheus text exposition (docs/operations.md lists the metrics). Protected: `Authorization: Bearer <METRICS_TOKEN>`, or an administrator (session or admin API token). With METRICS_PORT the same exposition is also served without credentials on that port only.',
      operationId: 'metrics',
      responses: {
        '200': {
          description: 'The metrics',
          content: {
            'text/plain': {
              schema: { type: 'string' },
              example: `# HELP qihu_decisions_total Decisions of chat turns (answer, clarify, handoff), by channel (web, api, hotline).
# TYPE qihu_decisions_total counter
qihu_decisions_total{kind="answer",channel="api"} 12
`,
            },
          },
        },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/ask',
    body: AskRequest,
    operation: {
      tags: ['service'],
      summary: 'One question, one engine decision (stateless)',
      description: 'A channel that keeps its own conversation passes the previous entry and field as `context`.',
      operationId: 'ask',
      requestBody: {
        required: true,
        content: {
          'application/json': { example: { text: '那要多久？', context: { entryId: 'item-drug-retail', field: 'materials' } } },
        },
      },
      responses: {
        '200': {
          description: 'The decision',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Decision' },
              example: {
                kind: 'answer',
                entryId: 'item-drug-retail',
                field: 'time_limit',
                confidence: 0.9,
                script: 'simplified',
                text: `「药品零售企业许可（药品经营许可证核发）」办理时限
承诺办结时限：10个工作日；法定办结时限：20个工作日；…`,
                source: { entryId: 'item-drug-retail', kind: 'item', title: '药品零售企业许可（药品经营许可证核发）', department: '市市场监督管理局' },
                candidates: [
                  {
                    entryId: 'item-drug-retail',
                    kind: 'item',
                    title: '药品零售企业许可（药品经营许可证核发）',
                    department: '市市场监督管理局',
                    score: 0.89,
                  },
                ],
              },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '413': { $ref: '#/components/responses/TooLarge' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/policies/match',
    body: PolicyMatchRequest,
    operation: {
      tags: ['service'],
      summary: "Every policy's verdict for an enterprise profile (政策找企业)",
      description: `Eligible first, then \`unknown\` ("可能符合，需核实") by how few items are left to check, then
\`ineligible\`; each policy lists its eligibility items as met, unmet or unknown. See docs/policies.md.
`,
      operationId: 'matchPolicies',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            example: {
              profile: {
                industry: 'C3911',
                employees: 50,
                revenue: 1000,
                establishedOn: '2024-01-01',
                qualifications: ['高新技术企业'],
              },
              on: '2026-12-04',
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'The verdicts',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/PolicyMatchResponse' } } },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '413': { $ref: '#/components/responses/TooLarge' },
      },
    },
  },
];
