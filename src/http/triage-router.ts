/**
 * The triage model as administrators manage it, under /api/v1/admin/triage (admin only, by the
 * route registry):
 *
 *   GET  /api/v1/admin/triage/model   the draft's model and the published one (version, when and on
 *                                     how many messages it was trained, its cross-validated figures;
 *                                     `detail`: each head's classes with counts and reliability)
 *   PUT  /api/v1/admin/triage/model   a model trained by `npm run -s triage -- train` (its
 *                                     triage-model.json as the body) becomes the draft's model;
 *                                     the next publish puts it in force on every instance
 *   POST /api/v1/admin/triage/classify {"text"}: what the live model says of a demand
 *   POST /api/v1/admin/triage/retrain   a model trained on the ticket history (the department that
 *                                     last took each demand is its label: a reassignment corrects
 *                                     the first guess) becomes the draft's model
 *
 * A model is refused (400 with the zod issues) when it is not a triage model or its parts do not
 * fit together, so a broken model never reaches a publish.
 */
import { json, Router } from 'express';
import { z } from 'zod';
import {
  ClassificationSchema,
  describeModel,
  modelDetail,
  ModelManifest,
  parseModel,
  trainOffThread,
  TrainingBusyError,
  TriageClassifier,
  type ModelDetail,
  type TrainingExample,
} from '../classifier';
import { issuesOf, sendError } from '../http-kit';
import type { KbStore } from '../kb/store';
import { trainingExampleOf, type RoutingTable, type TicketStore, type TriageModelView, type TriageModelWritten, type TriageRetrained } from '../tickets';
import { createKbHandler, editorIssues } from './editor-router';
import { TRIAGE_MESSAGES, zhErrorMap } from './messages';

export const TRIAGE_PREFIX = '/api/v1/admin/triage';
/** Its body is megabytes: the app's JSON parser leaves it to this router (after authentication). */
export const TRIAGE_MODEL_PATH = `${TRIAGE_PREFIX}/model`;

export interface TriageRouterDeps {
  store: KbStore;
  /** The live routing table (and the model published with it). */
  routing: () => RoutingTable | undefined;
  onError?: (err: unknown, where: string) => void;
  /** A model is a few megabytes; default limit 64 MB. */
  maxModelBytes?: number;
  /** The ticket history to retrain from. */
  tickets?: Pick<TicketStore, 'listDigests' | 'getTicket' | 'getState'>;
}

/** Fewer settled demands than this teach a model nothing a person could trust. */
export const MIN_RETRAIN_EXAMPLES = 50;
/** The newest tickets read for a retrain. */
const RETRAIN_TICKETS = 50_000;
const PAGE = 500;

const ExpectedVersion = z.object({ expectedVersion: z.coerce.number().int().min(0).optional() });
const ClassifyBody = z.strictObject({ text: z.string().trim().min(1).max(20_000) });

export function createTriageRouter(deps: TriageRouterDeps): Router {
  const router = Router();
  const h = createKbHandler(deps.onError);
  const P = TRIAGE_PREFIX;

  // A model's detail (classes with counts, reliability) read from its blob once per version (a
  // model is megabytes to parse; a version never changes).
  const details = new Map<string, ModelDetail>();
  async function detailOf(version: string | undefined): Promise<ModelDetail | null> {
    if (!version) return null;
    const known = details.get(version);
    if (known) return known;
    const json = await deps.store.triageModelJson(version);
    if (!json) return null;
    const detail = modelDetail(parseModel(json));
    if (details.size >= 4) details.clear();
    details.set(version, detail);
    return detail;
  }

  router.get(
    `${P}/model`,
    h('get triage model', async (_req, res) => {
      const [draft, published] = await Promise.all([deps.store.getDraft(), deps.store.published()]);
      const [draftDetail, publishedDetail] = await Promise.all([detailOf(draft.triageModel.ref?.version), detailOf(published?.triageModel?.version)]);
      res.json({
        draft: draft.triageModel.ref,
        version: draft.triageModel.version,
        published: published?.triageModel ?? null,
        revision: published?.revision ?? null,
        detail: { draft: draftDetail, published: publishedDetail },
      } satisfies TriageModelView);
    }),
  );

  router.put(
    `${P}/model`,
    json({ limit: deps.maxModelBytes ?? 64 * 1024 * 1024 }),
    h('put triage model', async (req, res, author) => {
      const q = ExpectedVersion.safeParse(req.query);
      if (!q.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(q.error) });
      // Issues in Chinese, as the editor console shows them under the upload.
      const parsed = ModelManifest.safeParse(req.body, { error: zhErrorMap });
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { detail: TRIAGE_MESSAGES.not_a_model(), issues: editorIssues(parsed.error) });
      try {
        new TriageClassifier(parsed.data);
      } catch (err) {
        return sendError(res, 'QH_ERR_VALIDATION', { detail: TRIAGE_MESSAGES.model_incomplete((err as Error).message) });
      }
      const ref = describeModel(parsed.data);
      const written = await deps.store.putTriageModel(
        { ref, json: JSON.stringify(parsed.data) },
        { author, ...(q.data.expectedVersion !== undefined ? { expectedVersion: q.data.expectedVersion } : {}) },
      );
      res.json({ ...written, model: ref } satisfies TriageModelWritten);
    }),
  );

  router.post(
    `${P}/classify`,
    json({ limit: 64 * 1024 }),
    h('classify', async (req, res) => {
      const body = ClassifyBody.safeParse(req.body, { error: zhErrorMap });
      if (!body.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: editorIssues(body.error) });
      const model = deps.routing()?.model;
      if (!model) return sendError(res, 'QH_ERR_NOT_FOUND', { detail: TRIAGE_MESSAGES.no_model() });
      res.json(model.classify(body.data.text) satisfies z.infer<typeof ClassificationSchema>);
    }),
  );

  router.post(
    `${P}/retrain`,
    h('retrain triage model', async (_req, res, author) => {
      const table = deps.routing();
      if (!deps.tickets || !table) return sendError(res, 'QH_ERR_NOT_FOUND', { detail: TRIAGE_MESSAGES.nothing_to_train_on() });
      const examples: TrainingExample[] = [];
      for (let offset = 0; offset < RETRAIN_TICKETS; offset += PAGE) {
        const page = await deps.tickets.listDigests({ index: 'created', reverse: true, offset, limit: PAGE });
        for (const digest of page) {
          const [ticket, state] = await Promise.all([deps.tickets.getTicket(digest.id), deps.tickets.getState(digest.id)]);
          const example = ticket && state ? trainingExampleOf(ticket, state, table) : undefined;
          if (example) examples.push(example);
        }
        if (page.length < PAGE) break;
      }
      const categories = new Set(examples.map((e) => e.category));
      if (examples.length < MIN_RETRAIN_EXAMPLES || categories.size < 2) {
        return sendError(res, 'QH_ERR_VALIDATION', {
          detail: TRIAGE_MESSAGES.too_few_examples(examples.length, categories.size, MIN_RETRAIN_EXAMPLES),
        });
      }
      let model: ModelManifest;
      try {
        model = await trainOffThread(examples);
      } catch (err) {
        if (err instanceof TrainingBusyError) return sendError(res, 'QH_ERR_CONFLICT', { detail: TRIAGE_MESSAGES.training_busy() });
        throw err;
      }
      const ref = describeModel(model);
      const written = await deps.store.putTriageModel({ ref, json: JSON.stringify(model) }, { author });
      res.json({ ...written, model: ref, examples: examples.length } satisfies TriageRetrained);
    }),
  );

  return router;
}
