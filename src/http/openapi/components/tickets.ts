/** Component schemas of the tickets, 督办 and similar-cases responses (the zod schemas their handlers build with). */
import { DailySummarySchema, MyTicketView, Sla, SupervisionOptions, SupervisionPage, SupervisionRow, TallySchema, Ticket, TicketTimeline } from '../../../tickets';
import { DeadLetterList, DeadLetterReplayed, FiledTicket, PublicTicketStatus, RatingAnswer, StatusCallbackAnswer, TicketProgress } from '../../tickets-router';
import { SimilarCases } from '../../../cases';
import { NotificationDeadLetterList, NotificationReplayed } from '../../notifications-router';
import type { ZodComponent } from '../registry';

export const TICKET_COMPONENTS: ZodComponent[] = [
  { name: 'PublicTicketStatus', schema: PublicTicketStatus, description: 'What anyone may learn of a ticket without its access token' },
  {
    name: 'StatusCallbackAnswer',
    schema: StatusCallbackAnswer,
    properties: { duplicate: 'The event id was applied before; nothing changed' },
  },
  { name: 'RatingAnswer', schema: RatingAnswer },
  {
    name: 'DeadLetterList',
    schema: DeadLetterList,
    properties: { 'deadLetters[].error': 'Transport error or HTTP status; never the payload' },
  },
  {
    name: 'NotificationDeadLetterList',
    schema: NotificationDeadLetterList,
    properties: { 'deadLetters[].error': 'An HTTP status or a transport code, never the payload' },
  },
  { name: 'NotificationReplayed', schema: NotificationReplayed },
  { name: 'DeadLetterReplayed', schema: DeadLetterReplayed, properties: { entryId: 'The outbox entry queued again' } },
  {
    name: 'SimilarCases',
    schema: SimilarCases,
    properties: {
      total: 'Past cases in the published knowledge base',
      'cases[].department': 'The department the reply names; absent when it names none',
      'cases[].gist': 'The reply without its formulas, a few lines',
      'cases[].synthetic': 'A hand-written sample case, not a real one',
    },
  },
  { name: 'TicketSla', schema: Sla, properties: { dueAt: '17:30 Beijing time of the due day' } },
  { name: 'Ticket', schema: Ticket, description: 'The stored ticket (qihu.ticket/v1); the authoritative JSON Schema is served at /api/v1/schema/ticket.' },
  {
    name: 'FileTicketResponse',
    schema: FiledTicket,
    properties: {
      accessToken: "The ticket's access token, for its filer only; the details (GET …/{id}) and the rating need it (X-Qihu-Ticket-Token or ?token=).",
    },
  },
  {
    name: 'TicketStatusView',
    schema: TicketProgress,
    description: "A ticket's whole progress, for whoever filed it; personal data in the summary masked.",
    properties: { trafficLight: 'Open tickets only' },
  },
  {
    name: 'MyTicket',
    schema: MyTicketView,
    description: 'A ticket as the chat page lists it under 我的工单, in the requested script. No contact data, no credit code; the summary is masked.',
    properties: {
      updatedAt: 'When the status last changed (the page marks changes since the last visit by it)',
    },
    examples: { id: 'QH-20261201-000001', statusName: '已分派', dueText: '12月16日 17:30', slaName: '正常' },
  },
  {
    name: 'SupervisionRow',
    schema: SupervisionRow,
    properties: {
      enterprise: "The enterprise's name, masked; empty for a person or a founder without one",
      department: 'The department responsible now',
      answeredAt: 'The first answer (resolved or rejected)',
      summary: 'Masked, at most 80 characters',
      'contact.phone': 'Masked',
      outcome: 'Answered tickets: whether by the deadline',
      workingDaysLeft: 'Open tickets: working-day closes left before the deadline (1 on the due day, 0 once overdue)',
    },
    examples: { id: 'QH-20261125-000001', statusName: '已分派', 'contact.phone': '139****5678', colourName: '已超期', outcomeName: '按时办结' },
  },
  {
    name: 'SupervisionPage',
    schema: SupervisionPage,
    properties: {
      total: 'Tickets of the selected colours under the filters',
      counts: "Each colour's number under the other filters; grey is null when other filters are set and grey is not selected (it is not counted then)",
    },
  },
  { name: 'SupervisionFilters', schema: SupervisionOptions, description: 'The pick lists of the filters: from the routing table in force and the districts' },
  {
    name: 'SupervisionTimeline',
    schema: TicketTimeline,
    properties: {
      ticket: "The ticket's facts; the phone and credit code masked, numbers in the summary and detail masked",
      'ticket.enterprise': 'Absent for a person or a founder who gave none',
      'ticket.enterprise.creditCode': 'Masked',
      department: 'The department responsible now',
    },
    examples: { 'ticket.enterprise.creditCode': '91350100*********3' },
    example: {
      asOf: '2026-11-30T02:00:00.000Z',
      ticket: {
        id: 'QH-20261125-000001',
        createdAt: '2026-11-25T09:00:00+08:00',
        channel: 'web',
        enterprise: { name: '示例五金制品有限公司', creditCode: '91350100*********3', district: '东城区' },
        contact: { name: '李四', phone: '138****8000' },
        summary: '厂门口道路破损半年未修复',
        detail: '',
        category: { level1: '城乡建设', level2: '城市建设和市政管理' },
        triageDepartment: '市城市管理和综合执法局',
        level: '区县',
        complexity: 'general',
        urgency: 'normal',
        sla: { workingDays: 3, dueAt: '2026-11-30T17:30:00+08:00' },
      },
      status: 'resolved',
      statusName: '已办结',
      department: '市城市管理和综合执法局',
      colour: 'grey',
      colourName: '已办结',
      outcome: 'met',
      outcomeName: '按时办结',
      delivery: { attempts: 1, deliveredAt: '2026-11-25T01:00:02.000Z' },
      events: [
        { kind: 'filed', at: '2026-11-25T09:00:00+08:00', status: 'queued', statusName: '待推送' },
        { kind: 'status', at: '2026-11-25T01:00:02.000Z', status: 'delivered', statusName: '已推送' },
        { kind: 'status', at: '2026-11-25T10:00:00+08:00', status: 'assigned', statusName: '已分派', department: '市城市管理和综合执法局' },
        { kind: 'status', at: '2026-11-27T15:00:00+08:00', status: 'resolved', statusName: '已办结', answer: '已安排修复' },
        { kind: 'rating', at: '2026-11-28T09:00:00+08:00', score: 5 },
        { kind: 'deadline', at: '2026-11-30T17:30:00+08:00' },
      ],
    },
  },
  { name: 'Tally', schema: TallySchema },
  {
    name: 'SupervisionSummary',
    schema: DailySummarySchema,
    properties: {
      asOf: "The instant the open and overdue figures describe: the day's end, or now for today",
      'answered.onTimeRate': 'met / total; null when nothing was answered',
      'answered.averageHours': 'Mean hours from filing to the first answer; null when nothing was answered',
      'satisfaction.average': 'Mean score 1–5; null without ratings',
      'satisfaction.satisfied': 'Scores of 4 or 5',
    },
    example: {
      date: '2026-11-24',
      asOf: '2026-11-24T15:59:59.999Z',
      filed: {
        total: 3,
        byDepartment: [
          { key: '市住房和城乡建设局', count: 2 },
          { key: '市税务局', count: 1 },
        ],
        byCategory: [
          { key: '城乡建设', count: 2 },
          { key: '经济管理', count: 1 },
        ],
        byDistrict: [{ key: '东城区', count: 3 }],
        byChannel: [{ key: 'web', count: 3 }],
      },
      answered: {
        total: 2,
        met: 1,
        missed: 1,
        onTimeRate: 0.5,
        averageHours: 51.5,
        byDepartment: [{ department: '市税务局', answered: 2, met: 1, averageHours: 51.5 }],
      },
      open: { total: 12, red: 2, yellow: 3, green: 7 },
      overdue: {
        total: 2,
        byDepartment: [
          { key: '市市场监督管理局', count: 1 },
          { key: '市住房和城乡建设局', count: 1 },
        ],
      },
      satisfaction: { ratings: 2, average: 3.5, satisfied: 1, satisfiedRate: 0.5, byScore: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 } },
    },
  },
];
