/** The policy editor's routes (docs/api.md, "The route registry": how to add one). */
import { ImpactRequest, SuggestRequest } from '../../editor-policies-router';
import type { RouteDoc } from '../registry';

export const kb5Routes: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/admin/kb/policies/vocabulary',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['kb'],
      summary: 'The closed lists of the eligibility form (facts, operators, values)',
      description: `Each fact with its kind and the operators it takes, the qualifications, sizes, 纳税信用等级,
the city's districts and the GB/T 4754-2017 sections. See docs/policies.md § Eligibility rules.
`,
      operationId: 'kbPolicyVocabulary',
      'x-required-role': 'editor',
      responses: {
        '200': {
          description: 'The lists',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/PolicyVocabulary' },
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
    path: '/api/v1/admin/kb/policies/impact',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    body: ImpactRequest,
    operation: {
      tags: ['kb'],
      summary: 'How many registry enterprises a draft eligibility makes eligible, ineligible, unknown',
      description: `Evaluates \`eligibility\` (and \`before\`, the eligibility the change starts from; without it the
published entry \`policyId\`'s) against every enterprise of the registry, on today's date in
China, before anything is saved or published. \`before\` and \`changed\` are null when there is
nothing to compare with. A draft that is not valid is 400 with each issue under
\`eligibility.…\` (e.g. \`eligibility.all.1.value\`). See docs/editor-console.md.
`,
      operationId: 'kbPolicyImpact',
      'x-required-role': 'editor',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            example: {
              policyId: 'policy-high-tech-enterprise-award',
              eligibility: {
                all: [
                  { id: 'reg', fact: 'district', op: 'in', value: ['东城区', '西城区'], text: '在示例市注册' },
                  { id: 'hte', fact: 'qualifications', op: 'includes', value: '高新技术企业', text: '高新技术企业' },
                ],
              },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'The counts',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/PolicyImpact' },
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
    path: '/api/v1/admin/kb/policies/suggest',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    body: SuggestRequest,
    operation: {
      tags: ['kb'],
      summary: "Condition items suggested from a policy's conditions text (申报条件)",
      description: `The items src/policies/extract.ts reads in the text (注册地, 成立年限, 营业收入, 从业人员, 资质,
研发投入占比 …), each with an id \`s1\`, \`s2\` …, for an editor to accept or ignore. Nothing is saved.
`,
      operationId: 'kbPolicySuggest',
      'x-required-role': 'editor',
      requestBody: {
        required: true,
        content: { 'application/json': { example: { text: '在示例区注册登记，成立满3年，上年度营业收入不低于2000万元' } } },
      },
      responses: {
        '200': {
          description: 'The suggested items',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/PolicySuggestions' },
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
