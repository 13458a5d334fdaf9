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
  KbEntryId: { type: 'string', minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' },
  KbEntrySummary: {
    type: 'object',
    required: ['id', 'kind', 'title', 'version', 'changeSetId', 'updatedAt', 'updatedBy', 'entry'],
    properties: {
      id: { type: 'string' },
      kind: { type: 'string', enum: ['item', 'policy', 'faq'] },
      title: { type: 'string', description: 'name, title or question' },
      department: { type: 'string' },
      version: { type: 'integer', minimum: 1 },
      changeSetId: { type: 'string' },
      updatedAt: { type: 'string', format: 'date-time' },
      updatedBy: { type: 'string' },
      entry: { $ref: '#/components/schemas/KbEntry' },
    },
  },
  KbEntryList: {
    type: 'object',
    required: ['total', 'offset', 'limit', 'items'],
    properties: {
      total: { type: 'integer', minimum: 0 },
      offset: { type: 'integer', minimum: 0 },
      limit: { type: 'integer', minimum: 1 },
      items: { type: 'array', items: { $ref: '#/components/schemas/KbEntrySummary' } },
    },
  },
  KbEntryDetail: {
    allOf: [
      { $ref: '#/components/schemas/KbEntrySummary' },
      {
        type: 'object',
        required: ['history', 'historyCount'],
        properties: {
          history: { type: 'array', maxItems: 50, items: { $ref: '#/components/schemas/KbVersionRecord' } },
          historyCount: { type: 'integer', minimum: 1 },
        },
      },
    ],
  },
  KbCreateEntryRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['entry'],
    properties: { entry: { $ref: '#/components/schemas/KbEntry' } },
  },
  KbUpdateEntryRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['expectedVersion', 'entry'],
    properties: {
      expectedVersion: { type: 'integer', minimum: 1, description: 'The version the editor edited' },
      entry: { $ref: '#/components/schemas/KbEntry' },
    },
  },
  KbEntryWritten: {
    type: 'object',
    required: ['entry', 'version', 'changeSetId'],
    properties: {
      entry: { $ref: '#/components/schemas/KbEntry' },
      version: { type: 'integer', minimum: 1 },
      changeSetId: { type: ['string', 'null'] },
      changed: { type: 'boolean', description: 'PUT only' },
    },
  },
  KbWriteResult: {
    type: 'object',
    required: ['version', 'changeSetId', 'changed'],
    properties: {
      version: { type: 'integer', minimum: 0, description: "The target's version after the call" },
      changeSetId: { type: ['string', 'null'], description: 'null when nothing changed' },
      changed: { type: 'boolean' },
    },
  },
  KbRollbackRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['toVersion'],
    properties: { toVersion: { type: 'integer', minimum: 1 } },
  },
  KbChangeSetRollbackRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      force: { type: 'boolean', default: false, description: 'Roll back even if targets changed since' },
    },
  },
  KbPublishRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { note: { type: 'string', maxLength: 500 } },
  },
  KbVersionList: {
    type: 'object',
    required: ['target', 'versions'],
    properties: {
      target: { type: 'string' },
      versions: { type: 'array', items: { $ref: '#/components/schemas/KbVersionRecord' } },
    },
  },
  KbSynonyms: {
    type: 'object',
    required: ['groups', 'version'],
    properties: {
      groups: { type: 'array', items: { type: 'array', minItems: 2, items: { type: 'string', minLength: 1 } } },
      version: { type: 'integer', minimum: 0 },
    },
  },
  KbPutSynonymsRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['expectedVersion', 'groups'],
    properties: {
      expectedVersion: { type: 'integer', minimum: 0 },
      groups: { type: 'array', items: { type: 'array', minItems: 2, items: { type: 'string', minLength: 1 } } },
    },
  },
  KbRoutingRule: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'category', 'department'],
    description: "A KbFlagRule's matcher plus where the demand goes. Needs at least one of keywords, patterns or all.",
    properties: {
      id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
      note: { type: 'string' },
      keywords: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 40 }, default: [] },
      all: {
        type: 'array',
        items: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1, maxLength: 40 } },
        default: [],
      },
      patterns: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, default: [] },
      not: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 40 }, default: [] },
      category: { $ref: '#/components/schemas/KbCategory' },
      department: { type: 'string', minLength: 1, description: 'One of `departments`' },
      level: { $ref: '#/components/schemas/KbRoutingLevel', description: "Default: the department's level" },
      priority: {
        type: 'integer',
        minimum: -10,
        maximum: 10,
        default: 0,
        description: 'Breaks ties between overlapping rules',
      },
      generic: {
        type: 'boolean',
        default: false,
        description: 'A catch-all used only when no specific rule matches',
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
  KbPutRoutingRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['expectedVersion', 'routing'],
    properties: {
      expectedVersion: { type: 'integer', minimum: 0 },
      routing: { $ref: '#/components/schemas/KbRoutingFile' },
    },
  },
  KbChangeSetHead: {
    type: 'object',
    required: ['id', 'seq', 'at', 'author', 'action', 'counts'],
    properties: {
      id: { type: 'string', description: 'cs<seq>' },
      seq: { type: 'integer', minimum: 1, description: 'The draft revision this change set produced' },
      at: { type: 'string', format: 'date-time' },
      author: { type: 'string' },
      action: {
        type: 'string',
        enum: [
          'seed',
          'create',
          'update',
          'delete',
          'import',
          'synonyms',
          'routing',
          'rollback-entry',
          'rollback-change-set',
        ],
      },
      source: { type: 'string', description: 'Imports and the seed' },
      mode: { type: 'string', enum: ['merge', 'replace'] },
      note: { type: 'string' },
      revertOf: { type: 'string', description: 'The change set a rollback-change-set reverts' },
      counts: { $ref: '#/components/schemas/KbCounts' },
    },
  },
  KbChangeSetTarget: {
    type: 'object',
    required: ['target', 'op', 'from', 'to'],
    properties: {
      target: { type: 'string' },
      op: { type: 'string', enum: ['create', 'update', 'delete'] },
      from: { type: 'integer', minimum: 0 },
      to: { type: 'integer', minimum: 1 },
    },
  },
  KbChangeSetDetail: {
    allOf: [
      { $ref: '#/components/schemas/KbChangeSetHead' },
      {
        type: 'object',
        required: ['targets', 'changes'],
        properties: {
          targets: { type: 'array', items: { $ref: '#/components/schemas/KbChangeSetTarget' } },
          changes: {
            type: 'array',
            maxItems: 200,
            items: {
              allOf: [
                { $ref: '#/components/schemas/KbChangeSetTarget' },
                {
                  type: 'object',
                  required: ['diff'],
                  properties: { diff: { type: 'array', items: { $ref: '#/components/schemas/KbFieldChange' } } },
                },
              ],
            },
          },
        },
      },
    ],
  },
  KbImportReport: {
    type: 'object',
    required: [
      'dryRun',
      'from',
      'mode',
      'source',
      'accepted',
      'rejectedCount',
      'rejected',
      'warningCount',
      'warnings',
      'added',
      'changed',
      'removed',
      'unchanged',
      'synonymsChanged',
      'routingChanged',
      'changeSetId',
    ],
    description: 'Lists are cut at 500 ids and 200 diffs; the counts are always complete.',
    properties: {
      dryRun: { type: 'boolean' },
      from: { type: 'string', enum: ['faq-csv', 'xlsx', 'gd-items', 'bundle'] },
      mode: { type: 'string', enum: ['merge', 'replace'] },
      source: { type: 'string' },
      accepted: { type: 'integer', minimum: 0 },
      rejectedCount: { type: 'integer', minimum: 0 },
      rejected: {
        type: 'array',
        items: {
          type: 'object',
          required: ['row', 'reason'],
          properties: {
            row: { type: 'integer', minimum: 1, description: 'Spreadsheet row (header = 1) or JSON line' },
            id: { type: 'string' },
            reason: { type: 'string' },
          },
        },
      },
      warningCount: { type: 'integer', minimum: 0 },
      warnings: {
        type: 'array',
        items: {
          type: 'object',
          required: ['row', 'message'],
          properties: { row: { type: 'integer', minimum: 0 }, message: { type: 'string' } },
        },
      },
      added: {
        type: 'object',
        required: ['count', 'ids'],
        properties: { count: { type: 'integer', minimum: 0 }, ids: { type: 'array', items: { type: 'string' } } },
      },
      changed: {
        type: 'object',
        required: ['count', 'items', 'ids'],
        properties: {
          count: { type: 'integer', minimum: 0 },
          items: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'version', 'diff'],
              properties: {
                id: { type: 'string' },
                version: { type: 'integer', description: "The entry's version before the import" },
                diff: { type: 'array', items: { $ref: '#/components/schemas/KbFieldChange' } },
              },
            },
          },
          ids: { type: 'array', items: { type: 'string' } },
        },
      },
      removed: {
        type: 'object',
        required: ['count', 'ids'],
        properties: { count: { type: 'integer', minimum: 0 }, ids: { type: 'array', items: { type: 'string' } } },
      },
      unchanged: { type: 'integer', minimum: 0 },
      synonymsChanged: { type: 'boolean' },
      routingChanged: { type: 'boolean' },
      changeSetId: { type: ['string', 'null'], description: 'null for a dry run (or an import that changed nothing)' },
      seq: { type: 'integer', description: 'The draft revision after a written import' },
    },
  },
  KbStatus: {
    type: 'object',
    required: ['seq', 'published', 'unpublishedChanges', 'live'],
    properties: {
      seq: { type: 'integer', minimum: 0, description: 'The draft revision' },
      published: { oneOf: [{ $ref: '#/components/schemas/KbPublishMeta' }, { type: 'null' }] },
      unpublishedChanges: { type: 'integer', minimum: 0, description: 'Change sets since the published revision' },
      live: {
        oneOf: [
          {
            type: 'object',
            required: ['revision'],
            properties: { revision: { type: 'string', description: 'The revision this instance serves' } },
          },
          { type: 'null' },
        ],
      },
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
