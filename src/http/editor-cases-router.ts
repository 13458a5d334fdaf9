/**
 * The past cases of the knowledge store, for editors (role editor; admin passes): a new set of
 * cases replaces the draft's as one change set, live after the next publish like any other change
 * (POST /api/v1/admin/kb/publish), undone by rolling its change set back. See docs/cases.md.
 *
 *   GET /api/v1/admin/kb/cases                           what the draft holds: counts and version
 *   PUT /api/v1/admin/kb/cases?dryRun&source&expectedVersion&force
 *                                    a cases-jsonl file as the raw body (≤ 20 MB), read in a
 *                                    worker thread; dryRun (default true) reports and writes nothing
 */
import { raw, Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../auth';
import { CASES_TARGET, type KbCasesReport, type KbCasesView, type KbStore } from '../kb/store';
import { ImportBusyError, ImportFileError, importOffThread, type CasesImportResult, type ImportOptions } from '../kb/import';
import { issuesOf, rawBodyOf, sendError } from '../http-kit';
import { createKbHandler, EDITOR_PREFIX } from './editor-router';
import { fileProblemDetail, IMPORT_MESSAGES } from './messages';

const Bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const CasesQuery = z.object({
  dryRun: Bool.default(true),
  source: z.string().trim().min(1).max(200).optional(),
  expectedVersion: z.coerce.number().int().min(0).optional(),
  force: Bool.default(false),
});

/** Lists in reports are cut here (the counts are always complete). */
const REPORT_ITEMS = 500;

export interface EditorCasesRouterDeps {
  store: KbStore;
  requireRole: (role: Role) => RequestHandler;
  /** Reads a cases-jsonl file (default: in a worker thread, one import at a time per process). */
  importCases?: (bytes: Buffer, opts: ImportOptions) => Promise<CasesImportResult>;
  maxImportBytes?: number;
  onError?: (err: unknown, where: string) => void;
}

export function createEditorCasesRouter(deps: EditorCasesRouterDeps): Router {
  const { store } = deps;
  const importCases = deps.importCases ?? ((bytes, opts) => importOffThread('cases-jsonl', bytes, opts));
  const router = Router();
  const path = `${EDITOR_PREFIX}/cases`;
  const rawBody = raw({ type: () => true, limit: deps.maxImportBytes ?? 20 * 1024 * 1024 });
  router.use(path, deps.requireRole('editor'));
  const h = createKbHandler(deps.onError);

  router.get(
    path,
    h('get cases', async (_req, res) => {
      const { cases } = await store.getDraft();
      const list = cases.file?.cases ?? [];
      res.json({
        version: cases.version,
        count: list.length,
        withDepartment: list.filter((c) => c.department).length,
        synthetic: list.filter((c) => c.synthetic).length,
      } satisfies KbCasesView);
    }),
  );

  router.put(
    path,
    rawBody,
    h('put cases', async (req, res, author) => {
      const q = CasesQuery.safeParse(req.query);
      if (!q.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(q.error) });
      const source = q.data.source ?? 'cases-jsonl';
      let result: CasesImportResult;
      try {
        result = await importCases(rawBodyOf(req) ?? Buffer.alloc(0), { source });
      } catch (err) {
        if (err instanceof ImportBusyError) {
          res.setHeader('Retry-After', String(err.retryAfterS));
          return sendError(res, 'QH_ERR_RATE_LIMITED', { detail: IMPORT_MESSAGES.busy });
        }
        if (!(err instanceof ImportFileError)) throw err;
        const issues = [{ path: 'file', code: err.problem, message: err.message }, ...err.details.slice(0, 100).map((d) => ({ path: `rows.${d.row}`, code: err.problem, message: d.message }))];
        return sendError(res, 'QH_ERR_VALIDATION', { detail: fileProblemDetail(err.problem), issues });
      }
      const report = {
        dryRun: q.data.dryRun,
        source,
        accepted: result.cases.length,
        withDepartment: result.departmentsFound,
        rejectedCount: result.rejected.length,
        rejected: result.rejected.slice(0, REPORT_ITEMS),
        warningCount: result.warnings.length,
        warnings: result.warnings.slice(0, REPORT_ITEMS),
      };
      if (result.rejected.length > result.cases.length && !q.data.force) {
        return sendError(res, 'QH_ERR_VALIDATION', {
          detail: IMPORT_MESSAGES.mostly_rejected_file,
          issues: result.rejected.slice(0, 20).map((r) => ({ path: `rows.${r.row}`, code: 'rejected', message: r.reason })),
        });
      }
      if (q.data.dryRun) return void res.json({ ...report, changeSetId: null } satisfies KbCasesReport);
      const write = await store.putCases(
        { cases: result.cases },
        { author, source, ...(q.data.expectedVersion !== undefined ? { expectedVersion: q.data.expectedVersion } : {}) },
      );
      res.json({ ...report, version: write.version, changeSetId: write.changeSetId, changed: write.changed, target: CASES_TARGET } satisfies KbCasesReport);
    }),
  );
  return router;
}
