/**
 * Imports off the event loop: each file is read and mapped in a worker thread of its own
 * (./worker.ts), so the chat keeps answering while an editor imports a 20 MB workbook. Reading an
 * xlsx is seconds of JavaScript at the caps; a 20 MB CSV or JSON Lines file about a second.
 *
 * - One import at a time per process (IMPORT_CONCURRENCY), a few more wait their turn
 *   (IMPORT_QUEUE); past that run() throws ImportBusyError (the editor API answers 429 with
 *   Retry-After). On a two-core machine one worker leaves a core to the chat; two would take both.
 * - The worker's heap is capped (IMPORT_HEAP_MB) and its time too (IMPORT_TIMEOUT_MS): a file that
 *   needs more fails as an ImportFileError ('out_of_memory', 'timeout'), the process is untouched.
 * - A worker that dies otherwise rejects with a plain Error (the API's 503 for the unexpected); a
 *   file the importer refuses rejects with its ImportFileError, as in-thread.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CasesImportResult } from './cases-jsonl';
import { ImportFileError, type ImportOptions, type ImportResult } from './result';
import type { OffThreadFormat, WorkerJob, WorkerReply } from './worker';

export type { OffThreadFormat } from './worker';

export const IMPORT_CONCURRENCY = 1;
export const IMPORT_QUEUE = 2;
/** A 100,000-row workbook reads in some 2 s; a minute is a runaway, not a slow disk. */
export const IMPORT_TIMEOUT_MS = 60_000;
/**
 * The worker's V8 heap. Reading and mapping the 100,000-row test workbook (39 MB of XML) succeeds
 * within 128 MB; 512 MB leaves room for long answers up to the 256 MiB unpacked cap and stops a
 * pathological file (millions of tiny shared strings) long before the machine's memory.
 */
export const IMPORT_HEAP_MB = 512;

/** More imports than the gate admits: try again shortly. */
export class ImportBusyError extends Error {
  constructor(readonly retryAfterS = 5) {
    super('another import is running; try again shortly');
    this.name = 'ImportBusyError';
  }
}

export interface ImportRunnerOptions {
  concurrency?: number;
  queue?: number;
  timeoutMs?: number;
  heapMb?: number;
  /** Where each import's temporary directory is made (default os.tmpdir()). */
  tmpRoot?: string;
}

/** What each format reads to: entries, or past cases (cases-jsonl). */
export type ResultOf<F extends OffThreadFormat> = F extends 'cases-jsonl' ? CasesImportResult : ImportResult;

export interface ImportRunner {
  run<F extends OffThreadFormat>(format: F, bytes: Uint8Array, opts?: ImportOptions): Promise<ResultOf<F>>;
  /** Imports running and waiting now. */
  stats(): { running: number; waiting: number };
}

/**
 * How the worker is started. The entry is TypeScript next to this file: production and dev run
 * under tsx, tests under ts-jest, and a worker thread shares neither's module loader. tsx's CommonJS
 * API registers its require hook synchronously in the fresh thread, which works the same whatever
 * the parent runs under (plain node, tsx, jest); `execArgv: ['--import', 'tsx']` would need the ESM
 * loader-hooks thread per worker. If this file is ever run compiled (.js), the worker is too.
 * execArgv is emptied so that the parent's own flags (tsx's loader, jest's) are not inherited.
 */
const EXT = extname(__filename);
const ENTRY = join(__dirname, `worker${EXT}`);
const BOOT = EXT === '.ts' ? `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();\nrequire(${JSON.stringify(ENTRY)});` : `require(${JSON.stringify(ENTRY)});`;

