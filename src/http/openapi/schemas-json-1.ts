/**
 * Component schemas written as JSON Schema: response shapes the code builds without a zod schema
 * of its own. A shape that gets one moves to schemas-zod.ts.
 */
import type { OpenApiObject } from './registry';

export const JSON_SCHEMAS_1: Record<string, OpenApiObject> = {
  KbInbox: {
    type: 'object',
    required: ['days', 'threshold', 'lowConfidence', 'total', 'groups'],
    properties: {
      days: { type: 'integer' },
      threshold: { type: 'number' },
      lowConfidence: { type: 'number', description: 'Answers below this confidence are in the inbox' },
      total: { type: 'integer', description: 'Groups in all (the list is cut at limit)' },
      groups: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'id',
            'question',
            'count',
            'distinct',
            'examples',
            'reasons',
            'answeredEntries',
            'candidates',
            'firstAt',
            'lastAt',
          ],
          properties: {
            id: { type: 'string', description: "sha256 of the representative's normalised text", '16 hex': null },
            question: { type: 'string', description: 'The most frequent wording (masked)' },
            count: { type: 'integer' },
            distinct: { type: 'integer' },
            examples: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  question: { type: 'string' },
                  count: { type: 'integer' },
                  lastAt: { type: 'string', format: 'date-time' },
                },
              },
            },
            reasons: {
              type: 'object',
              properties: {
                handoff: { type: 'object', additionalProperties: { type: 'integer' } },
                unhelpful: { type: 'integer' },
                lowConfidence: { type: 'integer' },
              },
            },
            answeredEntries: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  entryId: { type: 'string' },
                  count: { type: 'integer' },
                  title: { type: 'string' },
                  kind: { type: 'string' },
                },
              },
            },
            candidates: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  entryId: { type: 'string' },
                  kind: { type: 'string' },
                  title: { type: 'string' },
                  department: { type: 'string' },
                },
              },
            },
            firstAt: { type: 'string', format: 'date-time' },
            lastAt: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
  },
  KbAnalytics: {
    type: 'object',
    required: ['from', 'to', 'bucket', 'totals', 'series', 'topEntries', 'topUnanswered', 'tickets'],
    properties: {
      from: { type: 'string', format: 'date-time' },
      to: { type: 'string', format: 'date-time' },
      bucket: { type: 'string', enum: ['day', 'hour'] },
      totals: {
        type: 'object',
        properties: {
          conversations: { type: 'integer' },
          decisions: { type: 'integer' },
          answers: { type: 'integer' },
          clarifies: { type: 'integer' },
          handoffs: { type: 'integer' },
          tickets: { type: 'integer' },
          helpful: { type: 'integer' },
          unhelpful: { type: 'integer' },
          answerRate: { type: 'number' },
          handoffRate: { type: 'number' },
          clarifyRate: { type: 'number' },
        },
      },
      semantic: {
        type: 'object',
        description: 'What the optional semantic layer decided (records via embedding) and the votes on its answers; zeros without it.',
        properties: {
          answers: { type: 'integer' },
          clarifies: { type: 'integer' },
          helpful: { type: 'integer' },
          unhelpful: { type: 'integer' },
        },
      },
      series: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            start: { type: 'string', description: 'Bucket start, ISO 8601 with +08:00' },
            conversations: { type: 'integer' },
            answers: { type: 'integer' },
            clarifies: { type: 'integer' },
            handoffs: { type: 'integer' },
            tickets: { type: 'integer' },
            helpful: { type: 'integer' },
            unhelpful: { type: 'integer' },
          },
        },
      },
      topEntries: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            entryId: { type: 'string' },
            title: { type: 'string' },
            count: { type: 'integer' },
            helpful: { type: 'integer' },
            unhelpful: { type: 'integer' },
          },
        },
      },
      topUnanswered: {
        type: 'array',
        items: {
          type: 'object',
          properties: { id: { type: 'string' }, question: { type: 'string' }, count: { type: 'integer' } },
        },
      },
      tickets: {
        type: 'object',
        properties: {
          byCategory: {
            type: 'array',
            items: { type: 'object', properties: { key: { type: 'string' }, count: { type: 'integer' } } },
          },
          byDepartment: {
            type: 'array',
            items: { type: 'object', properties: { key: { type: 'string' }, count: { type: 'integer' } } },
          },
          bySla: {
            type: 'object',
            properties: {
              green: { type: 'integer' },
              yellow: { type: 'integer' },
              red: { type: 'integer' },
              closed: { type: 'integer' },
            },
          },
        },
      },
    },
  },
};
