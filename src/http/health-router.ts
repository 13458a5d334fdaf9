/** GET /healthz: liveness and what this instance serves. Never includes configuration secrets. */
import { Router } from 'express';
import type { CalibrationSummary } from '../engine';
import type { SemanticStatus } from '../llm';
import { createDeadlines } from '../util';

/** A dependency that has not answered by then counts as down: /healthz itself must answer. */
export const HEALTH_CHECK_TIMEOUT_MS = 2000;

export interface HealthInfo {
  knowledgeBase: () => { name: string; entries: number; sample: boolean; version?: string };
  /** What the engine learned about the knowledge base when it was built (docs/engine.md § 6). */
  calibration?: () => CalibrationSummary;
  mode: 'embedded' | 'redis';
  checks?: Record<string, () => Promise<boolean>>;
  /** The optional semantic layer: its model and whether it is serving (it never makes the instance unhealthy). */
  semantic?: () => SemanticStatus;
}

export function createHealthRouter(info: HealthInfo): Router {
  const router = Router();
  const started = Date.now();
  const deadlines = createDeadlines();
  router.get('/healthz', async (_req, res) => {
    const results: Record<string, boolean> = {};
    for (const [name, check] of Object.entries(info.checks ?? {})) {
      results[name] = await deadlines.within(check(), HEALTH_CHECK_TIMEOUT_MS, `health check ${name}`).catch(() => false);
    }
    const ok = Object.values(results).every(Boolean);
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      mode: info.mode,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      knowledgeBase: info.knowledgeBase(),
      ...(info.calibration ? { calibration: info.calibration() } : {}),
      ...(info.semantic ? { semantic: info.semantic() } : {}),
      checks: results,
    });
  });
  return router;
}
