/** The chat page's own routes: 我的工单 and the popular questions (docs/api.md, "The route registry": how to add one). */
import { MyTicketsRequest } from '../../../tickets';
import type { RouteDoc } from '../registry';

export const chat2Routes: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/my-tickets',
    body: MyTicketsRequest,
    operation: {
      tags: ['chat'],
      summary: '我的工单 — the tickets this browser filed, each proven by its access token',
      description: `The chat page keeps each ticket's access token (\`ticketToken\` of the ticket message) and
lists its tickets here. A ticket whose token is wrong, or that does not exist, is in
\`refused\` without anything else (the two are not told apart). POST, so that tokens stay out
of URLs and access logs. At most 50 tickets.
`,
      operationId: 'myTickets',
      responses: {
        '200': {
          description: 'The proven tickets, in the order given',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/MyTickets' },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/chat/popular',
    operation: {
      tags: ['chat'],
      summary: "The chat's welcome-screen questions (大家都在问)",
      description: `Up to six: every FAQ entry an editor tagged \`热门\` (its question), then the questions users
asked most in the last 30 days, one wording per entry (the most frequent; masked questions and
entries voted 👎 more often than 👍 are left out). Counted again at most every 5 minutes.
`,
      operationId: 'popularQuestions',
      parameters: [
        {
          name: 'script',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['simplified', 'traditional'] },
        },
      ],
      responses: {
        '200': {
          description: 'The questions',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/PopularQuestions' },
            },
          },
        },
      },
    },
  },
];
