/**
 * The enterprise registry, the 免申即享 notices and verification list, and policy analytics, for
 * editors (role editor; admin passes). Credit codes are shown masked in lists; a lookup by a full
 * code answers with the profile (the caller already holds the code).
 *
 *   GET  /api/v1/admin/enterprises?q&offset&limit        the registry: what it holds, one page of it
 *   GET  /api/v1/admin/enterprises/:creditCode           one enterprise
 *   PUT  /api/v1/admin/enterprises?format=csv|xlsx&dryRun&force
 *                                 a registry file as the raw body (≤ 20 MB); dryRun (default true)
 *                                 reports and writes nothing; otherwise the registry is replaced and
 *                                 the 免申即享 scan runs
 *   GET  /api/v1/admin/policies/notices?policyId&offset&limit        notices kept (sent), newest first
 *   GET  /api/v1/admin/policies/verification?policyId&offset&limit   可能符合: what to verify
 *   POST /api/v1/admin/policies/scan                                 the scan, now
 *   GET  /api/v1/admin/policies/stats                                analytics
 */
import { raw, Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Role } from '../auth';
import { maskUscc, normalizeUscc } from '../identifiers';
import { ImportFileError, ImportWarning, importEnterprisesCsv, importEnterprisesXlsx, RejectedRow, type EnterprisesImportResult } from '../kb/import';
import {
  PolicyNotice,
  PolicyStatsView,
  RegisteredEnterprise,
  RegistryInfo,
  searchDirectory,
  VerificationRow,
  type EnterpriseRegistry,
  type NoticeStore,
  type PolicyStatsStore,
  ScanSummary,
} from '../policies';
import { issuesOf, rawBodyOf, sendError } from '../http-kit';
import { authorOf } from './editor-router';
import { ENTERPRISE_NOT_FOUND, fileProblemDetail, IMPORT_MESSAGES } from './messages';

const Bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const PageQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const RegistryQuery = PageQuery.extend({ q: z.string().trim().max(200).optional() });
const PolicyPageQuery = PageQuery.extend({ policyId: z.string().trim().min(1).max(200).optional() });
const ImportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv'), dryRun: Bool.default(true), force: Bool.default(false) });

const Page = <T extends z.ZodType>(item: T) =>
  z.strictObject({ total: z.number().int().min(0), offset: z.number().int().min(0), limit: z.number().int().min(1), items: z.array(item) });
/** The registry (what it holds) and one page of it, credit codes masked. */
export const EnterprisePage = Page(RegisteredEnterprise).extend({ info: RegistryInfo });

/** PUT the registry: what was (or, in a dry run, would be) stored; a written one adds the registry and the 免申即享 scan it ran. */
export const RegistryImportReport = z.strictObject({
  dryRun: z.boolean(),
  accepted: z.number().int().min(0),
  /** Rows marked 合成数据. */
  synthetic: z.number().int().min(0),
  rejectedCount: z.number().int().min(0),
  rejected: z.array(RejectedRow),
  warningCount: z.number().int().min(0),
  warnings: z.array(ImportWarning),
  info: RegistryInfo.optional(),
  scan: ScanSummary.optional(),
});
export type RegistryImportReport = z.infer<typeof RegistryImportReport>;
export type EnterprisePage = z.infer<typeof EnterprisePage>;
/** Notices kept (sent), newest first, credit codes masked. */
export const NoticePage = Page(PolicyNotice);
export type NoticePage = z.infer<typeof NoticePage>;
/** 可能符合: what to verify, credit codes masked. */
export const VerificationPage = Page(VerificationRow);
export type VerificationPage = z.infer<typeof VerificationPage>;

/** Lists in reports are cut here (the counts are always complete). */
const REPORT_ITEMS = 500;

export interface PolicyAdminRouterDeps {
  registry: EnterpriseRegistry;
  notices: NoticeStore;
  stats: PolicyStatsStore;
  /** The 免申即享 scan over the published policies (after an import too). */
  scan: () => Promise<ScanSummary>;
  /** Policy titles of the published knowledge base, for the analytics. */
  policyTitle: (id: string) => string | undefined;
  requireRole: (role: Role) => RequestHandler;
  maxImportBytes?: number;
  onError?: (err: unknown, where: string) => void;
}

const masked = <T extends { creditCode?: string | undefined }>(row: T): T => (row.creditCode ? { ...row, creditCode: maskUscc(row.creditCode) } : row);

