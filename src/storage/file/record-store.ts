/**
 * Conversation records (src/conversation/records.ts) as append-only JSON lines, one file per UTC day:
 * the embedded default. Written in batches (src/util/batcher.ts): one append for many turns' records.
 */
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConversationRecord, listLimit, recordMatcher, toRecord, type RecordStore } from '../../conversation';
import { createBatcher } from '../../util';

const FILE_RE = /^conversation-(\d{4}-\d{2}-\d{2})\.jsonl$/;
const fileFor = (at: string) => `conversation-${new Date(at).toISOString().slice(0, 10)}.jsonl`;

/**
 * Append-only JSON lines, one file per UTC day (so `since` skips old days without reading them).
 * Batches are written one after another, so lines never interleave; no fsync: a record lost in a
 * crash is acceptable, a slow turn is not. A torn last line is skipped when reading.
 */
export async function createFileRecordStore(opts: { dir: string }): Promise<RecordStore> {
  await mkdir(opts.dir, { recursive: true });
  const batches = createBatcher<ConversationRecord>(async (records) => {
    const byFile = new Map<string, string[]>();
    for (const r of records) {
      const name = fileFor(r.at);
      const lines = byFile.get(name) ?? [];
      lines.push(JSON.stringify(r) + '\n');
      byFile.set(name, lines);
    }
    for (const [name, lines] of byFile) await appendFile(join(opts.dir, name), lines.join(''), { encoding: 'utf8', mode: 0o600 });
  });

  async function readDay(name: string): Promise<ConversationRecord[]> {
    let text: string;
    try {
      text = await readFile(join(opts.dir, name), 'utf8');
    } catch {
      return [];
    }
    const out: ConversationRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = ConversationRecord.safeParse(JSON.parse(line));
        if (parsed.success) out.push(parsed.data);
      } catch {
        // torn or foreign line: skip
      }
    }
    return out;
  }

  return {
    async append(input) {
      const r = toRecord(input);
      await batches.append(r);
      return r;
    },
    async list(opts2 = {}) {
      await batches.flush();
      const limit = listLimit(opts2);
      if (limit === 0) return [];
      const sinceDay = opts2.since?.toISOString().slice(0, 10);
      const days = (await readdir(opts.dir))
        .filter((n) => {
          const m = FILE_RE.exec(n);
          return m !== null && (!sinceDay || (m[1] ?? '') >= sinceDay);
        })
        .sort()
        .reverse();
      const keep = recordMatcher(opts2);
      const collected: ConversationRecord[][] = [];
      let count = 0;
      for (const day of days) {
        const found = (await readDay(day)).filter(keep);
        collected.unshift(found);
        count += found.length;
        if (count >= limit) break;
      }
      return collected.flat().slice(-limit);
    },
    async close() {
      await batches.flush();
    },
  };
}
