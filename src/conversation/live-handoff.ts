/**
 * The hand-off to a person, live: during staffed hours with an operator on duty, "转人工" (button or
 * words) and a low-confidence hand-off put the web chat in the operator queue instead of the intake
 * (→ live_agent). Otherwise, with a live desk configured, the intake starts with an honest word why
 * no person answers now (outside hours, or nobody on duty), the 3/7 working days and the hotline.
 * On the JSON chat API (no page to receive a person's messages) "转人工" starts the intake saying
 * that no person answers here (or that it is outside hours). Without a live desk nothing changes.
 */
import { USER_TEXT_MAX } from './types';
import type { HandoffReason } from '../engine';
import { maskPersonalData } from '../privacy/mask';
import type { QueuePlace } from './live/desk';
import type { LiveDetails } from './live/schema';
import type { OfferedEntry } from './state';
import { send, t, type Turn, type DialogDeps } from './turn';

/** What a person can be offered for: the user asked, or the engine found nothing close enough. */
const LIVE_REASONS: readonly HandoffReason[] = ['asked_for_person', 'low_confidence'];

export interface LiveOffer {
  /** In the queue now: nothing else to do this turn. */
  queued?: true;
  /** No person now: the intake's opening says why. */
  why?: string;
}

export const leaveQueueChoice = (turn: Turn) => ({ label: t(turn, 'choice_leave_queue'), input: { text: t(turn, 'choice_leave_queue') } });

const ESTIMATE_CODES = { live_queued: 'live_queued_estimate', live_waiting: 'live_waiting_estimate', live_place: 'live_place_estimate' } as const;

export function placeText(turn: Turn, place: QueuePlace, waiting: keyof typeof ESTIMATE_CODES): string {
  const ahead = place.position - 1;
  return place.estimateMinutes === undefined ? t(turn, waiting, { ahead }) : t(turn, ESTIMATE_CODES[waiting], { ahead, minutes: place.estimateMinutes });
}

/** The enterprise's details typed so far, masked as the summary shows them. */
function detailsOf(turn: Turn): LiveDetails {
  const v = { ...turn.state.known, ...(turn.state.intake?.values ?? {}) };
  const out: LiveDetails = {};
  for (const key of ['name', 'creditCode', 'district', 'contactName', 'phone'] as const) {
    const value = v[key];
    if (value) out[key] = maskPersonalData(value).slice(0, key === 'name' ? 100 : 50);
  }
  return out;
}

export async function offerPerson(
  deps: DialogDeps,
  turn: Turn,
  start: { reason: HandoffReason; demand?: string; candidates: readonly OfferedEntry[] },
): Promise<LiveOffer> {
  const desk = deps.live;
  if (!desk || !LIVE_REASONS.includes(start.reason) || turn.channel === 'hotline') return {};
  const availability = await desk.availability(turn.at);
  // A person answers on the open chat page: only the websocket channel can receive their messages.
  // A user who asked for one elsewhere (the JSON chat API) is told so, not promised a person.
  if (turn.channel !== 'web') {
    if (start.reason !== 'asked_for_person') return {};
    const code = availability === 'closed' ? 'live_closed' : 'live_not_this_channel';
    return { why: t(turn, code, { hours: desk.hoursText, hotline: desk.hotline }) };
  }
  if (availability !== 'staffed') {
    const code = availability === 'closed' ? 'live_closed' : 'live_no_operator';
    return { why: t(turn, code, { hours: desk.hoursText, hotline: desk.hotline }) };
  }
  const { state } = turn;
  const at = turn.at.toISOString();
  const transcript = [...state.turns];
  const said = maskPersonalData(turn.userText ?? '').trim().slice(0, USER_TEXT_MAX);
  if (said) transcript.push({ role: 'user', text: said, at });
  const place = await desk.enqueue({
    sessionId: turn.sessionId,
    status: 'waiting',
    enqueuedAt: at,
    reason: start.reason,
    ...(start.demand ? { demand: maskPersonalData(start.demand).slice(0, USER_TEXT_MAX) } : {}),
    guesses: start.candidates.slice(0, 5),
    details: detailsOf(turn),
    transcript: transcript.slice(-40),
  });
  state.liveAgent = { since: at, status: 'waiting' };
  state.clarify = undefined;
  state.satisfaction = undefined;
  send(turn, { type: 'handoff', text: placeText(turn, place, 'live_queued'), choices: [leaveQueueChoice(turn)] });
  return { queued: true };
}
