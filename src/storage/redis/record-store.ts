/**
 * Conversation records (src/conversation/records.ts) in a capped Redis stream (XADD MAXLEN ~),
 * written in batches: one script call for many turns' records.
 */
import { z } from 'zod';
import { ConversationRecord, listLimit, recordMatcher, toRecord, type RecordStore } from '../../conversation';
import { createBatcher } from '../../util';
import { closeRedisClient, openRedisClient, type AnyRedisClient, type RedisTarget } from './client';
import { runScript } from './scripts';

export const DEFAULT_RECORDS_KEY = 'qihu:conversation:records';
export const DEFAULT_RECORDS_MAXLEN = 100_000;
const PAGE = 500;

export interface RedisRecordStoreOptions {
  /** A connected client owned by the caller (not closed by close()). */
  client?: AnyRedisClient;
  /** Or a redis:// URL or Sentinel/Cluster connection: a client is created, connected and closed with the store. */
  url?: RedisTarget;
  key?: string;
  /** Approximate cap of the stream (XADD MAXLEN ~). */
  maxLen?: number;
  onError?: (err: Error) => void;
}

const StreamFields = z.object({ r: z.string() });

export async function createRedisRecordStore(opts: RedisRecordStoreOptions): Promise<RecordStore> {
  const key = opts.key ?? DEFAULT_RECORDS_KEY;
  const maxLen = opts.maxLen ?? DEFAULT_RECORDS_MAXLEN;
  const { client, owned } = await openRedisClient(opts, 'createRedisRecordStore');
  const batches = createBatcher<ConversationRecord>(async (records) => {
    await runScript(client, 'appendRecords', [key], [maxLen, ...records.map((r) => JSON.stringify(r))]);
  });

  const decode = (message: unknown): ConversationRecord | undefined => {
    const fields = StreamFields.safeParse(message);
    if (!fields.success) return undefined;
    try {
      const parsed = ConversationRecord.safeParse(JSON.parse(fields.data.r));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    async append(input) {
      const r = toRecord(input);
      await batches.append(r);
      return r;
    },
    async list(listOpts = {}) {
      await batches.flush();
      const limit = listLimit(listOpts);
      const keep = recordMatcher(listOpts);
      const since = listOpts.since?.getTime();
      const out: ConversationRecord[] = [];
      let end = '+';
      // Newest first, page by page, until enough records or the records are older than `since`.
      while (out.length < limit) {
        const page = await client.xRevRange(key, end, '-', { COUNT: PAGE });
        if (!page || page.length === 0) break;
        let older = true;
        for (const entry of page) {
          const r = decode(entry.message);
          if (!r) continue;
          if (since === undefined || Date.parse(r.at) >= since) older = false;
          if (keep(r) && out.length < limit) out.push(r);
        }
        const last = page[page.length - 1];
        if (older || page.length < PAGE || !last) break;
        end = `(${last.id}`;
      }
      return out.reverse();
    },
    async close() {
      await batches.flush();
      if (owned) await closeRedisClient(client);
    },
  };
}
