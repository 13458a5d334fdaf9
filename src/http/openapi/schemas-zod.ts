/**
 * Component schemas generated from the zod schemas the code parses and builds with
 * (z.toJSONSchema). `description` and `properties` add the prose a reader needs beside the types.
 */
import { SuggestRequest, UtteranceRequest } from '../hotline-router';
import { SimilarCasesRequest } from '../cases-router';
import { CallSuggestions, Suggestion, Suggestions } from '../../hotline';
import { SatisfactionRating, SlaColourSchema, StatusUpdate, TicketInput, TicketListItem, TicketStatus } from '../../tickets';
import { Field, HandoffReason, Script } from '../../engine';
import { EnterpriseProfile, PolicyNotice, RegistryInfo } from '../../policies';
import { PolicyMatchRequest } from '../policies-router';
import { AskRequest } from '../ask-router';
import { AnswerCard, ChatResponse, Choice, LiveView, OutMessage, SessionId, UserInput, WebInbound } from '../../conversation';
import { ModelDetailSchema } from '../../classifier';
import { ChatApiRequest } from '../chat-endpoint';
import { ImpactRequest } from '../editor-policies-router';
import { LoginBody, Role } from '../../auth';
import { Category, Entry, Faq, FlagRule, KbManifest, Level, Material, Policy, RoutingFile, ServiceItem } from '../../kb';
import { AuditRecord, Counts, ExportBundle, FieldChange, PublishMeta, TriageModelRef, VersionRecord } from '../../kb/store';
import type { ZodComponent } from './registry';
import { TICKET_COMPONENTS } from './components/tickets';
import { KB_COMPONENTS } from './components/kb';
import { SERVICE_COMPONENTS } from './components/service';
import { POLICY_COMPONENTS } from './components/policies';
import { CONSOLE_COMPONENTS } from './components/console';
import { CHAT_COMPONENTS } from './components/chat';
import { HOTLINE_COMPONENTS } from './components/hotline';


