/**
 * The embedded KbStore: files under DATA_DIR/kb/, for a single instance.
 *
 *   DATA_DIR/kb/journal.log     append-only journal (CRC-checked JSON lines, src/storage/file/journal.ts):
 *                               one `commit` line per change set (its versions, change-set record
 *                               and audit record) and one `publish` line per published revision.
 *                               Each line is fsynced before the caller hears of the change.
 *   DATA_DIR/kb/published.json  the published revision { meta, content }, replaced atomically
 *                               (temporary file, fsync, rename, fsync of the directory).
 *   DATA_DIR/kb/blobs/…         write-once content named by version (triage models), written atomically.
 *
 * On open the journal is replayed into memory (every value validated); a torn last line from a
 * crash is cut off. published.json is written before its journal line: if a crash falls between the
 * two, the missing publish line is written on the next open. Changes run one at a time.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { describeRepair, fsyncDir, JournalWriter, readJournal } from './journal';
import {
  createKbStore,
  AuditRecord,
  ChangeSet,
  PublishedContent,
  PublishMeta,
  VersionRecord,
  parseTargetValue,
  type CoreOptions,
  type Commit,
  type DraftSnapshot,
  type KbBackend,
  type KbStore,
  type TargetState,
} from '../../kb/store';

export const KB_SUBDIR = 'kb';
export const JOURNAL_FILE = 'journal.log';
export const PUBLISHED_FILE = 'published.json';

const JournalRecord = z.discriminatedUnion('t', [
  z.object({ t: z.literal('commit'), changeSet: ChangeSet, versions: z.array(VersionRecord), audit: AuditRecord }),
  z.object({ t: z.literal('publish'), meta: PublishMeta, audit: AuditRecord }),
]);
type JournalRecord = z.infer<typeof JournalRecord>;

const PublishedFile = z.object({ meta: PublishMeta, content: z.unknown() });

export interface FileKbStoreOptions extends CoreOptions {
  /** DATA_DIR: the store lives in its kb/ subdirectory. */
  dir: string;
  /** Told, in a sentence, what opening the journal repaired. */
  onRepair?: (message: string) => void;
}

export class KbJournalError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    cause: string,
  ) {
    super(`knowledge-base journal ${file} line ${line} is not a valid record: ${cause}`);
    this.name = 'KbJournalError';
  }
}


async function writeFileAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(data, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  fsyncDir(join(path, '..'));
}

function stateOf(v: VersionRecord): TargetState {
  const { diff: _diff, ...state } = v;
  return state;
}

