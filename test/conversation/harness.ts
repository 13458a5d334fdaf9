/**
 * The conversation against the real engine on knowledge-base/, a real ticket service over the file
 * store in a temporary directory, and botbuilder's MemoryStorage for the state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { createEngine, type Engine } from '../../src/engine';
import { loadKnowledgeBase } from '../../src/kb';
import { createLogger, type Logger } from '../../src/log';
import { createFileTicketStore } from '../../src/storage/file/ticket-store';
import { createTicketService, type TicketService } from '../../src/tickets/service';
import type { TicketStore } from '../../src/tickets/store';
import { createConversationService, type ConversationDeps } from '../../src/conversation/service';
import { createMemoryRecordStore, type RecordStore } from '../../src/conversation/records';
import type { StateStorage } from '../../src/conversation/state';
import type { ConversationService, OutMessage, UserInput } from '../../src/conversation/types';
import { loadTables } from '../support/qihu';

let engine: Engine | undefined;
/** One engine per test file: building it is the slow part. */
export function sharedEngine(): Engine {
  return (engine ??= createEngine(loadKnowledgeBase(join(__dirname, '../../knowledge-base'))));
}

export interface Harness {
  service: ConversationService;
  tickets: TicketService;
  store: TicketStore;
  records: RecordStore & { readonly records: readonly unknown[] };
  storage: StateStorage;
  logs: string[];
  log: Logger;
  /** A chat in one session: text or an action in, the bot's messages out. */
  chat(sessionId?: string): (input: string | UserInput) => Promise<OutMessage[]>;
  close(): Promise<void>;
}

export async function createHarness(over: Partial<ConversationDeps> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'qihu-conv-'));
  const store = await createFileTicketStore({ dir });
  const tables = loadTables();
  const tickets = createTicketService({ store, ...tables });
  const records = createMemoryRecordStore();
  const storage = new MemoryStorage();
  const logs: string[] = [];
  const log = createLogger('debug', (line) => logs.push(line));
  const service = createConversationService({
    engine: sharedEngine,
    tickets,
    districts: tables.districts,
    state: storage,
    records,
    log,
    ...over,
  });
  let n = 0;
  return {
    service,
    tickets: over.tickets ?? tickets,
    store,
    records,
    storage: over.state ?? storage,
    logs,
    log,
    chat(sessionId = `session-${process.pid}-${++n}-abcdef`) {
      return (input) => service.handle(sessionId, typeof input === 'string' ? { text: input } : input, { channel: 'web' });
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** All the text of a reply, for assertions on wording. */
export const textOf = (messages: OutMessage[]): string => messages.map((m) => m.text).join('\n');

/**
 * Fills the intake from "转人工" to the summary, with valid answers; returns the summary's text. The
 * demand comes first, and being about a policy an enterprise applies for, it needs the credit code.
 */
export async function toSummary(chat: ReturnType<Harness['chat']>): Promise<string> {
  await chat('转人工');
  await chat('想咨询高新技术企业认定的申报时间');
  await chat('示例科技有限公司');
  await chat('91350100M000100Y43');
  await chat('高新区');
  await chat('李四');
  return textOf(await chat('0591-87654321'));
}
