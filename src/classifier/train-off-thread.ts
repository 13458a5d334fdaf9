/**
 * Training off the event loop: 5,500 messages take 10–20 s of JavaScript, which on the main thread
 * would stop every chat and call for that long. One training at a time per process; another
 * request meanwhile is refused (TrainingBusyError), not queued, since a retrain is an
 * administrator's occasional act. The worker is booted as the importers' is (src/kb/import/off-thread.ts).
 */
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ModelManifest, type TrainingExample } from './model';

export class TrainingBusyError extends Error {
  constructor() {
    super('a triage model is being trained already');
    this.name = 'TrainingBusyError';
  }
}

const EXT = extname(__filename);
const ENTRY = join(__dirname, `train-worker${EXT}`);
const BOOT = EXT === '.ts' ? `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();\nrequire(${JSON.stringify(ENTRY)});` : `require(${JSON.stringify(ENTRY)});`;

/** A training runs for minutes at most on the largest histories; past this it is a runaway. */
const TRAIN_TIMEOUT_MS = 10 * 60_000;
let running = false;

export function trainOffThread(examples: readonly TrainingExample[], timeoutMs = TRAIN_TIMEOUT_MS): Promise<ModelManifest> {
  if (running) return Promise.reject(new TrainingBusyError());
  running = true;
  return new Promise<ModelManifest>((resolve, reject) => {
    const worker = new Worker(BOOT, { eval: true, execArgv: [], workerData: { examples } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`training took longer than ${timeoutMs / 1000} s`));
    }, timeoutMs);
    worker.once('message', (reply: { ok: true; model: unknown } | { ok: false; message: string }) => {
      if (reply.ok) resolve(ModelManifest.parse(reply.model));
      else reject(new Error(reply.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      clearTimeout(timer);
      running = false;
      if (code !== 0) reject(new Error(`the training worker stopped with code ${code}`));
    });
  });
}
