/**
 * The triage model as administrators manage it, under /api/v1/admin/triage (admin only, by the
 * route registry):
 *
 *   GET  /api/v1/admin/triage/model   the draft's model and the published one (version, when and on
 *                                     how many messages it was trained, its cross-validated figures)
 *   PUT  /api/v1/admin/triage/model   a model trained by `npm run -s triage -- train` (its
 *                                     triage-model.json as the body) becomes the draft's model;
 *                                     the next publish puts it in force on every instance
 *   POST /api/v1/admin/triage/classify {"text"}: what the live model says of a demand
 *
 * A model is refused (400 with the zod issues) when it is not a triage model or its parts do not
 * fit together, so a broken model never reaches a publish.
 */
import { json, Router } from 'express';
import { z } from 'zod';
import { describeModel, ModelManifest, TriageClassifier } from '../classifier';
import { issuesOf, sendError } from '../http-kit';
import type { KbStore } from '../kb/store';
import type { RoutingTable } from '../tickets';
import { createKbHandler } from './editor-router';

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
}

const ExpectedVersion = z.object({ expectedVersion: z.coerce.number().int().min(0).optional() });
const ClassifyBody = z.strictObject({ text: z.string().trim().min(1).max(20_000) });

export function createTriageRouter(deps: TriageRouterDeps): Router {
  const router = Router();
  const h = createKbHandler(deps.onError);
  const P = TRIAGE_PREFIX;

  router.get(
    `${P}/model`,
    h('get triage model', async (_req, res) => {
      const [draft, published] = await Promise.all([deps.store.getDraft(), deps.store.published()]);
      res.json({
        draft: draft.triageModel.ref,
        version: draft.triageModel.version,
        published: published?.triageModel ?? null,
        revision: published?.revision ?? null,
      });
    }),
  );

  router.put(
    `${P}/model`,
    json({ limit: deps.maxModelBytes ?? 64 * 1024 * 1024 }),
    h('put triage model', async (req, res, author) => {
      const q = ExpectedVersion.safeParse(req.query);
      if (!q.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(q.error) });
      const parsed = ModelManifest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { detail: '不是分类模型文件（triage-model.json）', issues: issuesOf(parsed.error) });
      try {
        new TriageClassifier(parsed.data);
      } catch (err) {
        return sendError(res, 'QH_ERR_VALIDATION', { detail: `分类模型不完整：${(err as Error).message}` });
      }
      const ref = describeModel(parsed.data);
      const written = await deps.store.putTriageModel(
        { ref, json: JSON.stringify(parsed.data) },
        { author, ...(q.data.expectedVersion !== undefined ? { expectedVersion: q.data.expectedVersion } : {}) },
      );
      res.json({ ...written, model: ref });
    }),
  );

  router.post(
    `${P}/classify`,
    json({ limit: 64 * 1024 }),
    h('classify', async (req, res) => {
      const body = ClassifyBody.safeParse(req.body);
      if (!body.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(body.error) });
      const model = deps.routing()?.model;
      if (!model) return sendError(res, 'QH_ERR_NOT_FOUND', { detail: '当前发布的知识库没有分类模型' });
      res.json(model.classify(body.data.text));
    }),
  );

  return router;
}
