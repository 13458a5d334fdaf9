/** The chat routes (docs/api.md, "The route registry": how to add one). */
import { ChatApiRequest } from '../../chat-endpoint';
import { WebInbound } from '../../../conversation';
import type { RouteDoc } from '../registry';

export const chatRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/chat',
    body: ChatApiRequest,
    operation: {
      tags: ['chat'],
      summary: 'One conversation turn (JSON chat API)',
      description: `Typed text (\`text\`) or a button (\`input\`: a Choice's \`input\`), exactly one of the two. The
conversation state belongs to \`sessionId\` (8–100 of \`A-Z a-z 0-9 . _ : -\`, generated and kept
by the client): context for follow-ups, the clarify options offered, the hand-off intake.
Any instance can take any turn. Replies follow the user's script (simplified/traditional).

Rate limits: \`RATE_LIMIT_PER_SESSION\` turns a minute per session (default 30) and
\`RATE_LIMIT_PER_IP\` per client IP (default 120), shared with \`/api/messages\` and the
websocket; over either, \`429\` with \`Retry-After\` (seconds).
`,
      operationId: 'chat',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            examples: {
              text: { summary: 'A question', value: { sessionId: 'web-6f1c2a9e-3b7d', text: '开药店要什么材料' } },
              followUp: {
                summary: 'A follow-up in the same session',
                value: { sessionId: 'web-6f1c2a9e-3b7d', text: '那要多久？' },
              },
              button: {
                summary: "A clarify choice (a Choice's input)",
                value: {
                  sessionId: 'web-6f1c2a9e-3b7d',
                  input: { action: 'choose', entryId: 'item-licence-replacement' },
                },
              },
              feedback: {
                summary: '👎 on an answer',
                value: {
                  sessionId: 'web-6f1c2a9e-3b7d',
                  input: { action: 'feedback', turnId: '6f6c63c5-0f8c-4c52-9542-660c6642e73c', helpful: false },
                },
              },
            },
          },
        },
      },
      responses: {
        '200': {
          description: "The bot's messages for this turn, in order",
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/ChatResponse' },
              examples: {
                answer: {
                  summary: 'An answer with its card (materials shortened)',
                  value: {
                    sessionId: 'web-6f1c2a9e-3b7d',
                    messages: [
                      {
                        type: 'answer',
                        text: `「药品零售企业许可（药品经营许可证核发）」所需材料
需要准备以下材料（共13项）：
1. 药品经营许可证申请表（原件，1份）
…`,
                        turnId: '6f6c63c5-0f8c-4c52-9542-660c6642e73c',
                        entryId: 'item-drug-retail',
                        field: 'materials',
                        card: {
                          entryId: 'item-drug-retail',
                          kind: 'item',
                          title: '药品零售企业许可（药品经营许可证核发）',
                          department: '市市场监督管理局',
                          field: 'materials',
                          fieldLabel: '所需材料',
                          body: `需要准备以下材料（共13项）：
1. 药品经营许可证申请表（原件，1份）
…`,
                          materials: [{ name: '药品经营许可证申请表', detail: '原件，1份' }, { name: '执业药师注册证', detail: '复印件，1份' }],
                          facts: [
                            { label: '办理时限', value: '承诺办结时限：10个工作日；法定办结时限：20个工作日' },
                            { label: '咨询电话', value: '0760-80000103' },
                          ],
                          onlineUrl: 'https://zwfw.example.gov.cn/item/item-drug-retail',
                          source: '市市场监督管理局 · 示例数据（手工编写，非官方事项目录）',
                        },
                      },
                    ],
                  },
                },
                clarify: {
                  summary: 'Not sure which entry is meant',
                  value: {
                    sessionId: 'web-6f1c2a9e-3b7d',
                    messages: [
                      {
                        type: 'clarify',
                        text: `您想问的是下面哪一项？请回复序号或名称：
1. 企业设立登记
2. 营业执照遗失补领、换发`,
                        choices: [
                          { label: '企业设立登记', input: { action: 'choose', entryId: 'item-company-registration' } },
                          { label: '营业执照遗失补领、换发', input: { action: 'choose', entryId: 'item-licence-replacement' } },
                        ],
                      },
                    ],
                  },
                },
                ticket: {
                  summary: 'The intake confirmed, a ticket filed',
                  value: {
                    sessionId: 'web-6f1c2a9e-3b7d',
                    messages: [
                      {
                        type: 'ticket',
                        text: '已为您登记转办，工单号 QH-20261125-000001，将于12月1日 17:30前答复（3个工作日）。在本对话中发送工单号可以随时查询办理进度。',
                        ticketId: 'QH-20261125-000001',
                      },
                    ],
                  },
                },
              },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '413': { $ref: '#/components/responses/TooLarge' },
        '415': { $ref: '#/components/responses/UnsupportedMediaType' },
        '429': { $ref: '#/components/responses/RateLimited' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/messages',
    body: WebInbound,
    operation: {
      tags: ['chat'],
      summary: 'Botkit web adapter webhook (the websocket protocol over HTTP)',
      description: `The same messages as the websocket, one per request; the replies come back as an array in
the response. \`hello\` / \`welcome_back\` get the greeting (and a reminder of an unfinished
intake); other \`type\`s are ignored (\`200 []\`). Shares the chat rate limits.
`,
      operationId: 'botkitWebhook',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            examples: {
              text: { value: { type: 'message', user: 'web-6f1c2a9e-3b7d', text: '开药店要什么材料' } },
              button: {
                value: {
                  type: 'message',
                  user: 'web-6f1c2a9e-3b7d',
                  text: '营业执照遗失补领、换发',
                  qihu: { action: 'choose', entryId: 'item-licence-replacement' },
                },
              },
              hello: { value: { type: 'hello', user: 'web-6f1c2a9e-3b7d' } },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'The replies, in the wire format (empty for ignored types)',
          content: {
            'application/json': {
              schema: { type: 'array', items: { $ref: '#/components/schemas/WireMessage' } },
              example: [
                {
                  type: 'message',
                  text: '您好！我是企呼我应智能助手，可以解答企业办事和惠企政策方面的问题，也可以帮您转人工、查询工单进度。请问有什么可以帮您？',
                  qihu: { type: 'text', text: '您好！我是企呼我应智能助手，可以解答企业办事和惠企政策方面的问题，也可以帮您转人工、查询工单进度。请问有什么可以帮您？' },
                },
              ],
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '413': { $ref: '#/components/responses/TooLarge' },
        '429': { $ref: '#/components/responses/RateLimited' },
      },
    },
  },
  {
    method: 'get',
    path: '/',
    operation: {
      tags: ['chat'],
      summary: 'The chat page (HTML; src/web)',
      description: 'Also `/index.html` and its assets under `/chat/` (chat.js, chat.css, icon.svg).',
      operationId: 'chatPage',
      responses: { '200': { description: 'The page', content: { 'text/html': {} } } },
    },
  },
];
