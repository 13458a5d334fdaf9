/** The hotline routes (docs/api.md, "The route registry": how to add one). */
import { HotlineTicketSearchRequest } from '../../hotline-tickets-router';
import type { RouteDoc } from '../registry';

export const hotline2Routes: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/hotline/tickets/search',
    body: HotlineTicketSearchRequest,
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['hotline'],
      summary: 'The ticket list of the operator console, and its search',
      description: `Tickets of every channel, newest first, at most \`limit\` (default 20). \`q\` is a ticket number
(whole, or a part such as its last digits), part of an enterprise's name (width, case and
spaces ignored), or a phone number (then as \`phone\`). \`phone\` lists that caller's tickets
(caller history), however the number is written. \`mine\` keeps the tickets the signed-in user
(or token) filed. A whole number, a phone and \`mine\` are found through indexes whatever the
tickets' age; a text is looked for among the 5,000 newest tickets, and \`truncated\` says when
older ones were not read. Phone numbers are masked in the answer (138****5678); the ticket
keeps the whole number. A POST, so that the caller's number is not written into URLs.
`,
      operationId: 'hotlineTicketSearch',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            examples: {
              mine: { summary: "The operator's recent tickets", value: { mine: true } },
              search: { summary: 'By number, name or phone', value: { q: '五金' } },
              caller: { summary: "A caller's earlier tickets", value: { phone: '138 1234 5678', limit: 5 } },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'The tickets',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/HotlineTicketSearch' },
              example: {
                tickets: [
                  {
                    id: 'QH-20261211-000042',
                    createdAt: '2026-12-11T10:05:00+08:00',
                    channel: 'hotline',
                    enterprise: '示例五金制品有限公司',
                    applicant: 'enterprise',
                    district: '东城区',
                    category: { level1: '交通运输', level2: '道路养护' },
                    department: '市交通运输局',
                    complexity: 'general',
                    urgency: 'normal',
                    workingDays: 3,
                    dueAt: '2026-12-16T17:30:00+08:00',
                    status: 'queued',
                    statusName: '待推送',
                    statusAt: '2026-12-11T10:05:00+08:00',
                    summary: '厂门口道路破损，货车进不来',
                    contact: { name: '李四', phone: '138****5678' },
                    filedBy: 'zhang.san',
                  },
                ],
                truncated: false,
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
    method: 'get',
    path: '/operator',
    operation: {
      tags: ['hotline'],
      summary: 'The operator console page (HTML; src/web/operator)',
      description: 'Redirects (302) to `/login?next=%2Foperator` without an operator or admin session.',
      operationId: 'operatorPage',
      responses: {
        '200': { description: 'The page', content: { 'text/html': {} } },
        '302': { description: 'Not signed in as operator or admin' },
      },
    },
  },
  {
    method: 'get',
    path: '/operator/operator.js',
    operation: {
      tags: ['hotline'],
      summary: "The operator console's script",
      operationId: 'operatorScript',
      responses: { '200': { description: 'JavaScript', content: { 'text/javascript': {} } } },
    },
  },
  {
    method: 'get',
    path: '/operator/operator.css',
    operation: {
      tags: ['hotline'],
      summary: "The operator console's style sheet",
      operationId: 'operatorStyles',
      responses: { '200': { description: 'CSS', content: { 'text/css': {} } } },
    },
  },
];
