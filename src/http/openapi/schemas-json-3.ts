/**
 * Component schemas written as JSON Schema: response shapes the code builds without a zod schema
 * of its own. A shape that gets one moves to schemas-zod.ts.
 */
import type { OpenApiObject } from './registry';

export const JSON_SCHEMAS_3: Record<string, OpenApiObject> = {
  VerdictCounts: {
    type: 'object',
    required: ['eligible', 'ineligible', 'unknown'],
    properties: {
      eligible: { type: 'integer', minimum: 0 },
      ineligible: { type: 'integer', minimum: 0 },
      unknown: { type: 'integer', minimum: 0 },
    },
  },
  ScanSummary: {
    type: 'object',
    required: ['on', 'enterprises', 'policies', 'sendFailures', 'ms'],
    properties: {
      on: { type: 'string', format: 'date' },
      enterprises: { type: 'integer' },
      policies: {
        type: 'array',
        items: {
          type: 'object',
          required: ['policyId', 'eligible', 'unknown', 'ineligible', 'noticesSent'],
          properties: {
            policyId: { type: 'string' },
            eligible: { type: 'integer' },
            unknown: { type: 'integer' },
            ineligible: { type: 'integer' },
            noticesSent: { type: 'integer' },
          },
        },
      },
      sendFailures: { type: 'integer', description: 'Notices the sink refused (tried again at the next scan)' },
      ms: { type: 'integer' },
    },
  },
};
