/** The tickets routes (docs/api.md, "The route registry": how to add one). */
import { TicketInput, StatusUpdate } from '../../../tickets';
import type { RouteDoc } from '../registry';

export const ticketsRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/tickets',
    body: TicketInput,
    operation: {
      tags: ['tickets'],
      summary: 'File a ticket (qihu.ticket/v1)',
      description: `Stored and queued for the routing backend in one atomic step. The same idempotency key
(body field or \`Idempotency-Key\` header) again gives \`200\` and the same ticket. The full
JSON Schema is served at \`/api/v1/schema/ticket\`.
`,
      operationId: 'fileTicket',
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          schema: { type: 'string', minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' },
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            example: {
              channel: 'api',
              enterprise: { name: '示例五金制品有限公司', creditCode: '91350100M000100Y43', district: '东城区' },
              contact: { name: '李四', phone: '13800138000' },
              demand: { summary: '厂门口道路破损半年未修复，影响货车进出', location: '东城区幸福路厂区南门' },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'Known idempotency key; the ticket it created',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/FileTicketResponse' } } },
        },
        '201': {
          description: 'Created',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/FileTicketResponse' } } },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '413': { $ref: '#/components/responses/TooLarge' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/tickets/:id',
    operation: {
      tags: ['tickets'],
      summary: "A ticket's progress (no contact data, no credit code)",
      description: "With the ticket's access token (`X-Qihu-Ticket-Token` or `?token=`, given to whoever filed it) the whole progress, personal data in the summary masked; without it only `{id, status, statusName}`: ticket numbers are easy to guess.",
      operationId: 'ticketStatus',
      parameters: [
        { $ref: '#/components/parameters/TicketId' },
        { name: 'X-Qihu-Ticket-Token', in: 'header', required: false, schema: { type: 'string' } },
        { name: 'token', in: 'query', required: false, schema: { type: 'string' } },
      ],
      responses: {
        '200': {
          description: 'Progress (the whole view with the token, else only id and status)',
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  { $ref: '#/components/schemas/TicketStatusView' },
                  { $ref: '#/components/schemas/PublicTicketStatus' },
                ],
              },
              example: {
                id: 'QH-20261125-000001',
                createdAt: '2026-11-25T18:25:39+08:00',
                summary: '厂门口道路破损半年未修复，影响货车进出',
                department: '市交通运输局',
                status: 'queued',
                statusName: '待推送',
                history: [{ status: 'queued', at: '2026-11-25T18:25:39+08:00', statusName: '待推送' }],
                delivery: { attempts: 0 },
                sla: { workingDays: 3, dueAt: '2026-12-01T17:30:00+08:00' },
                trafficLight: 'green',
                trafficLightName: '正常',
              },
            },
          },
        },
        '404': { $ref: '#/components/responses/NotFound' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/tickets/:id/status',
    auth: [{ hmacSignature: [] }],
    body: StatusUpdate,
    operation: {
      tags: ['tickets'],
      summary: 'Status callback from the routing backend (signed)',
      description: `\`X-Qihu-Signature: sha256=<hex HMAC-SHA256(ROUTING_SECRET, "<timestamp>\\n<METHOD>\\n<path>\\n<event id>\\n<raw body>")>\`
with \`X-Qihu-Timestamp\` (unix seconds or milliseconds) and \`X-Qihu-Event-Id\`. Unsigned,
outside 5 minutes, signed for another ticket or forged → \`401\`; an event id already applied
→ \`200\` with \`duplicate: true\`, not applied again; a transition the ticket's state does not
allow → \`409\`.
`,
      operationId: 'statusCallback',
      parameters: [
        { $ref: '#/components/parameters/TicketId' },
        {
          name: 'X-Qihu-Timestamp',
          in: 'header',
          required: true,
          schema: { type: 'string', pattern: '^\\d+$' },
        },
        {
          name: 'X-Qihu-Event-Id',
          in: 'header',
          required: true,
          schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
        },
        {
          name: 'X-Qihu-Signature',
          in: 'header',
          required: true,
          schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': { example: { status: 'assigned', at: '2026-11-25T19:00:00+08:00', department: '东城区交通运输局' } },
        },
      },
      responses: {
        '200': {
          description: 'Applied, or this event was applied before (`duplicate`)',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/StatusCallbackAnswer' },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '404': { $ref: '#/components/responses/NotFound' },
        '409': { $ref: '#/components/responses/Conflict' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/tickets/:id/rating',
    operation: {
      tags: ['tickets'],
      summary: 'Satisfaction rating after the ticket is resolved (by its filer)',
      description: "Needs the ticket's access token (`X-Qihu-Ticket-Token` or `?token=`); without it `403`.",
      operationId: 'rateTicket',
      parameters: [
        { $ref: '#/components/parameters/TicketId' },
        { name: 'X-Qihu-Ticket-Token', in: 'header', required: false, schema: { type: 'string' } },
        { name: 'token', in: 'query', required: false, schema: { type: 'string' } },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['score'],
              properties: {
                score: { type: 'integer', minimum: 1, maximum: 5 },
                comment: { type: 'string', maxLength: 1000 },
              },
            },
            example: { score: 5, comment: '处理及时' },
          },
        },
      },
      responses: {
        '200': { $ref: '#/components/responses/Rated' },
        '201': { $ref: '#/components/responses/Rated' },
        '400': { $ref: '#/components/responses/BadRequest' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '409': { $ref: '#/components/responses/Conflict' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/schema/ticket',
    operation: {
      tags: ['tickets'],
      summary: 'JSON Schema of qihu.ticket/v1',
      operationId: 'ticketSchema',
      responses: {
        '200': {
          description: 'A JSON Schema document',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
    },
  },
];
