/** The hotline's live hand-off routes (docs/api.md, "The route registry": how to add one). */
import { EndRequest, ReplyRequest } from '../../live-agent-router';
import type { RouteDoc } from '../registry';

export const hotline3Routes: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/hotline/live',
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['hotline'],
      summary: 'Live hand-off: conversations waiting for a person, and those with one',
      description: `Waiting conversations oldest first (with \`position\`, 1 = next), then active ones; each with
its transcript (masked), the engine's guesses, the enterprise's details typed so far (masked)
and the messages exchanged since the hand-off. See docs/api.md § Live hand-off.
`,
      operationId: 'liveList',
      responses: {
        '200': {
          description: 'The conversations',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/LiveList' },
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
    path: '/api/v1/hotline/live/events',
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['hotline'],
      summary: "Server-sent events: the live queue and the users' messages",
      description: `\`text/event-stream\`. \`retry: 2000\`, then \`queue\` events (\`{"conversations": [LiveView]}\`) on
connecting and whenever the queue or an assignment changes (on any instance), and \`message\`
events (\`{"sessionId", "message"}\`) for each message a user writes. \`: heartbeat\` every 10 s.
An open stream marks its operator on duty: 转人工 offers a person only while one is.
`,
      operationId: 'liveEvents',
      responses: {
        '200': {
          description: 'The event stream',
          content: {
            'text/event-stream': {
              schema: { type: 'string' },
              example: `retry: 2000

id: 1
event: queue
data: {"conversations":[]}

id: 2
event: message
data: {"sessionId":"s-1a2b3c4d","message":{"role":"user","text":"选址有要求吗","at":"2026-12-07T02:00:05.000Z"}}

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
    path: '/api/v1/hotline/live/:sessionId/take',
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['hotline'],
      summary: 'Take a waiting conversation (atomic; 409 when another operator took it first)',
      operationId: 'liveTake',
      parameters: [{ $ref: '#/components/parameters/LiveSessionId' }],
      requestBody: {
        required: false,
        content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } },
      },
      responses: {
        '200': {
          description: 'Taken; the user is told who answers',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/LiveTaken' },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '409': { $ref: '#/components/responses/Conflict' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/hotline/live/:sessionId/messages',
    auth: [{ bearerToken: [] }],
    body: ReplyRequest,
    operation: {
      tags: ['hotline'],
      summary: "Reply in the user's chat (only the operator who took it)",
      operationId: 'liveReply',
      parameters: [{ $ref: '#/components/parameters/LiveSessionId' }],
      responses: {
        '201': {
          description: "Sent to the user's open chat page",
          content: { 'application/json': { schema: { $ref: '#/components/schemas/LiveSent' } } },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '409': { $ref: '#/components/responses/Conflict' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/hotline/live/:sessionId/end',
    auth: [{ bearerToken: [] }],
    body: EndRequest,
    operation: {
      tags: ['hotline'],
      summary: 'End a conversation, hand it back to the assistant, or turn it into a ticket',
      description: `\`ticket\`: the chat's intake asks the user for the ticket's missing details, the demand
pre-filled with \`summary\` (else the question not answered).
`,
      operationId: 'liveEnd',
      parameters: [{ $ref: '#/components/parameters/LiveSessionId' }],
      responses: {
        '200': {
          description: 'Done; the user is told',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/LiveEnded' },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '409': { $ref: '#/components/responses/Conflict' },
      },
    },
  },
];
