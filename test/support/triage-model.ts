/** The labelled hotline messages of ../shared/data and small models trained on them, for the triage tests. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { trainModel, type ModelManifest } from '../../src/classifier';

export const HOTLINE_TRAIN = path.resolve(__dirname, '../../../shared/data/hotline-messages-train.jsonl');
export const hasHotlineData = existsSync(HOTLINE_TRAIN);

export interface HotlineMessage {
  id: string;
  text: string;
  category: string;
}

let messages: HotlineMessage[] | undefined;
export function hotlineMessages(): HotlineMessage[] {
  return (messages ??= readFileSync(HOTLINE_TRAIN, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as HotlineMessage));
}

const models = new Map<number, ModelManifest>();
/**
 * A model trained on every `step`-th message (memoised per test file): seconds, not the full
 * file's twenty. The file is grouped by category, so a stride keeps every category.
 */
export function smallModel(step = 4): ModelManifest {
  let model = models.get(step);
  if (!model) {
    model = trainModel(hotlineMessages().filter((_, i) => i % step === 0), { now: new Date('2026-12-01T00:00:00Z') });
    models.set(step, model);
  }
  return model;
}
