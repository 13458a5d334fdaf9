/** The hotline routes (docs/api.md, "The route registry": how to add one). */
import { HotlineTicketRequest, SuggestRequest, UsedRequest, UtteranceRequest } from '../../hotline-router';
import { TriagePreviewRequest } from '../../hotline-tickets-router';
import { SimilarCasesRequest } from '../../cases-router';
import type { RouteDoc } from '../registry';

export const hotline1Routes: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/hotline/suggest',
    auth: [{ bearerToken: [] }],
    body: SuggestRequest,
    operation: {
      tags: ['hotline'],
      summary: 'Live suggestions for what the caller said (operator console)',
      description: `Top 5 knowledge-base entries for the text (simplified or traditional, keywords or a
sentence), each with the field the question asks for (mapped onto what the entry can
answer) and the text to read out, in the caller's script; plus the engine's decision for the
same text (a complaint or a specific case → \`suggestTicket\`, i.e. 建单). Role operator
(bearer token, or the console's session cookie with \`X-CSRF-Token\`). With \`callId\`, the
suggestions shown are remembered for that call's ticket. See docs/operator-console.md.
`,
      operationId: 'hotlineSuggest',
      requestBody: {
        required: true,
        content: { 'application/json': { example: { text: '開藥店要帶什麼材料', callId: 'op-mwx1a2b3-0f1e2d3c4b5a' } } },
      },
      responses: {
        '200': {
          description: 'Suggestions, best first',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/HotlineSuggestions' },
              example: {
                suggestions: [
                  {
                    entryId: 'item-drug-retail',
                    kind: 'item',
                    title: '药品零售企业许可（药品经营许可证核发）',
                    department: '市市场监督管理局',
                    field: 'materials',
                    fieldLabel: '所需材料',
                    found: true,
                    readOut: `「藥品零售企業許可（藥品經營許可證核發）」所需材料
需要準備以下材料（共13項）：
1. 藥品經營許可證申請表（原件，1份）…`,
                    score: 0.788,
                    match: 'high',
                  },
                ],
                decision: 'answer',
                suggestTicket: false,
                script: 'traditional',
              },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/hotline/cases/similar',
    auth: [{ bearerToken: [] }],
    body: SimilarCasesRequest,
    operation: {
      tags: ['hotline'],
      summary: 'The most similar past cases, with their replies and departments (operator console)',
      description: `The past cases of the published knowledge base (messages with the reply that settled them,
imported with \`npm run kb -- import --from cases-jsonl\`) most similar to the text: what the
caller said so far, or a ticket's summary and detail. Each case has its department when its
reply names one (never guessed), the reply's gist (greeting, acknowledgement, thanks and date
left out) and the whole reply, and its similarity (TF-IDF cosine, 0..1) with a level: \`high\`
(高), \`medium\` (中) or \`low\` (低), cut-offs measured by \`npm run eval:cases\` (docs/cases.md).
POST, not GET, so the caller's words stay out of URLs and logs. Role operator (bearer token,
or the console's session cookie with \`X-CSRF-Token\`).
`,
      operationId: 'similarCases',
      requestBody: {
        required: true,
        content: { 'application/json': { example: { text: '东城区工地晚上施工噪音太大', limit: 3 } } },
      },
      responses: {
        '200': {
          description: 'The cases, most similar first (fewer when fewer share a word with the text)',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/SimilarCases' },
              example: {
                total: 10,
                cases: [
                  {
                    id: 'sample-case-001',
                    title: '东城区商业街工地夜间施工噪音扰民',
                    department: '示例市城市管理和综合执法局',
                    gist: '经示例市城市管理和综合执法局东城中队现场核查，该工地未办理夜间施工许可。…',
                    reply: '网友您好！您的留言已收悉。现将有关情况回复如下：经示例市城市管理和综合执法局东城中队现场核查，…',
                    similarity: 0.412,
                    level: 'high',
                    askedOn: '2025-03-10',
                    repliedOn: '2025-03-14',
                    synthetic: true,
                  },
                ],
              },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/hotline/calls/:callId/utterances',
    auth: [{ bearerToken: [] }],
    body: UtteranceRequest,
    operation: {
      tags: ['hotline'],
      summary: 'A transcript chunk of a call (CTI or speech-to-text)',
      description: `\`speaker\` defaults to \`caller\`, \`final\` to true. A chunk with \`final: false\` is an interim
hypothesis: the same speaker's next chunk replaces it. Answers with the suggestions over the
caller's recent words (the last 3 caller utterances, at most 300 characters; the field asked
in the latest one first), which are also pushed to the call's event streams.
`,
      operationId: 'hotlineUtterance',
      parameters: [{ $ref: '#/components/parameters/CallId' }],
      requestBody: {
        required: true,
        content: { 'application/json': { example: { text: '我想开一家药店，要带什么材料', speaker: 'caller', final: true } } },
      },
      responses: {
        '201': {
          description: "Recorded; suggestions over the caller's recent words",
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/HotlineUtteranceAnswer' },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/hotline/calls/:callId/suggestions',
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['hotline'],
      summary: "Suggestions over the caller's recent words (polling)",
      operationId: 'hotlineCallSuggestions',
      parameters: [{ $ref: '#/components/parameters/CallId' }],
      responses: {
        '200': {
          description: 'Suggestions, best first',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/HotlineCallSuggestions' } } },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { $ref: '#/components/responses/NotFound' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/hotline/calls/:callId/events',
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['hotline'],
      summary: 'Server-sent events: new suggestions after each utterance',
      description: `\`text/event-stream\`. Starts with \`retry: 3000\`, then (when the call already has caller
words) the current suggestions; after every utterance posted to the call an event
\`suggestions\` whose \`data\` is a HotlineCallSuggestions JSON object (\`id\` counts per stream).
A comment line \`: heartbeat\` every 15 s keeps proxies from closing it. Closing the
connection ends the stream; the call itself lives on.
`,
      operationId: 'hotlineCallEvents',
      parameters: [{ $ref: '#/components/parameters/CallId' }],
      responses: {
        '200': {
          description: 'The event stream',
          content: {
            'text/event-stream': {
              schema: { type: 'string' },
              example: `retry: 3000

id: 1
event: suggestions
data: {"callId":"cti-20261125-0001","text":"开药店要带什么材料","suggestions":[…],"decision":"answer","suggestTicket":false,"script":"simplified"}

: heartbeat

`,
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/hotline/calls/:callId/used',
    body: UsedRequest,
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['hotline'],
      summary: "Which suggestion the operator used, or none (feeds the editors' inbox)",
      description: `Appends a conversation record (channel \`hotline\`, the caller's recent words masked): an entry
→ kind \`answer\`, via \`action\`; \`null\` → kind \`handoff\` with the engine's hand-off reason for
those words, else \`low_confidence\` (an inbox item for the editors).
`,
      operationId: 'hotlineUsed',
      parameters: [{ $ref: '#/components/parameters/CallId' }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            example: { entryId: 'item-drug-retail' },
          },
        },
      },
      responses: {
        '201': {
          description: 'Recorded',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/HotlineUsed' },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/hotline/calls/:callId/ticket-draft',
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['hotline'],
      summary: 'A ticket prefilled from the call (建单), for the operator to complete',
      description: `Channel \`hotline\`, \`sessionId\` the call id, the demand's summary from the caller's words,
its detail the transcript (来电人：… / 话务员：…), the last 20 turns, the suggestions shown
during the call with their best scores; the enterprise and contact are left empty (\`missing\`
lists them). \`triage\` previews category and department; \`districts\` is the pick list.
The body is ignored (send \`{}\`).
`,
      operationId: 'hotlineTicketDraft',
      parameters: [{ $ref: '#/components/parameters/CallId' }],
      responses: {
        '200': {
          description: 'The draft',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/HotlineTicketDraft' },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/hotline/calls/:callId/ticket',
    body: HotlineTicketRequest,
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['hotline'],
      summary: 'File the completed ticket for the call',
      description: `\`enterprise\` and \`contact\` as in TicketInput; \`demand\` defaults to the draft's. The channel
is \`hotline\` and the session the call id, whatever is sent. 400 issues name each field by
its dotted path (\`enterprise.creditCode\`, \`contact.phone\` …). A repeat within the same
minute returns the first ticket (200).
`,
      operationId: 'hotlineTicket',
      parameters: [{ $ref: '#/components/parameters/CallId' }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            example: {
              enterprise: { name: '示例五金制品有限公司', creditCode: '91350100M000100Y43', district: '东城区' },
              contact: { name: '李四', phone: '13800138000' },
            },
          },
        },
      },
      responses: {
        '200': { description: 'The same ticket, already filed', content: { 'application/json': { schema: { $ref: '#/components/schemas/HotlineFiledTicket' } } } },
        '201': {
          description: 'Filed',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/HotlineFiledTicket' },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/hotline/calls/:callId/triage-preview',
    body: TriagePreviewRequest,
    auth: [{ bearerToken: [] }],
    operation: {
      tags: ['hotline'],
      summary: 'Where the ticket being written would go, and by when (预计分派)',
      description: `Triage over the form as it is now (the summary and detail as edited, the district when it is
one, the town if it is in it) with the call's turns and the departments of the suggestions
shown during the call, as filing would; the SLA counted from now. Nothing is validated or
stored; the console asks again after every edit (debounced). An unknown call previews the
form alone.
`,
      operationId: 'hotlineTriagePreview',
      parameters: [{ $ref: '#/components/parameters/CallId' }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            example: {
              demand: { summary: '厂门口道路破损，货车进不来', detail: '来电人：我们厂门口的路修了半年还没修好' },
              enterprise: { district: '东城区' },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'The preview',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/RoutingPreview' },
              example: {
                triage: {
                  category: { level1: '交通运输', level2: '道路养护' },
                  department: '市交通运输局',
                  level: '区',
                  complexity: 'general',
                  urgency: 'normal',
                  reasons: [{ aspect: 'department', code: 'keyword_match', detail: '道路破损' }],
                },
                sla: { workingDays: 3, dueAt: '2026-12-16T17:30:00+08:00' },
                district: '东城区',
              },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
      },
    },
  },
];
