/*
 * What the 督办 API answers (src/http/supervision-router.ts), as the pages read it: the server's
 * own zod-inferred types. src/tickets/supervision-schema.ts and summary-schema.ts are models (zod
 * and other models only), so the browser program type-checks them without Node.
 */
export type { SupervisionRow as Row, SupervisionPage as ListPage, SupervisionOptions as Options, TicketTimeline as Timeline, TimelineEvent } from '../../../tickets/supervision-schema';
export type { SlaColour } from '../../../tickets/codes';
export type { DailySummary, Tally } from '../../../tickets/summary-schema';