export const ZOD_COMPONENTS: ZodComponent[] = [
  ...TICKET_COMPONENTS,
  ...KB_COMPONENTS,
  ...SERVICE_COMPONENTS,
  ...POLICY_COMPONENTS,
  ...CONSOLE_COMPONENTS,
  ...CHAT_COMPONENTS,
  ...HOTLINE_COMPONENTS,
  { name: 'HotlineSuggestRequest', schema: SuggestRequest },
  { name: 'HotlineUtterance', schema: UtteranceRequest },
  {
    name: 'SimilarCasesRequest',
    schema: SimilarCasesRequest,
    properties: {
      text: "What the caller said, or a ticket's summary and detail",
    },
  },
  {
    name: 'HotlineSuggestion',
    schema: Suggestion,
    properties: {
      fieldLabel: 'e.g. 所需材料',
      found: 'Whether the entry states that field (else readOut says so and gives the phone)',
      readOut: "The text to read out, in the caller's script: the entry's answer for the field under its name, without the chat's follow-up questions, 转人工 or source line",
      score: 'Engine-internal relevance (comparable within one question only)',
      match: "How well it fits (the console shows 高/中/低): the engine's confidence on its own decision cut-offs (answer 0.6, clarify 0.15), a lower-ranked entry's in proportion to its score; only the entry the engine would answer with can be `high`. For `retrieval` embedding, the cosine on the semantic layer's thresholds.",
      retrieval: "Found by the optional semantic layer for a call's words the engine could not match; score is then a cosine similarity",
    },
  },
  {
    name: 'HotlineSuggestions',
    schema: Suggestions,
    properties: {
      suggestTicket: 'A complaint, a specific case or a request for a person: 建单',
    },
  },
  { name: 'HotlineCallSuggestions', schema: CallSuggestions },
  {
    name: 'TicketListItem',
    schema: TicketListItem,
    description: "A ticket as a list shows it, its digest (the 督办 rows' fields; no credit code or transcript, the phone and numbers in names masked), the status in words and who filed it",
    properties: {
      enterprise: "The enterprise's name; empty for a person",
      department: 'The department responsible now',
      summary: 'Masked',
      filedBy: 'The user or token that filed it (hotline)',
    },
  },
  { name: 'SlaColour', schema: SlaColourSchema, description: "An open ticket's traffic light (red 已超期, yellow 即将超期: less than one working day left, green 正常), or grey (已办结) once answered" },
  { name: 'Field', schema: Field },
  { name: 'Script', schema: Script },
  { name: 'HandoffReason', schema: HandoffReason },
  {
    name: 'EnterpriseProfile',
    schema: EnterpriseProfile,
    description: 'Every field optional; a missing fact makes the items that need it unknown.',
    properties: {
      creditCode: '统一社会信用代码 (GB 32100 check)',
      industry: 'GB/T 4754-2017 code',
      revenue: '营业收入 (万元, last year)',
      assets: '资产总额 (万元)',
      registeredCapital: '注册资本 (万元)',
      qualifications: 'closed list (docs/policies.md)',
      rdRatio: 'R&D spending / revenue (%)',
    },
  },
  { name: 'PolicyMatchRequest', schema: PolicyMatchRequest },
  { name: 'AskRequest', schema: AskRequest },
  { name: 'SessionId', schema: SessionId },
  { name: 'UserInput', schema: UserInput, description: "Typed text, or what a button sends (a Choice's input)." },
  { name: 'ChatRequest', schema: ChatApiRequest, description: 'Exactly one of `text` and `input`.' },
  {
    name: 'Choice',
    schema: Choice,
    properties: {
      label: 'Shown on the button',
    },
  },
  {
    name: 'AnswerCard',
    schema: AnswerCard,
    properties: {
      body: "The asked field's text, in the user's script",
    },
  },
  {
    name: 'OutMessage',
    schema: OutMessage,
    description: `One bot message. All text is plain text: show it as text, never as HTML. \`text\` alone is a
complete rendering; the other fields let a page do better (cards, buttons, 👍/👎).`,
    properties: {
      turnId: 'Identifies an answer for 👍/👎 feedback',
      ticketToken: "On a `ticket` message only: the ticket's access token, for the filer's browser to list it (POST /api/v1/my-tickets) and watch it (watch_tickets on the websocket). Keep it private.",
      script: 'Present when the user writes in traditional script; the page words its own labels alike.',
    },
  },
  { name: 'ChatResponse', schema: ChatResponse },
  {
    name: 'WebInbound',
    schema: WebInbound,
    description: 'What the page sends (websocket frame or /api/messages body). Other properties are ignored.',
    properties: {
      type: 'message, hello, welcome_back, resume or ack (the last two websocket only); others are ignored',
      text: 'Over 2,000 characters: the bot says it is too long',
    },
  },
  { name: 'TicketStatus', schema: TicketStatus },
  { name: 'TicketInput', schema: TicketInput, description: `Abridged; the authoritative schema is GET /api/v1/schema/ticket. Without \`applicant\` (or with
kind \`enterprise\`) \`enterprise\` is required; an individual or founder without one gives
\`applicant.district\`.` },
  { name: 'SatisfactionRating', schema: SatisfactionRating },
  { name: 'StatusUpdate', schema: StatusUpdate, description: 'department is required for assigned, answer for resolved, reason for rejected.' },
  {
    name: 'LoginRequest',
    schema: LoginBody,
    properties: {
      username: 'Compared after NFKC normalisation and lower-casing',
    },
  },
  { name: 'AuthRole', schema: Role, description: 'admin passes every role check; operator, editor and supervisor do not include each other.' },
  {
    name: 'KbMaterial',
    schema: Material,
    properties: {
      form: '原件 / 复印件 / 原件及复印件 / 电子版 …',
    },
  },
  {
    name: 'KbServiceItem',
    schema: ServiceItem,
    description: 'A service item (办事事项). Text fields are trimmed and must not be empty.',
    properties: {
      itemType: '行政许可 / 行政确认 / 公共服务 / 其他行政权力 …',
      level: '国家 / 省级 / 市级 / 区县级 / 乡镇',
      statutoryDays: '法定办结时限 (working days)',
      promisedDays: '承诺办结时限 (working days; 0 = 即办)',
      visits: '跑动次数',
    },
  },
  {
    name: 'KbPolicy',
    schema: Policy,
    description: 'A policy (惠企政策). validTo must not be before validFrom.',
    properties: {
      noApplication: '免申即享',
    },
  },
  { name: 'KbFaq', schema: Faq },
  { name: 'KbEntry', schema: Entry, description: 'A knowledge-base entry (`Entry`, src/kb/schema.ts), by `kind`.' },
  {
    name: 'KbFieldChange',
    schema: FieldChange,
    description: 'One changed field; `before` absent for a new field, `after` absent for a removed one.',
    properties: {
      path: 'Dotted path, e.g. materials.2.name',
    },
  },
  {
    name: 'KbVersionRecord',
    schema: VersionRecord,
    properties: {
      target: 'An entry id, or $synonyms, $routing, $manifest',
      order: 'Entries only: position in the knowledge base',
      value: 'The value after the change (an entry, {groups}, a RoutingFile or the manifest); null for a deletion',
    },
  },
  { name: 'KbCategory', schema: Category, description: 'A hotline taxonomy category (一级/二级/三级分类)' },
  { name: 'KbRoutingLevel', schema: Level },
  { name: 'KbFlagRule', schema: FlagRule, description: 'Needs at least one of keywords, patterns or all.' },
  {
    name: 'KbRoutingFile',
    schema: RoutingFile,
    description: 'The triage routing table (`RoutingFile`, src/tickets/triage.ts; knowledge-base/routing.json). Every department named must be listed in `departments`; rule ids are unique.',
    properties: {
      categories: 'Where each first-level category goes when the learned triage model names it and no keyword rule decides (docs/triage.md); one route per `level1`.',
    },
  },
  {
    name: 'TriageModelRef',
    schema: TriageModelRef,
    description: 'What the knowledge store records of a triage model; the model itself is kept whole under its version.',
    properties: {
      accuracy: 'Cross-validated while training',
    },
  },
  { name: 'KbCounts', schema: Counts },
  {
    name: 'KbAuditRecord',
    schema: AuditRecord,
    properties: {
      revision: 'Publishes',
      summary: 'One line in Chinese',
    },
  },
  {
    name: 'KbManifest',
    schema: KbManifest,
    properties: {
      sample: 'Hand-written sample data, not an official catalogue',
    },
  },
  { name: 'KbExportBundle', schema: ExportBundle },
  {
    name: 'KbPublishMeta',
    schema: PublishMeta,
    properties: {
      revision: 'r<n>',
      seq: 'The draft revision that was frozen',
    },
  },
  {
    name: 'PolicyImpactRequest',
    schema: ImpactRequest,
    properties: {
      eligibility: 'An eligibility tree (docs/policies.md § Eligibility rules)',
      before: 'The eligibility the change starts from',
    },
  },
  {
    name: 'TriageModelDetail',
    schema: ModelDetailSchema,
    description: "A model as the editor console's model page shows it (ModelDetailSchema, src/classifier/types.ts)",
    properties: {
      'heads[].classes': 'Each class with its training messages, the most first',
      'heads[].reviewBelow': 'Under this confidence a guess goes to a person (待研判)',
      'heads[].reliability': 'Per confidence band (from its lower bound), the out-of-fold messages in it and how many of them were right',
    },
  },
  {
    name: 'LiveView',
    schema: LiveView,
    description: 'A conversation waiting for a person, or with one (src/conversation/live/schema.ts)',
    properties: {
      position: 'Place in the queue while waiting (1 = next)',
      reason: 'Why it came to a person: asked_for_person, low_confidence',
      demand: 'The question the assistant could not answer',
      details: "The enterprise's details typed so far, masked",
    },
  },
  {
    name: 'RegistryInfo',
    schema: RegistryInfo,
    properties: {
      source: 'The imported file (`upload (csv)`, `seed: enterprises.sample.csv` …)',
      synthetic: 'Generated for demonstration (the shipped sample), not real enterprises',
    },
  },
  {
    name: 'PolicyNotice',
    schema: PolicyNotice,
    properties: {
      id: '`<policyId>|<enterpriseId>`: one notice per policy and enterprise',
      creditCode: 'masked in lists',
    },
  },
];
