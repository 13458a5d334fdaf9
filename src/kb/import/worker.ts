/**
 * The body of an import worker thread (started by ./off-thread.ts, never imported by anything
 * else): reads one file with the format's importer and posts back the ImportResult or why the file
 * was refused. The thread then has nothing left to do and ends; the main thread terminates it anyway.
 */
import { once } from 'node:events';
import os from 'node:os';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { importCasesJsonl, type CasesImportResult } from './cases-jsonl';
import { importFaqCsv } from './faq-csv';
import { importGdItems } from './gd-items';
import { ImportFileError, type ImportFileProblem, type ImportOptions, type ImportResult } from './result';
import { importXlsx } from './xlsx';

export type OffThreadFormat = 'faq-csv' | 'xlsx' | 'gd-items' | 'cases-jsonl';

export interface WorkerJob {
  format: OffThreadFormat;
  bytes: Uint8Array;
  opts: ImportOptions;
  /** A directory of this import's own, removed by the main thread however the worker ends. */
  tmpDir: string;
}

/**
 * What the worker posts: the result's lists in parts, then `done`, or one failure. A part is a
 * message of its own, so the main thread takes a 100,000-entry result in slices between its other
 * work rather than in one long deserialisation.
 */
export type WorkerReply =
  | { part: 'entries' | 'cases' | 'rejected' | 'warnings'; items: unknown[] }
  | { done: true }
  | { fileError: { problem: ImportFileProblem; message: string; details: { row: number; message: string }[] } }
  | { error: { message: string; stack?: string } };

/** Items per part: some 5 ms of deserialising on the main thread each. */
export const PART_ITEMS = 2_000;

type Outcome = { result: ImportResult | CasesImportResult } | Exclude<WorkerReply, { part: string } | { done: true }>;

async function read(job: WorkerJob): Promise<ImportResult | CasesImportResult> {
  switch (job.format) {
    case 'xlsx':
      return importXlsx(job.bytes, job.opts);
    case 'faq-csv':
      return importFaqCsv(job.bytes, job.opts);
    case 'gd-items':
      return importGdItems(job.bytes, job.opts);
    case 'cases-jsonl':
      return importCasesJsonl(job.bytes, job.opts);
  }
}

async function run(job: WorkerJob): Promise<Outcome> {
  try {
    return { result: await read(job) };
  } catch (err) {
    if (err instanceof ImportFileError) return { fileError: { problem: err.problem, message: err.message, details: err.details } };
    return { error: { message: (err as Error)?.message ?? String(err), stack: (err as Error)?.stack } };
  }
}

/**
 * Posts the outcome. Each part waits for the main thread's acknowledgement: Node delivers every
 * message already queued in one go, so parts sent at once would be one long pause again.
 */
async function post(port: MessagePort, outcome: Outcome): Promise<void> {
  if (!('result' in outcome)) return port.postMessage(outcome satisfies WorkerReply);
  const result = outcome.result;
  for (const part of ['entries', 'cases', 'rejected', 'warnings'] as const) {
    const list: unknown[] = part in result ? (result as unknown as Record<typeof part, unknown[]>)[part] : [];
    for (let i = 0; i < list.length; i += PART_ITEMS) {
      const acked = once(port, 'message');
      port.postMessage({ part, items: list.slice(i, i + PART_ITEMS) } satisfies WorkerReply);
      await acked;
    }
  }
  port.postMessage({ done: true } satisfies WorkerReply);
}

if (parentPort) {
  const job = workerData as WorkerJob;
  // exceljs spools a sheet stored before the shared strings (Excel's own order) to a file from the
  // `tmp` package, in os.tmpdir(). In this thread (its own `os` module) that is the import's
  // directory, so a sheet abandoned at a cap, or a worker stopped mid-read, leaves nothing behind.
  Object.defineProperty(os, 'tmpdir', { value: () => job.tmpDir, configurable: true, writable: true });
  const port = parentPort;
  void run(job).then((outcome) => post(port, outcome));
}