export function createPolicyAdminRouter(deps: PolicyAdminRouterDeps): Router {
  const router = Router();
  router.use(['/api/v1/admin/enterprises', '/api/v1/admin/policies'], deps.requireRole('editor'));
  const h =
    (where: string, fn: (req: Request, res: Response, author: string) => Promise<void>): RequestHandler =>
    async (req, res, next) => {
      const author = authorOf(res);
      if (!author) return sendError(res, 'QH_ERR_UNAUTHORIZED');
      try {
        await fn(req, res, author);
      } catch (err) {
        if (res.headersSent) return next(err);
        deps.onError?.(err, where);
        sendError(res, 'QH_ERR_UNAVAILABLE');
      }
    };

  router.get(
    '/api/v1/admin/enterprises',
    h('list enterprises', async (req, res) => {
      const q = RegistryQuery.safeParse(req.query);
      if (!q.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(q.error) });
      const [info, page] = await Promise.all([deps.registry.info(), searchDirectory(deps.registry, q.data)]);
      res.json({ info, total: page.total, offset: q.data.offset, limit: q.data.limit, items: page.items.map(masked<RegisteredEnterprise>) } satisfies EnterprisePage);
    }),
  );

  router.get(
    '/api/v1/admin/enterprises/:creditCode',
    h('get enterprise', async (req, res) => {
      const found = await deps.registry.findByCreditCode(normalizeUscc(String(req.params.creditCode)));
      if (!found) return sendError(res, 'QH_ERR_NOT_FOUND', { detail: ENTERPRISE_NOT_FOUND });
      res.json(found);
    }),
  );

  router.put(
    '/api/v1/admin/enterprises',
    raw({ type: () => true, limit: deps.maxImportBytes ?? 20 * 1024 * 1024 }),
    h('import enterprises', async (req, res, author) => {
      const q = ImportQuery.safeParse(req.query);
      if (!q.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(q.error) });
      const bytes = rawBodyOf(req) ?? Buffer.alloc(0);
      let result: EnterprisesImportResult;
      try {
        result = q.data.format === 'xlsx' ? await importEnterprisesXlsx(bytes) : importEnterprisesCsv(bytes);
      } catch (err) {
        if (!(err instanceof ImportFileError)) throw err;
        return sendError(res, 'QH_ERR_VALIDATION', {
          detail: fileProblemDetail(err.problem),
          issues: [{ path: 'file', code: err.problem, message: err.message }],
        });
      }
      const report = {
        dryRun: q.data.dryRun,
        accepted: result.enterprises.length,
        synthetic: result.synthetic,
        rejectedCount: result.rejected.length,
        rejected: result.rejected.slice(0, REPORT_ITEMS),
        warningCount: result.warnings.length,
        warnings: result.warnings.slice(0, REPORT_ITEMS),
      };
      if (result.rejected.length > result.enterprises.length && !q.data.force) {
        return sendError(res, 'QH_ERR_VALIDATION', {
          detail: IMPORT_MESSAGES.mostly_rejected_file,
          issues: result.rejected.slice(0, 20).map((r) => ({ path: `rows.${r.row}`, code: 'rejected', message: r.reason })),
        });
      }
      if (q.data.dryRun) return void res.json(report satisfies RegistryImportReport);
      const synthetic = result.synthetic > 0 && result.synthetic === result.enterprises.length;
      const info = await deps.registry.replace(result.enterprises, {
        source: `upload (${q.data.format})`,
        importedAt: new Date().toISOString(),
        importedBy: author,
        ...(synthetic ? { synthetic } : {}),
      });
      res.json({ ...report, info, scan: await deps.scan() } satisfies RegistryImportReport);
    }),
  );

  router.get(
    '/api/v1/admin/policies/notices',
    h('list notices', async (req, res) => {
      const q = PolicyPageQuery.safeParse(req.query);
      if (!q.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(q.error) });
      const page = await deps.notices.list(q.data);
      res.json({ total: page.total, offset: q.data.offset, limit: q.data.limit, items: page.items.map(masked<PolicyNotice>) } satisfies NoticePage);
    }),
  );

  router.get(
    '/api/v1/admin/policies/verification',
    h('list verification', async (req, res) => {
      const q = PolicyPageQuery.safeParse(req.query);
      if (!q.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(q.error) });
      const page = await deps.notices.verification(q.data);
      res.json({ total: page.total, offset: q.data.offset, limit: q.data.limit, items: page.items.map(masked<VerificationRow>) } satisfies VerificationPage);
    }),
  );

  router.post(
    '/api/v1/admin/policies/scan',
    h('scan', async (_req, res) => {
      res.json(await deps.scan());
    }),
  );

  router.get(
    '/api/v1/admin/policies/stats',
    h('policy stats', async (_req, res) => {
      const s = await deps.stats.read();
      res.json({ ...s, policiesMatched: s.policiesMatched.map((p) => ({ ...p, title: deps.policyTitle(p.policyId) ?? null })) } satisfies PolicyStatsView);
    }),
  );
  return router;
}
