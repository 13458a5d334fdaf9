/**
 * What the administrators' triage-model API answers (src/http/triage-router.ts), as its routes and
 * the console's 研判模型 page (src/web/editor/client/triage-model.ts) both read it.
 */
import { z } from 'zod';
import { ModelDetailSchema } from '../classifier';
import { TriageModelRef, WriteResult } from '../kb/store';

/** GET /model: each model's reference (null: none), the draft's `$triage-model` version, and each model's detail. */
export const TriageModelView = z.strictObject({
  draft: TriageModelRef.nullable(),
  version: z.number().int().min(0),
  published: TriageModelRef.nullable(),
  revision: z.string().nullable(),
  detail: z.strictObject({ draft: ModelDetailSchema.nullable(), published: ModelDetailSchema.nullable() }),
});
export type TriageModelView = z.infer<typeof TriageModelView>;

/** PUT /model: the model stored in the draft. */
export const TriageModelWritten = WriteResult.extend({ model: TriageModelRef });
export type TriageModelWritten = z.infer<typeof TriageModelWritten>;

/** POST /retrain: the model trained on the ticket history, stored in the draft, and how many tickets it learned from. */
export const TriageRetrained = TriageModelWritten.extend({ examples: z.number().int().min(0) });
export type TriageRetrained = z.infer<typeof TriageRetrained>;
