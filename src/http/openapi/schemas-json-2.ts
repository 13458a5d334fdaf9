/**
 * Component schemas written as JSON Schema: response shapes the code builds without a zod schema
 * of its own. A shape that gets one moves to schemas-zod.ts.
 */
import type { OpenApiObject } from './registry';

export const JSON_SCHEMAS_2: Record<string, OpenApiObject> = {
  Health: {
    type: 'object',
    required: ['status', 'mode', 'uptimeSeconds', 'knowledgeBase', 'checks'],
    properties: {
      status: { type: 'string', enum: ['ok', 'degraded'] },
      mode: { type: 'string', enum: ['embedded', 'redis'] },
      uptimeSeconds: { type: 'integer' },
      knowledgeBase: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          entries: { type: 'integer' },
          sample: { type: 'boolean' },
          version: { type: 'string' },
        },
      },
      semantic: {
        type: 'object',
        description: 'With OPENAI_BASE_URL only. Never makes the instance unhealthy.',
        required: ['model', 'state', 'surfaces', 'breakerOpen'],
        properties: {
          model: { type: 'string' },
          state: { type: 'string', enum: ['building', 'ready', 'failed'] },
          surfaces: { type: 'integer', description: 'names embedded in the index being served' },
          breakerOpen: { type: 'boolean', description: 'the endpoint kept failing and is left alone for a while' },
        },
      },
      calibration: {
        type: 'object',
        description: 'What the engine learned about the served knowledge base when it was built (docs/engine.md § 6): pseudo-questions made from the entries, how well the fitted model tells right from wrong best matches, the confidence cut-offs it decides by.',
        required: ['pseudoQuestions', 'rankedFirst', 'separation', 'thresholds', 'weights', 'milliseconds'],
        properties: {
          pseudoQuestions: { type: 'integer' },
          rankedFirst: { type: 'number', description: 'share of pseudo-questions whose source entry ranked first' },
          separation: { type: 'number', description: 'area under the ROC curve of the fitted model (0.5 is chance)' },
          thresholds: { type: 'object', properties: { answer: { type: 'number' }, clarify: { type: 'number' } } },
          weights: { type: 'object', additionalProperties: { type: 'number' } },
          milliseconds: { type: 'integer' },
        },
      },
      checks: { type: 'object', additionalProperties: { type: 'boolean' } },
    },
  },
  PolicyMatchResponse: {
    type: 'object',
    required: ['on', 'size', 'results'],
    properties: {
      on: { type: 'string', format: 'date' },
      size: { type: ['string', 'null'], enum: ['大型', '中型', '小型', '微型', null] },
      results: {
        type: 'array',
        items: {
          type: 'object',
          required: ['policyId', 'title', 'verdict', 'met', 'unmet', 'unknown', 'items'],
          properties: {
            policyId: { type: 'string' },
            title: { type: 'string' },
            verdict: { type: 'string', enum: ['eligible', 'unknown', 'ineligible'] },
            met: { type: 'array', items: { type: 'string' } },
            unmet: { type: 'array', items: { type: 'string' } },
            unknown: { type: 'array', items: { type: 'string' } },
            items: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'text', 'status'],
                properties: {
                  id: { type: 'string' },
                  text: { type: 'string' },
                  fact: { type: 'string' },
                  value: {},
                  manual: { type: 'boolean' },
                  status: { type: 'string', enum: ['met', 'unmet', 'unknown'] },
                },
              },
            },
          },
        },
      },
    },
  },
  Decision: {
    type: 'object',
    required: ['kind', 'confidence', 'candidates', 'field', 'text', 'script'],
    properties: {
      kind: { type: 'string', enum: ['answer', 'clarify', 'handoff'] },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
      candidates: {
        type: 'array',
        maxItems: 10,
        description: "Ranked candidates (at most 5), or a clarify question's choices (up to 10 sub-items of one matter).",
        items: { $ref: '#/components/schemas/Candidate' },
      },
      field: { oneOf: [{ $ref: '#/components/schemas/Field' }, { type: 'null' }] },
      text: { type: 'string' },
      script: { $ref: '#/components/schemas/Script' },
      entryId: { type: 'string', description: 'answer only' },
      alsoFor: {
        type: 'array',
        items: { type: 'string' },
        description: 'answer only: look-alike entries (the same matter for another department or sub-item) whose answer to this field is word for word the same; the text says whom it covers.',
      },
      source: {
        type: 'object',
        description: 'answer only',
        properties: {
          entryId: { type: 'string' },
          kind: { type: 'string' },
          title: { type: 'string' },
          department: { type: 'string' },
          source: { type: 'string' },
        },
      },
      reason: { $ref: '#/components/schemas/HandoffReason' },
      retrieval: {
        type: 'string',
        enum: ['embedding'],
        description: "Present when the optional semantic layer (OPENAI_BASE_URL) made this answer or clarify question from embeddings, for a question the engine alone handed off (low_confidence, out_of_scope). The answer text is still the entry's own composed text.",
      },
    },
  },
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
  Candidate: {
    type: 'object',
    required: ['entryId', 'kind', 'title', 'score'],
    properties: {
      entryId: { type: 'string' },
      kind: { type: 'string', enum: ['item', 'policy', 'faq'] },
      title: { type: 'string' },
      department: { type: 'string' },
      score: { type: 'number' },
      label: {
        type: 'string',
        description: "How a choice is shown when its title alone would read like another choice's (look-alike entries: the same matter for another department or sub-item).",
      },
    },
  },
};