export async function createFileKbBackend(opts: { dir: string; onRepair?: (message: string) => void }): Promise<KbBackend> {
  const root = join(opts.dir, KB_SUBDIR);
  mkdirSync(root, { recursive: true });
  const journalFile = join(root, JOURNAL_FILE);
  const publishedFile = join(root, PUBLISHED_FILE);

  let seq = 0;
  const states = new Map<string, TargetState>();
  const versions = new Map<string, VersionRecord[]>();
  const changeSets = new Map<string, ChangeSet>();
  const changeSetOrder: string[] = [];
  const audit: AuditRecord[] = [];
  let journalPublish: PublishMeta | undefined;

  function apply(r: JournalRecord): void {
    if (r.t === 'commit') {
      seq = r.changeSet.seq;
      for (const v of r.versions) {
        const list = versions.get(v.target) ?? [];
        list.push(v);
        versions.set(v.target, list);
        states.set(v.target, stateOf(v));
      }
      changeSets.set(r.changeSet.id, r.changeSet);
      changeSetOrder.push(r.changeSet.id);
    } else {
      journalPublish = r.meta;
    }
    audit.push(r.audit);
  }

  const replay = readJournal(journalFile);
  const repaired = describeRepair(journalFile, replay);
  if (repaired) opts.onRepair?.(repaired);
  const { records } = replay;
  records.forEach((raw, i) => {
    const parsed = JournalRecord.safeParse(raw);
    if (!parsed.success) throw new KbJournalError(journalFile, i + 1, parsed.error.message);
    const r = parsed.data;
    if (r.t === 'commit') {
      try {
        for (const v of r.versions) v.value = parseTargetValue(v.target, v.value);
      } catch (err) {
        throw new KbJournalError(journalFile, i + 1, (err as Error).message);
      }
    }
    apply(r);
  });

  let publishedMeta: PublishMeta | undefined;
  if (existsSync(publishedFile)) publishedMeta = PublishedFile.parse(JSON.parse(readFileSync(publishedFile, 'utf8'))).meta;

  const writer = await JournalWriter.open(journalFile);
  if (publishedMeta && (!journalPublish || journalPublish.n < publishedMeta.n)) {
    // published.json was replaced but the crash came before its journal line: write it now.
    const record: JournalRecord = {
      t: 'publish',
      meta: publishedMeta,
      audit: {
        at: publishedMeta.at,
        author: publishedMeta.author,
        action: 'publish',
        revision: publishedMeta.revision,
        summary: `发布 ${publishedMeta.revision}（草稿第 ${publishedMeta.seq} 版）`,
        targets: [],
        targetCount: 0,
      },
    };
    await writer.append([record]);
    apply(record);
  }

  let chain: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  }

  return {
    mode: 'file',
    async seq() {
      return seq;
    },
    async readDraft(): Promise<DraftSnapshot> {
      return { seq, states: new Map(states) };
    },
    commit(expectedSeq: number, commit: Commit) {
      return serial(async () => {
        if (seq !== expectedSeq) return false;
        const record: JournalRecord = { t: 'commit', ...commit };
        await writer.append([record]);
        apply(record);
        return true;
      });
    },
    async history(target) {
      return [...(versions.get(target) ?? [])];
    },
    async version(target, version) {
      return versions.get(target)?.[version - 1];
    },
    async changeSet(id) {
      return changeSets.get(id);
    },
    async listChangeSets(offset, limit) {
      const ids = changeSetOrder.slice().reverse().slice(offset, offset + limit);
      return ids.map((id) => changeSets.get(id)!);
    },
    async audit(sinceMs, limit) {
      const out: AuditRecord[] = [];
      for (let i = audit.length - 1; i >= 0 && out.length < limit; i--) {
        const r = audit[i]!;
        if (sinceMs !== undefined && Date.parse(r.at) < sinceMs) continue;
        out.push(r);
      }
      return out;
    },
    async publishedMeta() {
      return publishedMeta;
    },
    async published() {
      if (!publishedMeta || !existsSync(publishedFile)) return undefined;
      const file = PublishedFile.parse(JSON.parse(readFileSync(publishedFile, 'utf8')));
      return { meta: file.meta, content: PublishedContent.parse(file.content) };
    },
    publish(expectedN, meta, content, auditRecord) {
      return serial(async () => {
        if ((publishedMeta?.n ?? 0) !== expectedN) return false;
        await writeFileAtomic(publishedFile, JSON.stringify({ meta, content }));
        publishedMeta = meta;
        const record: JournalRecord = { t: 'publish', meta, audit: auditRecord };
        await writer.append([record]);
        apply(record);
        return true;
      });
    },
    async putBlob(name, data) {
      const file = join(root, 'blobs', ...name.split('/'));
      // Write-once: a blob's name is its content's version.
      if (existsSync(file)) return;
      mkdirSync(join(file, '..'), { recursive: true });
      await writeFileAtomic(file, data);
    },
    async getBlob(name) {
      const file = join(root, 'blobs', ...name.split('/'));
      return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    },
    async close() {
      await chain;
      await writer.close();
    },
  };
}

/** The embedded store (no REDIS_URL): one process per DATA_DIR. */
export async function createFileKbStore(opts: FileKbStoreOptions): Promise<KbStore> {
  return createKbStore(await createFileKbBackend({ dir: opts.dir, ...(opts.onRepair ? { onRepair: opts.onRepair } : {}) }), opts);
}
