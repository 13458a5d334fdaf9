/**
 * Append-only journal of JSON lines, each prefixed with the CRC-32 of its JSON:
 *
 *   <crc32 as 8 hex digits> <json>\n
 *
 * append() writes one batch of lines and fsyncs before it resolves, so a record the caller was told
 * about survives a crash; a write that fails or comes up short (a full disk) is cut back to the
 * last whole record and fails the call, so the file never holds half a line followed by more.
 * readJournal() reads every line back and starts whatever it finds: a torn or corrupt last line (a
 * crash during the write) is cut off; damaged lines between good ones are set aside in a file of
 * their own beside the journal and the journal is rewritten without them; the result says what was
 * repaired, for the caller to log. rewrite() replaces the file atomically (temporary file, fsync,
 * rename, fsync of the directory), for compaction.
 */
import { closeSync, fsyncSync, openSync, existsSync, mkdirSync, readFileSync, ftruncateSync, renameSync, writeFileSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * A write the disk could not take (full, over quota, over the file-size limit, or short): nothing
 * of it stays in the journal. `code` lets callers that must not import storage tell it apart.
 */
export class StorageFullError extends Error {
  readonly code = 'storage_full';
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`no space to write ${file}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'StorageFullError';
  }
}

const FULL_CODES: ReadonlySet<string> = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/** The error a failed write becomes: storage full for a full disk or a short write, else as it was. */
function writeFailure(file: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException)?.code;
  if ((code && FULL_CODES.has(code)) || err instanceof ShortWriteError) return new StorageFullError(file, err);
  return err instanceof Error ? err : new Error(String(err));
}

class ShortWriteError extends Error {
  constructor(written: number, wanted: number) {
    super(`only ${written} of ${wanted} bytes could be written`);
  }
}

/** Writes all of `data`, or throws: FileHandle.write may write less than it was given. */
async function writeAll(fh: FileHandle, data: Buffer): Promise<void> {
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await fh.write(data, written, data.length - written);
    if (bytesWritten <= 0) throw new ShortWriteError(written, data.length);
    written += bytesWritten;
  }
}

export function encodeLine(record: unknown): string {
  const json = JSON.stringify(record);
  const sum = (crc32(json) >>> 0).toString(16).padStart(8, '0');
  return `${sum} ${json}\n`;
}

/** The record on a line, or undefined if the checksum or the JSON is wrong. */
export function decodeLine(line: string): unknown {
  if (line.length < 10 || line[8] !== ' ') return undefined;
  const sum = line.slice(0, 8);
  const json = line.slice(9);
  if ((crc32(json) >>> 0).toString(16).padStart(8, '0') !== sum) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

export interface ReplayResult {
  records: unknown[];
  /** Bytes cut from the end (a torn last write); 0 normally. */
  truncatedBytes: number;
  /** Damaged lines found between good ones (numbered from 1), set aside; none normally. */
  damagedLines: number[];
  /** Where the damaged lines were set aside, when there were any and the disk took them. */
  damagedFile?: string;
}

/**
 * Read all records and repair what a crash or a full disk left: a torn tail is cut off, damaged
 * lines between good ones are copied to `<file>.damaged-<time>` and the journal rewritten without
 * them. Creates the file (and directory) if missing. What was repaired is in the result.
 */
export function readJournal(file: string): ReplayResult {
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file)) {
    closeSync(openSync(file, 'a', 0o600));
    fsyncDir(dirname(file));
    return { records: [], truncatedBytes: 0, damagedLines: [] };
  }
  const buf = readFileSync(file);
  const records: unknown[] = [];
  const good: Buffer[] = [];
  const damaged: Buffer[] = [];
  const damagedLines: number[] = [];
  let offset = 0; // end of the last good line
  let lastGood = 0; // its number
  let lineNo = 0;
  let start = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    lineNo++;
    const end = nl === -1 ? buf.length : nl + 1;
    const line = buf.subarray(start, end);
    const record = nl === -1 ? undefined : decodeLine(buf.subarray(start, nl).toString('utf8'));
    if (record === undefined) {
      damaged.push(line);
      damagedLines.push(lineNo);
    } else {
      records.push(record);
      good.push(line);
      offset = end;
      lastGood = lineNo;
    }
    start = end;
  }
  // Bad lines after the last good one are a torn tail: cut off. Bad lines before it are damage.
  const middle = damagedLines.filter((n) => n < lastGood);
  const truncatedBytes = buf.length - offset;
  if (middle.length === 0) {
    if (truncatedBytes > 0) truncateTo(file, offset);
    return { records, truncatedBytes, damagedLines: [] };
  }
  const damagedFile = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  let saved: string | undefined = damagedFile;
  try {
    writeFileSync(damagedFile, Buffer.concat(damaged), { mode: 0o600 });
  } catch {
    saved = undefined; // a full disk: the journal is still repaired in memory, and again next start
  }
  try {
    const tmp = join(dirname(file), `.${basename(file)}.repair`);
    writeFileSync(tmp, Buffer.concat(good), { mode: 0o600 });
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    fsyncDir(dirname(file));
  } catch {
    // Left as it is; the same repair runs at the next start.
  }
  return { records, truncatedBytes, damagedLines: middle, ...(saved ? { damagedFile: saved } : {}) };
}

function truncateTo(file: string, size: number): void {
  const fd = openSync(file, 'r+');
  try {
    ftruncateSync(fd, size);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** What readJournal repaired, in a sentence for the log; undefined when nothing was. */
export function describeRepair(file: string, r: ReplayResult): string | undefined {
  const parts: string[] = [];
  if (r.truncatedBytes > 0 && r.damagedLines.length === 0) parts.push(`cut off a torn last write of ${r.truncatedBytes} bytes`);
  if (r.damagedLines.length > 0) {
    parts.push(
      `set aside ${r.damagedLines.length} damaged line(s) (${r.damagedLines.slice(0, 5).join(', ')}${r.damagedLines.length > 5 ? ', …' : ''})` +
        (r.damagedFile ? ` in ${r.damagedFile}` : ' (the disk had no room to keep a copy)'),
    );
  }
  return parts.length ? `journal ${file}: ${parts.join('; ')}; ${r.records.length} records kept` : undefined;
}

/** Makes a rename in `dir` durable. */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  }
}

export class JournalWriter {
  private broken: Error | undefined;
  private constructor(
    readonly file: string,
    private fh: FileHandle,
    private size: number,
  ) {}

  static async open(file: string): Promise<JournalWriter> {
    const fh = await open(file, 'a', 0o600);
    const { size } = await fh.stat();
    return new JournalWriter(file, fh, size);
  }

  get bytes(): number {
    return this.size;
  }

  /**
   * Append records and fsync. A write that fails or comes up short is cut back to the last whole
   * record and the call fails (StorageFullError for a full disk): a half-line is never followed by
   * good lines. If even the cut fails, the writer is marked broken and every later append fails.
   */
  async append(records: readonly unknown[]): Promise<void> {
    if (this.broken) throw this.broken;
    const data = Buffer.from(records.map(encodeLine).join(''), 'utf8');
    try {
      await writeAll(this.fh, data);
      await this.fh.sync();
      this.size += data.length;
    } catch (err) {
      try {
        await this.fh.truncate(this.size);
        await this.fh.sync();
      } catch {
        this.broken = new Error(`journal ${this.file} could not be repaired after a failed write`);
      }
      throw writeFailure(this.file, err);
    }
  }

  /** Replace the whole journal with these records, atomically; on a full disk the old one stays. */
  async rewrite(records: readonly unknown[]): Promise<void> {
    if (this.broken) throw this.broken;
    const tmp = join(dirname(this.file), `.${basename(this.file)}.compact`);
    const out = await open(tmp, 'w', 0o600);
    let size = 0;
    try {
      const chunk: string[] = [];
      const flush = async () => {
        const b = Buffer.from(chunk.join(''), 'utf8');
        await writeAll(out, b);
        size += b.length;
        chunk.length = 0;
      };
      for (const r of records) {
        chunk.push(encodeLine(r));
        if (chunk.length >= 1000) await flush();
      }
      await flush();
      await out.sync();
    } catch (err) {
      await out.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw writeFailure(tmp, err);
    }
    await out.close();
    await rename(tmp, this.file);
    fsyncDir(dirname(this.file));
    await this.fh.close();
    this.fh = await open(this.file, 'a', 0o600);
    this.size = size;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
