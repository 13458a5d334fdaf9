/**
 * The hotline API's answers as the console reads them. Declared here where the server's modules
 * that define them (src/hotline/suggest.ts, src/tickets/preview.ts …) also load Node code, which
 * the browser program cannot type-check; the ticket list, the engine's and the knowledge base's
 * types are imported.
 */
import type { HandoffReason } from '../../../engine/types';
import type { EntryKind } from '../../../kb/schema';
import type { Triage } from '../../../tickets/schema';

export type { HandoffReason };

/** How well a suggestion fits (src/hotline/match.ts), shown as 高/中/低. */
export type MatchLevel = 'high' | 'medium' | 'low';

/** POST /api/v1/hotline/suggest (Suggestion in src/hotline/suggest.ts). */
export interface Suggestion {
  entryId: string;
  kind: EntryKind;
  title: string;
  department?: string;
  fieldLabel: string;
  found: boolean;
  readOut: string;
  score: number;
  match: MatchLevel;
  retrieval?: 'embedding';
}

export interface SuggestResult {
  suggestions: Suggestion[];
  decision: 'answer' | 'clarify' | 'handoff';
  handoffReason?: HandoffReason;
  suggestTicket: boolean;
}

export interface Sla {
  workingDays: number;
  /** ISO 8601 with the Beijing offset: 17:30 of the due day. */
  dueAt: string;
}

/** What the console shows of a triage: where it goes, and why (the reasons name the deciding words; review: 待研判). */
export type TriageView = Pick<Triage, 'department' | 'category'> & Partial<Pick<Triage, 'reasons' | 'review'>>;

/** POST /api/v1/hotline/calls/:id/ticket-draft (DraftView in src/hotline/draft.ts). */
export interface DraftView {
  draft: {
    demand: {
      summary: string;
      detail: string;
      turns: unknown;
      candidates: unknown;
    };
  };
  districts?: string[];
  triage?: TriageView;
}

/** POST /api/v1/hotline/calls/:id/triage-preview: the server's zod-inferred type (a model). */
export type { RoutingPreview } from '../../../tickets/schema';

export interface Issue {
  path?: string;
  message: string;
}

/** POST /api/v1/hotline/calls/:id/ticket: the ticket, or a problem with issues. */
export interface TicketAnswer {
  id: string;
  department: string;
  dueAt: string;
  ticket?: { sla: Sla };
  message?: string;
  issues?: Issue[];
}

/**
 * POST /api/v1/hotline/tickets/search: the server's own zod-inferred types (src/tickets/search.ts
 * and digest.ts import only zod and Node-free modules). The phone is masked, and so are numbers
 * in the names.
 */
export type { TicketListItem, TicketSearchAnswer } from '../../../tickets/search';
