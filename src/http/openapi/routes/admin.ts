/** The admin routes (docs/api.md, "The route registry": how to add one). */
import type { RouteDoc } from '../registry';

export const adminRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/admin/dead-letters',
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['admin'],
      summary: 'Deliveries that failed permanently or for 24 hours',
      operationId: 'listDeadLetters',
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
          description: 'Dead letters, newest first',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/DeadLetterList' },
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
    path: '/api/v1/admin/dead-letters/:id/replay',
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['admin'],
      summary: 'Queue a dead letter for delivery again',
      operationId: 'replayDeadLetter',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '202': {
          description: 'Queued again',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/DeadLetterReplayed' },
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
    path: '/api/v1/admin/triage/model',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['admin'],
      summary: 'The triage model of the draft and of the published revision (docs/triage.md)',
      operationId: 'triageGetModel',
      'x-required-role': 'admin',
      responses: {
        '200': {
          description: "Each model's reference (null when there is none), the `$triage-model` version of the draft, and each model's detail (what the editor console's model page shows)",
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/TriageModelState' },
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
    method: 'put',
    path: '/api/v1/admin/triage/model',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['admin'],
      summary: "Make a trained model the draft's triage model",
      description: 'The body is a `triage-model.json` written by `npm run -s triage -- train` (up to 64 MB). It is checked whole (schema, vocabulary and weights that fit together) and refused with 400 otherwise; the next publish puts it in force on every instance.',
      operationId: 'triagePutModel',
      'x-required-role': 'admin',
      parameters: [
        {
          name: 'expectedVersion',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 0 },
          description: 'The `$triage-model` version this replaces (409 when another write came first)',
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['format', 'version', 'trainedAt', 'messages', 'features', 'vocabulary', 'idf', 'svm', 'heads'],
              properties: { format: { const: 'qihu-triage/1' }, version: { type: 'string', pattern: '^[0-9a-f]{16}$' } },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'Stored in the draft',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/TriageModelWritten' },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '409': { $ref: '#/components/responses/Conflict' },
        '413': { $ref: '#/components/responses/TooLarge' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/admin/triage/classify',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['admin'],
      summary: 'What the published triage model says of a demand',
      operationId: 'triageClassify',
      'x-required-role': 'admin',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['text'],
              properties: { text: { type: 'string', minLength: 1, maxLength: 20000 } },
            },
            example: { text: '孩子学校老师课后乱收补课费' },
          },
        },
      },
      responses: {
        '200': {
          description: 'The category (and department, when the model learned departments) with its calibrated confidence, whether a person should decide (`review`), the runner-up, and the words that weighed most',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/TriageClassification' },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/admin/triage/retrain',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['admin'],
      summary: "Train a triage model on the ticket history and make it the draft's model",
      description: 'Every ticket a department has taken becomes a labelled message (the last department assigned is its label; docs/triage.md). Training runs in a worker thread; it takes seconds to a minute. 400 when fewer than 50 such tickets or a single category; 409 while another training runs.',
      operationId: 'triageRetrain',
      'x-required-role': 'admin',
      responses: {
        '200': {
          description: "The new model is the draft's",
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/TriageRetrained' },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
        '409': { $ref: '#/components/responses/Conflict' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
];
