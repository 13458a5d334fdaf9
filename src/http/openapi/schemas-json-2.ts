/**
 * Component schemas written as JSON Schema: response shapes the code builds without a zod schema
 * of its own. A shape that gets one moves to schemas-zod.ts.
 */
import type { OpenApiObject } from './registry';

export const JSON_SCHEMAS_2: Record<string, OpenApiObject> = {
  WireMessage: {
    type: 'object',
    required: ['type', 'text', 'qihu'],
    description: "What the page receives for each OutMessage (Botkit's activityToMessage with channelData {qihu}).",
    properties: {
      type: { const: 'message' },
      text: { type: 'string' },
      qihu: { $ref: '#/components/schemas/OutMessage' },
    },
  },
  AuthUser: {
    type: 'object',
    required: ['username', 'role', 'displayName'],
    properties: {
      username: { type: 'string' },
      role: { $ref: '#/components/schemas/AuthRole' },
      displayName: { type: 'string', description: 'The configured display name, else the username' },
    },
  },
  LoginResponse: {
    type: 'object',
    required: ['user', 'csrfToken', 'expiresAt'],
    properties: {
      user: { $ref: '#/components/schemas/AuthUser' },
      csrfToken: { type: 'string', minLength: 32, description: 'Send back as X-CSRF-Token on unsafe requests' },
      expiresAt: {
        type: 'string',
        format: 'date-time',
        description: "The session's absolute expiry (AUTH_SESSION_ABSOLUTE_HOURS after login)",
      },
    },
  },
  AuthMe: {
    type: 'object',
    required: ['user', 'via'],
    properties: {
      user: { $ref: '#/components/schemas/AuthUser' },
      via: { type: 'string', enum: ['session', 'token'] },
      csrfToken: { type: 'string', minLength: 32, description: 'Cookie sessions only' },
      expiresAt: {
        type: 'string',
        format: 'date-time',
        description: 'Cookie sessions only: when the session ends unless used again',
      },
    },
  },
  TriageGuess: {
    type: 'object',
    required: ['label', 'confidence', 'review', 'evidence'],
    properties: {
      label: { type: 'string' },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
      review: { type: 'boolean' },
      alternative: { type: 'object', properties: { label: { type: 'string' }, confidence: { type: 'number' } } },
      evidence: { type: 'array', items: { type: 'string' } },
    },
  },
};
