/**
 * What the 督办 API answers (src/http/supervision-router.ts): the list's rows and page, the
 * filter options and a ticket's timeline. Models only (zod and other models), so that the pages'
 * scripts import their types (src/web/supervision/client/types.ts).
 */
import { z } from 'zod';
import { SLA_COLOURS, SLA_OUTCOMES } from './codes';
import { TicketDigest } from './digest';
import { Applicant, Category, Channel, Complexity, IsoDateTime, Level, Sla, TicketStatus, Urgency } from './schema';

export const SlaColourSchema = z.enum(SLA_COLOURS);

/** A digest as the list shows it, with its colour as of the moment asked. */
export const SupervisionRow = TicketDigest.extend({
  statusName: z.string(),
  colour: SlaColourSchema,
  colourName: z.string(),
  /** Answered tickets: whether by the deadline. */
  outcome: z.enum(SLA_OUTCOMES).optional(),
  outcomeName: z.string().optional(),
  /** Open tickets: working-day closes left before the deadline (1 on the due day, 0 once overdue). */
  workingDaysLeft: z.number().int().min(0).optional(),
});
export type SupervisionRow = z.infer<typeof SupervisionRow>;

export const SupervisionPage = z.strictObject({
  /** The instant the colours refer to. */
  asOf: IsoDateTime,
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  /**
   * Tickets of each colour under the filter's other conditions, whichever colours it selects; but
   * grey is null when other conditions are set and grey is not selected (counting it would read
   * every answered ticket ever filed).
   */
  counts: z.strictObject({ red: z.number().int(), yellow: z.number().int(), green: z.number().int(), grey: z.number().int().nullable() }),
  items: z.array(SupervisionRow),
});
export type SupervisionPage = z.infer<typeof SupervisionPage>;

/** The filters' choices: the departments, categories and districts a supervisor can narrow by. */
export const SupervisionOptions = z.strictObject({
  departments: z.array(z.string()),
  categories: z.array(z.string()),
  districts: z.array(z.string()),
});
export type SupervisionOptions = z.infer<typeof SupervisionOptions>;

export const TIMELINE_EVENT_KINDS = ['filed', 'status', 'rating', 'deadline'] as const;
export type TimelineEventKind = (typeof TIMELINE_EVENT_KINDS)[number];

export const TimelineEvent = z.strictObject({
  kind: z.enum(TIMELINE_EVENT_KINDS),
  at: IsoDateTime,
  /** status events (filed is the queued status): the status and its name. */
  status: TicketStatus.optional(),
  statusName: z.string().optional(),
  department: z.string().optional(),
  answer: z.string().optional(),
  reason: z.string().optional(),
  note: z.string().optional(),
  /** rating */
  score: z.number().int().optional(),
  comment: z.string().optional(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const TicketTimeline = z.strictObject({
  asOf: IsoDateTime,
  ticket: z.strictObject({
    id: z.string(),
    createdAt: IsoDateTime,
    channel: Channel,
    /** Absent for a person or a founder who gave none. */
    enterprise: z.strictObject({ name: z.string(), creditCode: z.string().optional(), district: z.string(), town: z.string().optional() }).optional(),
    applicant: Applicant.optional(),
    contact: z.strictObject({ name: z.string(), phone: z.string() }),
    summary: z.string(),
    detail: z.string(),
    category: Category,
    triageDepartment: z.string(),
    level: Level,
    complexity: Complexity,
    urgency: Urgency,
    sla: Sla,
  }),
  status: TicketStatus,
  statusName: z.string(),
  /** The department responsible now. */
  department: z.string(),
  colour: SlaColourSchema,
  colourName: z.string(),
  outcome: z.enum(SLA_OUTCOMES).optional(),
  outcomeName: z.string().optional(),
  workingDaysLeft: z.number().int().optional(),
  delivery: z.strictObject({ attempts: z.number().int(), deliveredAt: IsoDateTime.optional(), lastError: z.string().optional() }),
  events: z.array(TimelineEvent),
});
export type TicketTimeline = z.infer<typeof TicketTimeline>;
