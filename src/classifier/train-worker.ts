/** The worker thread of train-off-thread.ts: trains on the examples it is given and posts the model back. */
import { parentPort, workerData } from 'node:worker_threads';
import { trainModel } from './train';
import type { TrainingExample } from './model';

const { examples } = workerData as { examples: TrainingExample[] };
try {
  parentPort!.postMessage({ ok: true, model: trainModel(examples) });
} catch (err) {
  parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
}
