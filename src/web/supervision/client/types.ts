/*
 * What the 督办 API answers (src/http/supervision-router.ts), as the pages read it. The daily
 * summary is the server's own zod-inferred type (src/tickets/summary-schema.ts imports only zod);
 * the list, options and timeline are declared here, because the server's types live in modules
 * the browser program does not type-check (docs/supervision.md documents the same shapes, and the
 * browser test reads them from the real server).
 */

export type SlaColour = 'red' | 'yellow' | 'green' | 'grey';

export interface Row {
  id: string;
  createdAt: string;
  channel: 'web' | 'api' | 'hotline';
  enterprise: string;
  applicant?: 'enterprise' | 'individual' | 'founder';
  district: string;
  town?: string;
  category: { level1: string; level2: string; level3?: string };
  department: string;
  complexity: 'general' | 'complex';
  urgency: 'normal' | 'urgent';
  workingDays: number;
  dueAt: string;
  status: string;
  statusName: string;
  statusAt: string;
  answeredAt?: string;
  rating?: { score: number; at: string };
  summary: string;
  contact: { name: string; phone: string };
  colour: SlaColour;
  colourName: string;
  outcome?: 'met' | 'missed';
  outcomeName?: string;
  workingDaysLeft?: number;
}

export interface ListPage {
  asOf: string;
  total: number;
  offset: number;
  limit: number;
  /** grey is null when it was not counted (other filters set, grey not selected). */
  counts: Record<SlaColour, number | null>;
  items: Row[];
}

export interface Options {
  departments: string[];
  categories: string[];
  districts: string[];
}

export interface TimelineEvent {
  kind: 'filed' | 'status' | 'rating' | 'deadline';
  at: string;
  status?: string;
  statusName?: string;
  department?: string;
  answer?: string;
  reason?: string;
  note?: string;
  score?: number;
  comment?: string;
}

export interface Timeline {
  asOf: string;
  ticket: {
    id: string;
    createdAt: string;
    channel: Row['channel'];
    enterprise?: { name: string; creditCode?: string; district: string; town?: string };
    applicant?: { kind: 'enterprise' | 'individual' | 'founder'; district?: string; town?: string };
    contact: { name: string; phone: string };
    summary: string;
    detail: string;
    category: Row['category'];
    triageDepartment: string;
    level: string;
    complexity: Row['complexity'];
    urgency: Row['urgency'];
    sla: { workingDays: number; dueAt: string };
  };
  status: string;
  statusName: string;
  department: string;
  colour: SlaColour;
  colourName: string;
  outcome?: 'met' | 'missed';
  outcomeName?: string;
  workingDaysLeft?: number;
  delivery: { attempts: number; deliveredAt?: string; lastError?: string };
  events: TimelineEvent[];
}

export type { DailySummary, Tally } from '../../../tickets/summary-schema';
