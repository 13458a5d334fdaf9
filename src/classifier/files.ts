/** A model file read and written whole: checked on the way in, written through a temporary name. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ModelManifest } from './model';
import type { ModelDetail } from './types';

/** Its name in a knowledge-base folder and in a `train --out` folder. */
export const MODEL_FILE = 'triage-model.json';

export function parseModel(json: string): ModelManifest {
  return ModelManifest.parse(JSON.parse(json));
}

export function readModelFile(path: string): ModelManifest {
  return parseModel(readFileSync(path, 'utf8'));
}

export function writeModelFile(path: string, model: ModelManifest): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(model));
  renameSync(tmp, path);
}

/** What a knowledge-base store records of a model (its TriageModelRef): the category head's figures. */
export function describeModel(model: ModelManifest) {
  const category = model.heads.find((h) => h.label === 'category') ?? model.heads[0]!;
  return {
    version: model.version,
    trainedAt: model.trainedAt,
    messages: model.messages,
    categories: category.classes,
    accuracy: category.crossValidation.accuracy,
    macroF1: category.crossValidation.macroF1,
  };
}

/** A model as the editor console's model page shows it: each head's classes with their training messages, its cross-validated figures and reliability. */
export function modelDetail(model: ModelManifest): ModelDetail {
  return {
    version: model.version,
    trainedAt: model.trainedAt,
    messages: model.messages,
    heads: model.heads.map((h) => ({
      label: h.label,
      classes: h.classes.map((name) => ({ name, count: h.support[name] ?? 0 })).sort((a, b) => b.count - a.count),
      reviewBelow: h.reviewBelow,
      reliability: h.reliability,
      crossValidation: h.crossValidation,
    })),
  };
}
