/**
 * The channel-independent conversation: createConversationService(deps) is what the Botkit web
 * chat, the JSON chat API and later the hotline integrations call. Per turn: parse the input,
 * read the session's state, run one step of the dialog's state machine (machine.ts), save the state,
 * append the records.
 *
 * It never throws to a channel: bad input gets a Chinese explanation, an unreadable state store or a
 * bug gets an apology (logged, masked), and a failed save still returns the answer with a notice.
 */
import type { Engine } from '../engine';
import type { SemanticLayer } from '../llm/semantic';
import { silentLogger, type Logger } from '../log';
import { maskPersonalData } from '../privacy/mask';
import { createDeadlines } from '../util/deadline';
import type { Districts } from '../tickets/districts';
import { Channel, TURNS_KEPT, TURN_TEXT_MAX } from '../tickets/schema';
import type { TicketService } from '../tickets/service';
import { createIntentMatcher, loadIntents, type IntentDef } from './intents';
import { remindIntake } from './intake';
import type { LiveDesk } from './live/desk';
import { applyLiveEvent } from './live-events';
import { createKeyedQueue } from './keyed-queue';
import { runTurn } from './machine';
import { say } from './messages';
import { hashSessionId, type NewRecord, type RecordStore } from './records';
import { readState, writeState, type ConversationState, type StateStorage } from './state';
import { newTurn, sendText, type DialogDeps, type PolicyDialogDeps, type SimilarCaseLookup, type Turn } from './turn';
import { SessionId, UserInput, type ConversationService, type OutMessage } from './types';

export interface ConversationDeps {
  /** The current engine (a function, so a reloaded knowledge base takes effect on the next turn). */
  engine: () => Engine;
  tickets: TicketService;
  districts: Districts;
  /** botbuilder Storage: the Redis-backed one Botkit uses, or MemoryStorage. */
  state: StateStorage;
  records: RecordStore;
  now?: () => Date;
  log?: Logger;
  /** The optional semantic layer (src/llm/semantic.ts). */
  semantic?: Pick<SemanticLayer, 'refine'>;
  /** Intent definitions; by default intents/*.json, loaded (and validated) when the service is created. */
  intents?: readonly IntentDef[];
  /**
   * How long a turn may wait for its storage before the user gets an apology (default 5 s): the
   * chat's Redis client has no per-command timeout, so a stalled Redis is noticed here.
   */
  turnTimeoutMs?: number;
  /** Counts each turn's latency and decisions (src/metrics.ts). */
  metrics?: TurnCounter;
  /** A settled past case very like a matter handed to a person (src/cases via the composition root). */
  similarCase?: SimilarCaseLookup;
  /** The policy dialog's knowledge base and registry (policy-dialog.ts); off without. */
  policies?: PolicyDialogDeps;
  /** The live hand-off to a person (live/desk.ts); without it every hand-off is the intake. */
  live?: LiveDesk;
}

export const DEFAULT_TURN_TIMEOUT_MS = 5000;

const NO_RECORDS: readonly NewRecord[] = [];

/** What counts each turn (src/metrics.ts); declared here so the conversation need not know the metrics. */
export interface TurnCounter {
  turn(channel: string, seconds: number, records: readonly Pick<NewRecord, 'kind' | 'reason'>[]): void;
}

const MAX_TEXT = 2000;

/**
 * The bot's side of a turn, as the transcript keeps it. Answers come from the knowledge base and run
 * to a thousand characters; their opening says which answer it was, and the state (read and written
 * every turn) stays small however long the conversation.
 */
export const BOT_TURN_KEPT = 300;

/** Traditional-script sessions' messages say so: the page words its own labels alike. */
const inSessionScript = (turn: Turn): OutMessage[] =>
  turn.state.script === 'traditional' ? turn.messages.map((m) => ({ ...m, script: 'traditional' as const })) : turn.messages;

/** The turn's text into the session transcript (masked: it travels with a ticket). */
function transcript(turn: Turn): void {
  const { state } = turn;
  const at = turn.at.toISOString();
  const add = (role: 'user' | 'bot', text: string | undefined, max: number) => {
    const masked = maskPersonalData(text ?? '').trim();
    const kept = masked.length > max ? `${masked.slice(0, max - 1)}…` : masked;
    if (kept) state.turns.push({ role, text: kept, at });
  };
  add('user', turn.userText, TURN_TEXT_MAX);
  add('bot', turn.messages.map((m) => m.text).join('\n'), BOT_TURN_KEPT);
  state.turns = state.turns.slice(-TURNS_KEPT);
}

