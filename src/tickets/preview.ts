/**
 * Where a ticket being written would go (预计分派) and by when it would be due, worked out again
 * at every edit of the form: triage over what is typed so far, the district when it is one, and
 * the SLA from now. Nothing is validated or stored; an unknown district only means no district.
 */
import type { WorkCalendar } from './calendar';
import { resolveDistrict, type Districts } from './districts';
import type { RoutingPreview } from './schema';
import { computeSla } from './sla';
import { triage, type KbDepartmentHint, type RoutingTable } from './triage';

export interface RoutingPreviewInput {
  summary: string;
  detail?: string;
  turns?: readonly { role: 'user' | 'bot' | 'operator'; text: string }[];
  district?: string;
  town?: string;
}


export interface RoutingPreviewDeps {
  now: Date;
  calendar: WorkCalendar;
  routing: RoutingTable;
  districts: Districts;
  kbDepartments?: readonly KbDepartmentHint[];
}

export function previewRouting(input: RoutingPreviewInput, deps: RoutingPreviewDeps): RoutingPreview {
  const typed = input.district?.trim();
  let place = typed ? resolveDistrict(deps.districts, typed, input.town?.trim() || undefined) : undefined;
  // A town that is not in the district still leaves the district.
  if (place && !place.ok && place.code === 'town_unknown' && typed) place = resolveDistrict(deps.districts, typed);
  const known = place?.ok ? place : undefined;
  const triaged = triage(
    {
      summary: input.summary,
      detail: input.detail ?? '',
      turns: input.turns ?? [],
      ...(known ? { cityLevel: known.cityLevel } : {}),
      ...(known?.town !== undefined ? { town: known.town } : {}),
    },
    deps.routing,
    deps.kbDepartments ? { kbDepartments: deps.kbDepartments } : {},
  );
  return { triage: triaged, sla: computeSla(deps.now, triaged.complexity, deps.calendar), ...(known ? { district: known.district } : {}) };
}
