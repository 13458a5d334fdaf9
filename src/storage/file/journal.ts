/**
 * Append-only journal of JSON lines, each prefixed with the CRC-32 of its JSON:
 *
 *   <crc32 as 8 hex digits> <json>\n
 *
 * append() writes one batch of lines and fsyncs before it resolves, so a record the caller was told
 * about survives a crash. open() reads every line back; a torn or corrupt LAST line (a crash during
 * the write) is cut off, a bad line followed by good ones means damage and refuses to start.
 * rewrite() replaces the file atomically (temporary file, fsync, rename, fsync of the directory),
 * for compaction.
 */
import { closeSync, fsyncSync, openSync, existsSync, mkdirSync, readFileSync, ftruncateSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { crc32 } from 'node:zlib';

export class JournalCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
  ) {
    super(`journal ${file} is damaged at line ${line}; refusing to start (restore it from a backup)`);
    this.name = 'JournalCorruptError';
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
}

/** Read all records; repairs a torn tail in place. Creates the file (and directory) if missing. */
export function readJournal(file: string): ReplayResult {
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file)) {
    closeSync(openSync(file, 'a'));
    fsyncDir(dirname(file));
    return { records: [], truncatedBytes: 0 };
  }
  const buf = readFileSync(file);
  const records: unknown[] = [];
  let offset = 0; // end of the last good line
  let lineNo = 0;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    lineNo++;
    const end = nl === -1 ? buf.length : nl;
    const record = nl === -1 ? undefined : decodeLine(buf.subarray(offset, end).toString('utf8'));
    if (record === undefined) {
      // Anything good after this point means the damage is not a torn tail.
      const rest = buf.subarray(nl === -1 ? buf.length : nl + 1).toString('utf8');
      if (rest.split('\n').some((l) => decodeLine(l) !== undefined)) throw new JournalCorruptError(file, lineNo);
      break;
    }
    records.push(record);
    offset = end + 1;
  }
  const truncatedBytes = buf.length - offset;
  if (truncatedBytes > 0) {
    const fd = openSync(file, 'r+');
    try {
      ftruncateSync(fd, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  return { records, truncatedBytes };
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
    const fh = await open(file, 'a');
    const { size } = await fh.stat();
    return new JournalWriter(file, fh, size);
  }

  get bytes(): number {
    return this.size;
  }

  /** Append records and fsync. On failure the partial write is cut off again, or the writer is
   * marked broken (every later append fails) so a half-line is never followed by good lines. */
  async append(records: readonly unknown[]): Promise<void> {
    if (this.broken) throw this.broken;
    const data = Buffer.from(records.map(encodeLine).join(''), 'utf8');
    try {
      await this.fh.write(data);
      await this.fh.sync();
      this.size += data.length;
    } catch (err) {
      try {
        await this.fh.truncate(this.size);
        await this.fh.sync();
      } catch {
        this.broken = new Error(`journal ${this.file} could not be repaired after a failed write`);
      }
      throw err;
    }
  }

  /** Replace the whole journal with these records, atomically. */
  async rewrite(records: readonly unknown[]): Promise<void> {
    if (this.broken) throw this.broken;
    const tmp = join(dirname(this.file), `.${basename(this.file)}.compact`);
    const out = await open(tmp, 'w');
    let size = 0;
    try {
      const chunk: string[] = [];
      for (const r of records) {
        chunk.push(encodeLine(r));
        if (chunk.length >= 1000) {
          const b = Buffer.from(chunk.join(''), 'utf8');
          await out.write(b);
          size += b.length;
          chunk.length = 0;
        }
      }
      const b = Buffer.from(chunk.join(''), 'utf8');
      await out.write(b);
      size += b.length;
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(tmp, this.file);
    fsyncDir(dirname(this.file));
    await this.fh.close();
    this.fh = await open(this.file, 'a');
    this.size = size;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
