/** The supervision routes (docs/api.md, "The route registry": how to add one). */
import type { RouteDoc } from '../registry';

/** A ticket's number in the path. */
const TICKET_ID = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^QH-\\d{8}-\\d{6}$' },
  example: 'QH-20261125-000001',
} as const;

export const supervisionRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/supervision/tickets',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['supervision'],
      summary: 'Tickets by SLA colour (督办 list)',
      description: `The overdue first (red), then those with less than one working day left (yellow), then the
other open ones (green), each by deadline; then the answered ones (grey), latest answer
first. \`counts\` holds every colour's number under the other filters, whichever colours are
selected. Colours are as of \`asOf\`. Phones are masked, credit codes left out, the summary
masked and cut to 80 characters. Role supervisor (bearer token, or the console's session).
`,
      operationId: 'supervisionList',
      'x-required-role': 'supervisor',
      parameters: [
        { $ref: '#/components/parameters/SupervisionColour' },
        { $ref: '#/components/parameters/SupervisionDepartment' },
        { $ref: '#/components/parameters/SupervisionCategory' },
        { $ref: '#/components/parameters/SupervisionDistrict' },
        { $ref: '#/components/parameters/SupervisionReview' },
        { $ref: '#/components/parameters/SupervisionFrom' },
        { $ref: '#/components/parameters/SupervisionTo' },
        {
          name: 'offset',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 0, maximum: 1000000, default: 0 },
        },
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
        },
      ],
      responses: {
        '200': {
          description: 'One page of the list',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/SupervisionPage' } } },
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
    path: '/api/v1/supervision/tickets/:id/timeline',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['supervision'],
      summary: 'One ticket from filing to rating',
      description: `The ticket's facts (phone and credit code masked, numbers in the texts masked) and its
events in time order: filed (\`kind: filed\`, the queued status), each status (delivered, and
what the routing backend reported, with the department, answer, reason or note), the
rating, and the deadline (\`kind: deadline\`) where it falls among them; with the colour now,
and for an answered ticket whether it kept its deadline.
`,
      operationId: 'supervisionTimeline',
      'x-required-role': 'supervisor',
      parameters: [TICKET_ID],
      responses: {
        '200': {
          description: 'The timeline',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/SupervisionTimeline' } } },
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
    path: '/api/v1/supervision/tickets/:id/similar-cases',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['supervision'],
      summary: "The past cases most like a ticket's demand, with their replies and departments",
      description: `The 3 past cases of the published knowledge base most similar to the ticket's summary and
detail (the operator console's ranking, POST /api/v1/hotline/cases/similar, asked with the
demand on the server, so its words stay out of the request): each with its department when its
reply names one, the reply's gist and the whole reply, and its similarity with a level (\`high\`
高, \`medium\` 中, \`low\` 低; docs/cases.md). Phone and ID numbers in the cases' texts are
masked as in the timeline. \`cases\` is empty when no past case shares a word with the demand;
\`total\` is how many past cases the knowledge base holds.
`,
      operationId: 'supervisionSimilarCases',
      'x-required-role': 'supervisor',
      parameters: [TICKET_ID],
      responses: {
        '200': {
          description: 'The cases, most similar first',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/SimilarCases' } } },
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
    path: '/api/v1/supervision/export',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['supervision'],
      summary: 'The 督办 list as a CSV or Excel file',
      description: `Every ticket the filters select, in the list's order (at most 50,000; \`X-Total-Count\` says
how many matched, \`X-Exported-Count\` how many the file holds), one column per field with
Chinese headings. CSV is UTF-8 with a byte-order mark and CRLF line ends; a text cell that
starts with \`=\`, \`+\`, \`-\`, \`@\`, a tab or a carriage return is written with a leading \`'\` so
that no spreadsheet runs it as a formula. In the Excel file every text cell is typed text.
The phone is masked (\`139****5678\`), the credit code left out. \`Cache-Control: no-store\`.
`,
      operationId: 'supervisionExport',
      'x-required-role': 'supervisor',
      parameters: [
        {
          name: 'format',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['csv', 'xlsx'], default: 'csv' },
        },
        { $ref: '#/components/parameters/SupervisionColour' },
        { $ref: '#/components/parameters/SupervisionDepartment' },
        { $ref: '#/components/parameters/SupervisionCategory' },
        { $ref: '#/components/parameters/SupervisionDistrict' },
        { $ref: '#/components/parameters/SupervisionReview' },
        { $ref: '#/components/parameters/SupervisionFrom' },
        { $ref: '#/components/parameters/SupervisionTo' },
      ],
      responses: {
        '200': {
          description: 'The file, as an attachment (`督办工单-YYYYMMDD.csv` or `.xlsx`)',
          headers: {
            'Content-Disposition': {
              schema: { type: 'string' },
              example: 'attachment; filename="supervision-20261125.csv"; filename*=UTF-8\'\'%E7%9D%A3%E5%8A%9E%E5%B7%A5%E5%8D%95-20261125.csv',
            },
            'X-Total-Count': { schema: { type: 'integer' } },
            'X-Exported-Count': { schema: { type: 'integer' } },
          },
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
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
    path: '/api/v1/supervision/summary',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['supervision'],
      summary: 'The 督办 daily summary',
      description: `For one Beijing calendar day (default today; not after today): tickets filed that day by
department, category, district and channel; answers given that day, how many by their
deadline and the mean hours from filing to the first answer (overall and by department);
ratings given that day; and at the day's end (\`asOf\`: now, for today) the open tickets by
colour and the overdue ones by department. A department is the one responsible now.
`,
      operationId: 'supervisionSummary',
      'x-required-role': 'supervisor',
      parameters: [
        {
          name: 'date',
          in: 'query',
          required: false,
          schema: { type: 'string', format: 'date' },
          example: '2026-11-24',
        },
      ],
      responses: {
        '200': {
          description: 'The summary',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/SupervisionSummary' } } },
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
    path: '/api/v1/supervision/filters',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['supervision'],
      summary: 'What the 督办 filters offer',
      description: 'The departments and categories (一级 and 一级/二级) of the routing table in force, and the districts (市本级 first).',
      operationId: 'supervisionFilters',
      'x-required-role': 'supervisor',
      responses: {
        '200': {
          description: 'The pick lists',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/SupervisionFilters' },
            },
          },
        },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
      },
    },
  },
  {
    method: 'get',
    path: '/supervision',
    operation: {
      tags: ['supervision'],
      summary: 'The 督办 page (HTML; src/web/supervision)',
      description: "The list by colour with its filters, a ticket's timeline and the export links. Strict CSP (this origin only, no inline script or style, Trusted Types); redirects (302) to `/login?next=%2Fsupervision` without a supervisor or admin session.",
      operationId: 'supervisionPage',
      responses: {
        '200': { description: 'The page', content: { 'text/html': {} } },
        '302': { description: 'Not signed in as supervisor or admin' },
      },
    },
  },
  {
    method: 'get',
    path: '/supervision/summary',
    operation: {
      tags: ['supervision'],
      summary: 'The 督办 daily summary page (HTML; src/web/supervision)',
      description: 'Tiles, charts and tables of GET /api/v1/supervision/summary. Redirects (302) to the login page without a supervisor or admin session.',
      operationId: 'supervisionSummaryPage',
      responses: {
        '200': { description: 'The page', content: { 'text/html': {} } },
        '302': { description: 'Not signed in as supervisor or admin' },
      },
    },
  },
  {
    method: 'get',
    path: '/supervision/assets/:file',
    auth: [],
    operation: {
      tags: ['supervision'],
      summary: "The 督办 pages' assets (supervision.css, supervision.js, summary.js)",
      description: 'Cached for a year with the `?v=<content hash>` the pages link; anything else is 404.',
      operationId: 'supervisionAsset',
      parameters: [
        {
          name: 'file',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: ['supervision.css', 'supervision.js', 'summary.js'] },
        },
      ],
      responses: {
        '200': { description: 'The file', content: { 'text/javascript': {}, 'text/css': {} } },
        '404': { $ref: '#/components/responses/NotFound' },
      },
    },
  },
];
