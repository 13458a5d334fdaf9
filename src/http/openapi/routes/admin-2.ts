/** The admin routes of the notification outbox (docs/api.md, "The route registry": how to add one). */
import type { RouteDoc } from '../registry';

export const admin2Routes: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/admin/notifications/dead-letters',
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['admin'],
      summary: 'Notifications (NOTIFY_URL) that could not be delivered',
      description: `Refused by the gateway (a 4xx other than 408/429) or still failing 24 h after they were
queued. Ids only: no phone number (the body is built when sent). Empty without NOTIFY_URL.
`,
      operationId: 'listNotificationDeadLetters',
      parameters: [
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 },
        },
      ],
      responses: {
        '200': {
          description: 'The dead letters, newest first',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/NotificationDeadLetterList' },
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
    method: 'post',
    path: '/api/v1/admin/notifications/dead-letters/:id/replay',
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['admin'],
      summary: 'Queue a notification dead letter again (attempts 0, a fresh 24 h window)',
      operationId: 'replayNotificationDeadLetter',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '202': {
          description: 'Queued again',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/NotificationReplayed' },
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
];