export function createConversationService(deps: ConversationDeps): ConversationService {
  const log = deps.log ?? silentLogger;
  const now = deps.now ?? (() => new Date());
  const intents = createIntentMatcher(deps.intents ?? loadIntents());
  const dialog: DialogDeps = {
    engine: deps.engine,
    tickets: deps.tickets,
    districts: deps.districts,
    intents,
    log,
    ...(deps.semantic ? { refine: deps.semantic.refine } : {}),
    ...(deps.similarCase ? { similarCase: deps.similarCase } : {}),
    ...(deps.policies ? { policies: deps.policies } : {}),
    ...(deps.live ? { live: deps.live } : {}),
  };
  const queue = createKeyedQueue();
  const deadlines = createDeadlines();
  const turnTimeoutMs = deps.turnTimeoutMs ?? DEFAULT_TURN_TIMEOUT_MS;
  const apology = (): OutMessage[] => [{ type: 'text', text: say('unavailable', 'simplified') }];

  async function load(sessionId: string, log: Logger): Promise<ConversationState | undefined> {
    try {
      const { state, reset } = await deadlines.within(readState(deps.state, sessionId), turnTimeoutMs, 'conversation state read');
      if (reset) log.warn('conversation state unreadable, starting afresh', { session: hashSessionId(sessionId) });
      return state;
    } catch (err) {
      log.error('conversation state unavailable', { err, session: hashSessionId(sessionId) });
      return undefined;
    }
  }

  /** One turn; its records go into `counted` once decided, for the metrics. */
  async function turnOf(sessionId: string, raw: unknown, channel: Channel, log: Logger, counted: { records: readonly NewRecord[] }): Promise<OutMessage[]> {
    const state = await load(sessionId, log);
    if (!state) return apology();
    const turn = newTurn(sessionId, channel, now(), state);

    const input = UserInput.safeParse(raw);
    if (input.success) {
      await runTurn(dialog, turn, input.data);
    } else {
      const text = (raw as { text?: unknown } | null)?.text;
      sendText(turn, typeof text === 'string' && text.length > MAX_TEXT ? 'too_long' : 'invalid_message');
    }
    counted.records = turn.records;

    transcript(turn);
    turn.state.updatedAt = turn.at.toISOString();
    try {
      await writeState(deps.state, sessionId, turn.state);
    } catch (err) {
      log.error('conversation state not saved', { err, session: hashSessionId(sessionId) });
      sendText(turn, 'not_saved');
    }
    // Records are for analysis: they are written in batches behind the reply (the store's list()
    // still sees them), and a failed append is logged while the user's turn goes on.
    for (const r of turn.records) {
      deps.records.append(r).catch((err: unknown) => log.warn('conversation record not written', { err, kind: r.kind }));
    }
    return inSessionScript(turn);
  }

  return {
    async handle(sessionId, input, meta) {
      if (!SessionId.safeParse(sessionId).success) {
        log.warn('conversation turn with an invalid session id');
        return apology();
      }
      const channel = Channel.safeParse(meta?.channel).data ?? 'web';
      // Lines about this turn carry the HTTP request's id (a child logger is made on its first line).
      const turnLog = meta?.requestId ? log.child({ reqId: meta.requestId }) : log;
      const started = performance.now();
      const counted = { records: NO_RECORDS };
      try {
        // Past the deadline the turn may still finish and save; its reply goes nowhere.
        return await deadlines.within(
          queue.run(sessionId, () => turnOf(sessionId, input, channel, turnLog, counted)),
          turnTimeoutMs,
          'conversation turn',
        );
      } catch (err) {
        // A bug, or a dependency unreachable or stalled half-way through.
        turnLog.error('conversation turn failed', { err, session: hashSessionId(sessionId) });
        return apology();
      } finally {
        deps.metrics?.turn(channel, (performance.now() - started) / 1000, counted.records);
      }
    },

    async liveEvent(sessionId, event) {
      if (!SessionId.safeParse(sessionId).success) return [];
      // Under the session's queue, like a turn: a user's message at the same moment does not lose it.
      return queue.run(sessionId, async () => {
        const state = await load(sessionId, log);
        if (!state) return [];
        const turn = newTurn(sessionId, 'web', now(), state);
        applyLiveEvent(dialog, turn, event);
        transcript(turn);
        turn.state.updatedAt = turn.at.toISOString();
        await writeState(deps.state, sessionId, turn.state);
        return turn.messages;
      });
    },

    async welcome(sessionId) {
      if (!SessionId.safeParse(sessionId).success) return apology();
      const state = await load(sessionId, log);
      if (!state) return apology();
      const turn = newTurn(sessionId, 'web', now(), state);
      sendText(turn, 'welcome');
      remindIntake(dialog, turn, 'welcome_resume');
      return inSessionScript(turn);
    },
  };
}