function inWorker(job: Omit<WorkerJob, 'tmpDir'>, timeoutMs: number, heapMb: number, tmpRoot: string): Promise<ImportResult | CasesImportResult> {
  return mkdtemp(join(tmpRoot, 'qihu-import-')).then(
    (tmpDir) =>
      new Promise<ImportResult | CasesImportResult>((resolve, reject) => {
        const data: WorkerJob = { ...job, tmpDir };
        const worker = new Worker(BOOT, {
          eval: true,
          execArgv: [],
          workerData: data,
          transferList: [job.bytes.buffer as ArrayBuffer],
          resourceLimits: { maxOldGenerationSizeMb: heapMb },
        });
        let settled = false;
        // Settles once the worker is gone and its directory removed: the next import never overlaps it.
        const settle = (outcome: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          void worker
            .terminate()
            .catch(() => undefined)
            .then(() => rm(tmpDir, { recursive: true, force: true }))
            .catch(() => undefined)
            .then(outcome);
        };
        const timer = setTimeout(
          () => settle(() => reject(new ImportFileError('timeout', `reading the file took longer than ${timeoutMs / 1000} s (the import limit); nothing was imported`))),
          timeoutMs,
        );
        const lists: Record<'entries' | 'cases' | 'rejected' | 'warnings', unknown[]> = { entries: [], cases: [], rejected: [], warnings: [] };
        worker.on('message', (reply: WorkerReply) => {
          if ('part' in reply) {
            for (const item of reply.items) lists[reply.part].push(item);
            worker.postMessage('next');
            return;
          }
          settle(() => {
            if ('done' in reply) return resolve(assemble(job.format, lists));
            if ('fileError' in reply) return reject(new ImportFileError(reply.fileError.problem, reply.fileError.message, reply.fileError.details));
            const err = new Error(`import worker: ${reply.error.message}`);
            if (reply.error.stack) err.stack = reply.error.stack;
            reject(err);
          });
        });
        worker.once('error', (err: Error & { code?: string }) =>
          settle(() =>
            reject(
              err.code === 'ERR_WORKER_OUT_OF_MEMORY'
                ? new ImportFileError('out_of_memory', `reading the file needs more than the ${heapMb} MB an import may use; nothing was imported`)
                : new Error(`import worker failed: ${err.message}`),
            ),
          ),
        );
        worker.once('exit', (code) => settle(() => reject(new Error(`import worker ended (exit code ${code}) without an answer`))));
      }),
  );
}

/** The lists the worker sent, as the format's result (the department count is counted again). */
function assemble(format: OffThreadFormat, lists: Record<'entries' | 'cases' | 'rejected' | 'warnings', unknown[]>): ImportResult | CasesImportResult {
  const { rejected, warnings } = lists as Pick<ImportResult, 'rejected' | 'warnings'>;
  if (format !== 'cases-jsonl') return { entries: lists.entries as ImportResult['entries'], rejected, warnings };
  const cases = lists.cases as CasesImportResult['cases'];
  return { cases, rejected, warnings, departmentsFound: cases.filter((c) => c.department).length };
}

export function createImportRunner(options: ImportRunnerOptions = {}): ImportRunner {
  const concurrency = options.concurrency ?? IMPORT_CONCURRENCY;
  const queueSize = options.queue ?? IMPORT_QUEUE;
  const timeoutMs = options.timeoutMs ?? IMPORT_TIMEOUT_MS;
  const heapMb = options.heapMb ?? IMPORT_HEAP_MB;
  const tmpRoot = options.tmpRoot ?? tmpdir();
  let running = 0;
  const waiting: (() => void)[] = [];

  const acquire = async (): Promise<void> => {
    if (running < concurrency) {
      running += 1;
      return;
    }
    if (waiting.length >= queueSize) throw new ImportBusyError();
    // The slot is handed over by release(): `running` stays counted.
    await new Promise<void>((go) => waiting.push(go));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };

  return {
    async run<F extends OffThreadFormat>(format: F, bytes: Uint8Array, opts: ImportOptions = {}): Promise<ResultOf<F>> {
      await acquire();
      try {
        // A copy of its own: its buffer moves to the worker, and the caller's (maybe pooled) one stays.
        return (await inWorker({ format, bytes: new Uint8Array(bytes), opts }, timeoutMs, heapMb, tmpRoot)) as ResultOf<F>;
      } finally {
        release();
      }
    },
    stats: () => ({ running, waiting: waiting.length }),
  };
}

let shared: ImportRunner | undefined;

/** The process's import gate: every editor upload goes through it. */
export function importOffThread<F extends OffThreadFormat>(format: F, bytes: Uint8Array, opts: ImportOptions = {}): Promise<ResultOf<F>> {
  shared ??= createImportRunner();
  return shared.run(format, bytes, opts);
}
