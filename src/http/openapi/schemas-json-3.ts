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
  MyTicket: {
    type: 'object',
    required: [
      'id',
      'createdAt',
      'summary',
      'department',
      'status',
      'statusName',
      'updatedAt',
      'dueAt',
      'dueText',
      'sla',
      'slaName',
    ],
    description: 'A ticket as the chat page lists it under 我的工单, in the requested script. No contact data, no credit code; the summary is masked.',
    properties: {
      id: { type: 'string', example: 'QH-20261201-000001' },
      createdAt: { type: 'string', format: 'date-time' },
      summary: { type: 'string' },
      department: { type: 'string' },
      status: {
        type: 'string',
        enum: ['queued', 'delivered', 'received', 'assigned', 'in_progress', 'resolved', 'rejected', 'closed'],
      },
      statusName: { type: 'string', example: '已分派' },
      updatedAt: {
        type: 'string',
        format: 'date-time',
        description: 'When the status last changed (the page marks changes since the last visit by it)',
      },
      dueAt: { type: 'string', format: 'date-time' },
      dueText: { type: 'string', example: '12月16日 17:30' },
      sla: { type: 'string', enum: ['on_time', 'due_soon', 'overdue', 'met', 'missed'] },
      slaName: { type: 'string', example: '正常' },
      answer: { type: 'string' },
      reason: { type: 'string' },
      rating: { type: 'integer', minimum: 1, maximum: 5 },
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
