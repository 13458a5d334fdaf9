/**
 * The tickets' stable ASCII codes that messages.ts words: triage reasons, statuses, transition
 * errors and SLA traffic lights. Plain constants with no imports, so messages.ts and the modules
 * that use its wording never import each other.
 */

export const TRIAGE_REASON_CODES = [
  'keyword_match',
  'kb_department',
  'kb_department_unmapped',
  'multiple_departments',
  'rule_default_level',
  'department_default_level',
  'town_level',
  'city_level',
  'no_rule_matched',
  'default_general',
  'default_normal',
  'model_category', // the learned triage model named the category (src/classifier)
  'model_department', // … and the department, where the history it learned from names departments
  'needs_review', // the model was not sure enough: a person decides (待研判)
] as const;
export type TriageReasonCode = (typeof TRIAGE_REASON_CODES)[number];

export const TICKET_STATUSES = [
  'queued', // stored, not yet delivered to the routing backend
  'delivered', // the routing backend acknowledged the delivery
  'received', // 已受理
  'assigned', // 已分派 to a department
  'in_progress', // 处理中
  'resolved', // 已办结, with an answer
  'rejected', // 已退回 (not within scope, duplicate, insufficient information …), with a reason
  'closed', // 已关闭: final
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TRANSITION_ERROR_CODES = ['ticket_closed', 'invalid_transition', 'not_rateable', 'already_rated'] as const;
export type TransitionErrorCode = (typeof TRANSITION_ERROR_CODES)[number];

export const TRAFFIC_LIGHTS = ['green', 'yellow', 'red'] as const;
export type TrafficLight = (typeof TRAFFIC_LIGHTS)[number];

/**
 * The 督办 view's colours: an open ticket's traffic light, or grey once it is answered (resolved or
 * rejected, then closed), in the order the view lists them: most urgent first.
 */
export const SLA_COLOURS = ['red', 'yellow', 'green', 'grey'] as const;
export type SlaColour = (typeof SLA_COLOURS)[number];

/** Whether an answered ticket was answered by its deadline. */
export const SLA_OUTCOMES = ['met', 'missed'] as const;
export type SlaOutcome = (typeof SLA_OUTCOMES)[number];

export const CALENDAR_ERROR_CODES = ['calendar_conflict', 'calendar_missing_year'] as const;
export type CalendarErrorCode = (typeof CALENDAR_ERROR_CODES)[number];

export const DISTRICT_ERROR_CODES = ['district_unknown', 'town_unknown', 'districts_duplicate'] as const;
export type DistrictErrorCode = (typeof DISTRICT_ERROR_CODES)[number];
