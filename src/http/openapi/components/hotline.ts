/** Component schemas of the operator console's answers (the zod schemas their handlers type with). */
import { RoutingPreview, TicketSearchAnswer } from '../../../tickets';
import { HotlineFiledTicket, HotlineTicketDraft, UsedAnswer, UtteranceAnswer } from '../../hotline-router';
import { LiveEnded, LiveList, LiveSent, LiveTaken } from '../../live-agent-router';
import type { ZodComponent } from '../registry';

export const HOTLINE_COMPONENTS: ZodComponent[] = [
  { name: 'HotlineUtteranceAnswer', schema: UtteranceAnswer, properties: { utterances: "The call's utterances so far" } },
  { name: 'HotlineUsed', schema: UsedAnswer, properties: { entryId: 'null: no suggestion fitted (a hand-off record)' } },
  {
    name: 'HotlineTicketDraft',
    schema: HotlineTicketDraft,
    properties: {
      'draft.enterprise': 'Left empty for the operator',
      'draft.contact': 'Left empty for the operator',
      'draft.demand.detail': 'The transcript (来电人：… / 话务员：…)',
      'draft.demand.candidates': 'The suggestions shown during the call, best score first',
      'draft.sessionId': 'The call id',
      missing: 'Fields the operator still has to fill in (dotted paths)',
      triage: 'Where the ticket would go, with the reasons (may change once the district is known)',
      districts: 'The district pick list',
    },
  },
  { name: 'HotlineFiledTicket', schema: HotlineFiledTicket },
  { name: 'HotlineTicketSearch', schema: TicketSearchAnswer, properties: { truncated: 'The text search stopped before the oldest tickets' } },
  { name: 'RoutingPreview', schema: RoutingPreview, properties: { district: 'The district as the ticket would record it, when what was typed is one' } },
  { name: 'LiveList', schema: LiveList },
  { name: 'LiveTaken', schema: LiveTaken },
  { name: 'LiveSent', schema: LiveSent },
  { name: 'LiveEnded', schema: LiveEnded },
];
