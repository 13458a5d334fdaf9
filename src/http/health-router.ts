/**
 * GET /healthz: liveness, and what this instance serves. It answers 200 as long as the process
 * serves HTTP: a dependency that is down shows in its body (status "degraded", checks) but does not
 * fail it, so an orchestrator does not restart every instance while Redis is away.
 *
 * GET /readyz: readiness, whether this instance should be sent traffic now: 200 when every check
 * passes (Redis answers, the ticket store answers, a knowledge base is loaded, the instance is not
 * shutting down), else 503 with the checks that failed. Load balancers and Kubernetes readiness
 * probes use this one (docs/operations.md).
 *
 * Neither includes configuration secrets; both are public.
 */
import { Router } from 'express';
import { z } from 'zod';
import { CalibrationSummary } from '../engine';
import { SemanticStatus } from '../llm';
import { createDeadlines } from '../util';

/** A dependency that has not answered by then counts as down: the endpoints themselves must answer. */
export const HEALTH_CHECK_TIMEOUT_MS = 2000;

export type Check = () => Promise<boolean> | boolean;

const CheckResults = z.record(z.string(), z.boolean());

/** GET /healthz: always 200 while the process answers; `degraded` when a check fails. */
export const HealthReport = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  mode: z.enum(['embedded', 'redis']),
  uptimeSeconds: z.number().int(),
  knowledgeBase: z.strictObject({ name: z.string(), entries: z.number().int(), sample: z.boolean(), version: z.string().optional() }),
  calibration: CalibrationSummary.optional(),
  semantic: SemanticStatus.optional(),
  checks: CheckResults,
});
export type HealthReport = z.infer<typeof HealthReport>;

/** GET /readyz: 200 ready, 503 not_ready. */
export const Readiness = z.strictObject({ status: z.enum(['ready', 'not_ready']), checks: CheckResults });
export type Readiness = z.infer<typeof Readiness>;

export interface HealthInfo {
  knowledgeBase: () => { name: string; entries: number; sample: boolean; version?: string };
  /** What the engine learned about the knowledge base when it was built (docs/engine.md § 6). */
  calibration?: () => CalibrationSummary;
  mode: 'embedded' | 'redis';
  /** Shown by /healthz (information: they do not fail it). */
  checks?: Record<string, Check>;
  /** What /readyz requires, besides a loaded knowledge base. */
  readiness?: Record<string, Check>;
  /** The optional semantic layer: its model and whether it is serving (it never makes the instance unhealthy). */
  semantic?: () => SemanticStatus;
}

export function createHealthRouter(info: HealthInfo): Router {
  const router = Router();
  const started = Date.now();
  const deadlines = createDeadlines();

  async function run(checks: Record<string, Check>): Promise<Record<string, boolean>> {
    const names = Object.keys(checks);
    const results = await Promise.all(
      names.map((name) =>
        deadlines
          .within(Promise.resolve().then(checks[name]!), HEALTH_CHECK_TIMEOUT_MS, `health check ${name}`)
          .then((ok) => ok === true)
          .catch(() => false),
      ),
    );
    return Object.fromEntries(names.map((name, i) => [name, results[i]!]));
  }

  router.get('/healthz', async (_req, res) => {
    const results = await run(info.checks ?? {});
    const ok = Object.values(results).every(Boolean);
    res.status(200).json({
      status: ok ? ('ok' as const) : ('degraded' as const),
      mode: info.mode,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      knowledgeBase: info.knowledgeBase(),
      ...(info.calibration ? { calibration: info.calibration() } : {}),
      ...(info.semantic ? { semantic: info.semantic() } : {}),
      checks: results,
    } satisfies HealthReport);
  });

  router.get('/readyz', async (_req, res) => {
    const results = await run({ knowledgeBase: () => info.knowledgeBase().entries > 0, ...info.readiness });
    const ready = Object.values(results).every(Boolean);
    const answer: Readiness = { status: ready ? 'ready' : 'not_ready', checks: results };
    res.status(ready ? 200 : 503).json(answer);
  });
  return router;
}
