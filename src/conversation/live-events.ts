/**
 * What an operator (or the queue's timeout) does to a session with a person, applied to its state
 * like a turn without user input: taken (who answers), ended, handed back to the bot, turned into a
 * ticket (the intake, pre-filled from the conversation), or not taken in time (the intake, said
 * honestly), or, while waiting, a new place in the queue. The service runs these under the session's queue and saves the state (service.ts).
 */
import { startIntake } from './intake';
import { leaveQueueChoice, placeText } from './live-handoff';
import { t, send, sendText, type DialogDeps, type Turn } from './turn';
import type { LiveTurnEvent } from './types';

/** The question the user came with: the one not answered before 转人工, else what they wrote while waiting. */
function demandOf(turn: Turn, since: string | undefined): string | undefined {
  const last = turn.state.lastQuestion;
  if (last && !last.answered) return last.text;
  if (!since) return undefined;
  // The first is the turn that joined the queue (转人工); what follows was written for the operator.
  const said = turn.state.turns.filter((x) => x.role === 'user' && x.at >= since).slice(1).map((x) => x.text);
  return said.length ? said.join('；') : undefined;
}

export function applyLiveEvent(deps: DialogDeps, turn: Turn, event: LiveTurnEvent): void {
  const { state } = turn;
  const mark = state.liveAgent;
  switch (event.kind) {
    case 'taken':
      if (!mark) return;
      state.liveAgent = { ...mark, status: 'active', operator: event.operator };
      send(turn, { type: 'text', text: t(turn, 'live_taken', { operator: event.operator }), agent: event.operator });
      return;
    case 'ended':
      state.liveAgent = undefined;
      sendText(turn, 'live_ended', { operator: event.operator });
      return;
    case 'handed_back':
      state.liveAgent = undefined;
      sendText(turn, 'live_handed_back', { operator: event.operator });
      return;
    case 'ticket': {
      state.liveAgent = undefined;
      const demand = event.summary?.trim() || demandOf(turn, mark?.since);
      const candidates = state.lastQuestion?.candidates ?? [];
      startIntake(deps, turn, { reason: 'asked_for_person', why: t(turn, 'live_ticket', { operator: event.operator }), ...(demand ? { demand } : {}), candidates });
      return;
    }
    case 'place':
      // Taken or gone meanwhile: the place is no news any more.
      if (mark?.status !== 'waiting') return;
      send(turn, { type: 'text', text: placeText(turn, event, 'live_place'), choices: [leaveQueueChoice(turn)] });
      return;
    case 'timeout': {
      if (!mark) return;
      state.liveAgent = undefined;
      const demand = demandOf(turn, mark.since);
      const why = t(turn, 'live_timeout', { minutes: event.waitedMinutes, hotline: deps.live?.hotline ?? '12345' });
      startIntake(deps, turn, { reason: 'asked_for_person', why, ...(demand ? { demand } : {}), candidates: state.lastQuestion?.candidates ?? [] });
      return;
    }
  }
}
