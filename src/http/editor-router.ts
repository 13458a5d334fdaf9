/**
 * The knowledge editors' API, every route under /api/v1/admin/kb and behind requireRole('editor')
 * (admin passes). The author of every change is the authenticated principal's name. See
 * docs/knowledge-editing.md for the model (versions, change sets, publishing).
 *
 *   GET    /entries?kind&q&department&tag&offset&limit   browse, search, filter the draft
 *   POST   /entries                 {entry}                       create → 201 (409 if the id exists)
 *   GET    /entries/:id                                            entry, version, history
 *   PUT    /entries/:id             {expectedVersion, entry}      update (409 when stale)
 *   DELETE /entries/:id?expectedVersion=n                          delete
 *   GET    /entries/:id/versions[/:version]                        versions with field-level diffs
 *   POST   /entries/:id/rollback    {toVersion}                   restore an old version as a new one
 *   GET|PUT /synonyms               {expectedVersion, groups}     + /synonyms/versions, /synonyms/rollback
 *   GET|PUT /routing                {expectedVersion, routing}    + /routing/versions, /routing/rollback
 *   POST   /import?from=faq-csv|xlsx|gd-items|bundle&dryRun=true|false&mode=merge|replace&source=&force=
 *                                    raw file as the body (not application/json), ≤ 20 MB, ≤ 100,000
 *                                    rows (kb/import/limits.ts); read in a worker thread, one at a time
 *   GET    /export                                                 the whole draft as one JSON bundle
 *   GET    /change-sets, /change-sets/:id; POST /change-sets/:id/rollback {force?}
 *   GET    /audit?since&limit                                      who changed what
 *   POST   /publish                 {note?}                       make the draft live everywhere
 *   GET    /status                                                 draft vs published, this instance's revision
 *
 * Validation failures are 400 with `issues`, each naming its field by dotted path as sent
 * (`entry.question`, `routing.rules.3.department`) with a Chinese message, for the console to show
 * next to the field.
 */
import { json, raw, Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Role } from '../auth';
import { ImportBusyError, ImportFileError, importOffThread, decodeUtf8, type ImportOptions, type ImportResult } from '../kb/import';
import { EntryId, entryTitle, kbSchemaMessageZh } from '../kb';
import {
  ChangeSetRollbackBody,
  CreateBody,
  PublishBody,
  RollbackBody,
  RoutingBody,
  SynonymsBody,
  UpdateBody,
  type ChangeSetDetail,
  type EntryDetail,
  type EntrySummary,
  type EntryListView,
  type EntryWritten,
  type ImportReport,
  type AuditLog,
  type ChangeSetList,
  type ChangeSetRolledBack,
  type KbStatusView,
  type KbPublished,
  type RoutingView,
  type SynonymsView,
  type VersionList,
} from '../kb/store';
import { zodIssues } from '../util';
import {
  ExportBundle,
  ImportMode,
  KbStoreError,
  ListQuery,
  ROUTING_TARGET,
  SYNONYMS_TARGET,
  type DraftEntry,
  type ImportOptionsForStore,
  type ImportPlan,
  type KbStore,
} from '../kb/store';
import { jsonBodyErrorHandler, rawBodyOf, sendError, type ApiIssue } from '../http-kit';
import { EDITOR_MESSAGES, fileProblemDetail, IMPORT_MESSAGES, UNKNOWN_FIELD, zhErrorMap } from './messages';

export const EDITOR_PREFIX = '/api/v1/admin/kb';

export type ImportFormat = 'faq-csv' | 'xlsx' | 'gd-items';
export type Importer = (bytes: Buffer, opts: ImportOptions) => ImportResult | Promise<ImportResult>;

/**
 * Every format is read and mapped in a worker thread (kb/import/off-thread.ts): a 20 MB upload is
 * seconds of JavaScript that would otherwise stop every chat on this instance. One import runs at a
 * time, two wait; more are refused with 429 and Retry-After.
 */
export const defaultImporters: Record<ImportFormat, Importer> = {
  'faq-csv': (bytes, opts) => importOffThread('faq-csv', bytes, opts),
  xlsx: (bytes, opts) => importOffThread('xlsx', bytes, opts),
  'gd-items': (bytes, opts) => importOffThread('gd-items', bytes, opts),
};

export interface EditorRouterDeps {
  store: KbStore;
  /** This instance's live knowledge base: publish waits until it serves the new revision. */
  live?: { revision(): string; refresh?(): Promise<string> };
  /** The auth middleware factory (401 without credentials, 403 without the role; sets res.locals.principal). */
  requireRole: (role: Role) => RequestHandler;
  importers?: Partial<Record<ImportFormat, Importer>>;
  /** Largest import file. Default 20 MiB. */
  maxImportBytes?: number;
  /** Largest JSON body of this router's own parser. Default 5 MiB (a global parser may be stricter). */
  maxJsonBytes?: number;
  /** Unexpected failures (store down …); they answer 503. */
  onError?: (err: unknown, where: string) => void;
}

// ---------------------------------------------------------------- validation

/** zod issues for the console: one per field (unknown keys each get their own), Chinese messages. */
export const editorIssues = (error: z.ZodError, prefix: (string | number)[] = []): ApiIssue[] =>
  zodIssues(error, { prefix, unknownKey: UNKNOWN_FIELD, message: (issue) => kbSchemaMessageZh(issue) ?? issue.message });

function parse<T extends z.ZodType>(schema: T, data: unknown, res: Response): z.infer<T> | undefined {
  const parsed = schema.safeParse(data, { error: zhErrorMap });
  if (parsed.success) return parsed.data;
  sendError(res, 'QH_ERR_VALIDATION', { issues: editorIssues(parsed.error) });
  return undefined;
}

// ---------------------------------------------------------------- request schemas

const Version = z.coerce.number().int().min(0);
const Bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const DeleteQuery = z.object({ expectedVersion: Version.pipe(z.number().min(1)) });
const PageQuery = z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(500).default(50) });
const AuditQuery = z.object({ since: z.iso.datetime({ offset: true }).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });
const ImportQuery = z.object({
  from: z.enum(['faq-csv', 'xlsx', 'gd-items', 'bundle']),
  dryRun: Bool.default(true),
  mode: ImportMode.default('merge'),
  source: z.string().trim().min(1).max(200).optional(),
  force: Bool.default(false),
});

/** Lists in reports are cut here (the counts are always complete). */
const REPORT_ITEMS = 500;
const REPORT_DIFFS = 200;

// ---------------------------------------------------------------- helpers

/** The logged-in editor's name, set by the auth middleware. */
export function authorOf(res: Response): string | undefined {
  const p = res.locals.principal as { name?: unknown } | undefined;
  return typeof p?.name === 'string' && p.name.trim() ? p.name : undefined;
}

function entryView(d: DraftEntry): EntrySummary {
  return {
    id: d.entry.id,
    kind: d.entry.kind,
    title: entryTitle(d.entry),
    department: d.entry.department,
    version: d.version,
    changeSetId: d.changeSetId,
    updatedAt: d.updatedAt,
    updatedBy: d.updatedBy,
    entry: d.entry,
  };
}

export type KbHandler = (
  where: string,
  fn: (req: Request, res: Response, author: string) => Promise<void>,
) => RequestHandler;

/**
 * Wraps an editor's async handler: no author → 401, store refusals → 404/409/400/503,
 * anything unexpected → 503 (reported to onError).
 */
export function createKbHandler(onError?: (err: unknown, where: string) => void): KbHandler {
  return (where, fn) => async (req: Request, res: Response, next: NextFunction) => {
    const author = authorOf(res);
    if (!author) return sendError(res, 'QH_ERR_UNAUTHORIZED');
    try {
      await fn(req, res, author);
    } catch (err) {
      if (res.headersSent) return next(err);
      if (err instanceof KbStoreError) return sendStoreError(res, err);
      onError?.(err, where);
      sendError(res, 'QH_ERR_UNAVAILABLE');
    }
  };
}

/** A knowledge-store refusal as the API reports it. */
export function sendStoreError(res: Response, err: KbStoreError): void {
  switch (err.code) {
    case 'not_found':
      return sendError(res, 'QH_ERR_NOT_FOUND', { detail: err.message });
    case 'conflict':
      return sendError(res, 'QH_ERR_CONFLICT', { detail: err.message, issues: err.issues });
    case 'invalid':
      return sendError(res, 'QH_ERR_VALIDATION', { detail: err.message, issues: err.issues });
    case 'busy':
      return sendError(res, 'QH_ERR_UNAVAILABLE', { detail: err.message });
  }
}

function importReport(plan: ImportPlan, result: ImportResult): Omit<ImportReport, 'dryRun' | 'from' | 'mode' | 'source' | 'changeSetId' | 'seq'> {
  return {
    accepted: result.entries.length,
    rejectedCount: result.rejected.length,
    rejected: result.rejected.slice(0, REPORT_ITEMS),
    warningCount: result.warnings.length,
    warnings: result.warnings.slice(0, REPORT_ITEMS),
    added: { count: plan.added.length, ids: plan.added.slice(0, REPORT_ITEMS).map((e) => e.id) },
    changed: {
      count: plan.changed.length,
      items: plan.changed.slice(0, REPORT_DIFFS).map((c) => ({ id: c.entry.id, version: c.version, diff: c.diff })),
      ids: plan.changed.slice(0, REPORT_ITEMS).map((c) => c.entry.id),
    },
    removed: { count: plan.removed.length, ids: plan.removed.slice(0, REPORT_ITEMS).map((r) => r.entry.id) },
    unchanged: plan.unchanged,
    synonymsChanged: plan.synonymsChanged,
    routingChanged: plan.routingChanged,
  };
}

export function createEditorRouter(deps: EditorRouterDeps): Router {
  const { store } = deps;
  const importers = { ...defaultImporters, ...deps.importers };
  const router = Router();
  const P = EDITOR_PREFIX;
  const jsonBody = json({ limit: deps.maxJsonBytes ?? 5 * 1024 * 1024 });
  const rawBody = raw({ type: () => true, limit: deps.maxImportBytes ?? 20 * 1024 * 1024 });

  // Guard first: nothing below (not even reading a 20 MB body) runs for anyone else.
  router.use(P, deps.requireRole('editor'));

  const h = createKbHandler(deps.onError);

  const entryIdOf = (req: Request, res: Response): string | undefined => {
    const id = String(req.params.id ?? '');
    if (EntryId.safeParse(id).success) return id;
    sendError(res, 'QH_ERR_NOT_FOUND', { detail: EDITOR_MESSAGES.entry_missing(id) });
    return undefined;
  };

  // ------------------------------------------------------------ entries

  router.get(
    `${P}/entries`,
    h('list entries', async (req, res) => {
      const q = parse(ListQuery, req.query, res);
      if (!q) return;
      const list = await store.listEntries(q);
      const page: EntryListView = { total: list.total, offset: list.offset, limit: list.limit, items: list.items.map(entryView) };
      res.json(page);
    }),
  );

  router.post(
    `${P}/entries`,
    jsonBody,
    h('create entry', async (req, res, author) => {
      const body = parse(CreateBody, req.body, res);
      if (!body) return;
      const r = await store.putEntry(body.entry, { author, expectedVersion: 0 });
      res.status(201).json({ entry: r.entry, version: r.version, changeSetId: r.changeSetId });
    }),
  );

  router.get(
    `${P}/entries/:id`,
    h('get entry', async (req, res) => {
      const id = entryIdOf(req, res);
      if (!id) return;
      const [found, history] = await Promise.all([store.getEntry(id), store.history(id)]);
      if (!found) return sendError(res, 'QH_ERR_NOT_FOUND', { detail: history.length ? EDITOR_MESSAGES.entry_deleted(id) : EDITOR_MESSAGES.entry_missing(id) });
      const detail: EntryDetail = { ...entryView(found), history: history.slice(0, 50), historyCount: history.length };
      res.json(detail);
    }),
  );

  router.put(
    `${P}/entries/:id`,
    jsonBody,
    h('update entry', async (req, res, author) => {
      const id = entryIdOf(req, res);
      if (!id) return;
      const body = parse(UpdateBody, req.body, res);
      if (!body) return;
      if (body.entry.id !== id) {
        return sendError(res, 'QH_ERR_VALIDATION', {
          issues: [{ path: 'entry.id', code: 'id_mismatch', message: EDITOR_MESSAGES.id_mismatch(id) }],
        });
      }
      const r = await store.putEntry(body.entry, { author, expectedVersion: body.expectedVersion });
      const written: EntryWritten = { entry: r.entry, version: r.version, changeSetId: r.changeSetId, changed: r.changed };
      res.json(written);
    }),
  );

  router.delete(
    `${P}/entries/:id`,
    h('delete entry', async (req, res, author) => {
      const id = entryIdOf(req, res);
      if (!id) return;
      const q = parse(DeleteQuery, req.query, res);
      if (!q) return;
      const r = await store.deleteEntry(id, { author, expectedVersion: q.expectedVersion });
      res.json(r);
    }),
  );

  const versionsRoutes = (path: string, targetOf: (req: Request, res: Response) => string | undefined) => {
    router.get(
      `${path}/versions`,
      h('versions', async (req, res) => {
        const target = targetOf(req, res);
        if (!target) return;
        const versions = await store.history(target);
        if (!versions.length) return sendError(res, 'QH_ERR_NOT_FOUND', { detail: EDITOR_MESSAGES.no_versions(target) });
        res.json({ target, versions } satisfies VersionList);
      }),
    );
    router.get(
      `${path}/versions/:version`,
      h('version', async (req, res) => {
        const target = targetOf(req, res);
        if (!target) return;
        const n = Version.safeParse(req.params.version);
        const v = n.success ? await store.version(target, n.data) : undefined;
        if (!v) return sendError(res, 'QH_ERR_NOT_FOUND', { detail: EDITOR_MESSAGES.version_missing(target, String(req.params.version)) });
        res.json(v);
      }),
    );
    router.post(
      `${path}/rollback`,
      jsonBody,
      h('rollback', async (req, res, author) => {
        const target = targetOf(req, res);
        if (!target) return;
        const body = parse(RollbackBody, req.body, res);
        if (!body) return;
        res.json(await store.rollbackEntry(target, body.toVersion, { author }));
      }),
    );
  };
  versionsRoutes(`${P}/entries/:id`, entryIdOf);

  // ------------------------------------------------------------ synonyms and routing

  router.get(
    `${P}/synonyms`,
    h('get synonyms', async (_req, res) => {
      const { synonyms } = await store.getDraft();
      res.json({ groups: synonyms.groups, version: synonyms.version } satisfies SynonymsView);
    }),
  );
  router.put(
    `${P}/synonyms`,
    jsonBody,
    h('put synonyms', async (req, res, author) => {
      const body = parse(SynonymsBody, req.body, res);
      if (!body) return;
      res.json(await store.putSynonyms(body.groups, { author, expectedVersion: body.expectedVersion }));
    }),
  );
  versionsRoutes(`${P}/synonyms`, () => SYNONYMS_TARGET);

  router.get(
    `${P}/routing`,
    h('get routing', async (_req, res) => {
      const { routing } = await store.getDraft();
      res.json({ routing: routing.file, version: routing.version } satisfies RoutingView);
    }),
  );
  router.put(
    `${P}/routing`,
    jsonBody,
    h('put routing', async (req, res, author) => {
      const body = parse(RoutingBody, req.body, res);
      if (!body) return;
      res.json(await store.putRouting(body.routing, { author, expectedVersion: body.expectedVersion }));
    }),
  );
  versionsRoutes(`${P}/routing`, () => ROUTING_TARGET);

  // ------------------------------------------------------------ import and export

  router.post(
    `${P}/import`,
    rawBody,
    h('import', async (req, res, author) => {
      const q = parse(ImportQuery, req.query, res);
      if (!q) return;
      const bytes = rawBodyOf(req) ?? Buffer.alloc(0);
      const source = q.source ?? q.from;
      let result: ImportResult;
      let opts: Omit<ImportOptionsForStore, 'author' | 'source'> = { mode: q.mode };
      try {
        if (q.from === 'bundle') {
          let data: unknown;
          try {
            data = JSON.parse(decodeUtf8(bytes));
          } catch (err) {
            if (err instanceof ImportFileError) throw err;
            throw new ImportFileError('json', `not a JSON export bundle: ${(err as Error).message}`);
          }
          const bundle = ExportBundle.safeParse(data, { error: zhErrorMap });
          if (!bundle.success) return sendError(res, 'QH_ERR_VALIDATION', { detail: EDITOR_MESSAGES.not_a_bundle(), issues: editorIssues(bundle.error) });
          const b = bundle.data;
          result = { entries: b.entries, rejected: [], warnings: [] };
          // A bundle is the whole knowledge base: it replaces every kind, synonyms, routing, manifest and the cases it has.
          opts = { mode: 'replace', kinds: ['item', 'policy', 'faq'], synonyms: b.synonyms.groups, routing: b.routing, manifest: b.manifest, ...(b.cases !== undefined ? { cases: b.cases } : {}) };
        } else {
          result = await importers[q.from](bytes, q.source ? { source: q.source } : {});
        }
      } catch (err) {
        if (err instanceof ImportBusyError) {
          // A limit of this API, like a rate limit (not a fault of the server): 429 with Retry-After.
          res.setHeader('Retry-After', String(err.retryAfterS));
          return sendError(res, 'QH_ERR_RATE_LIMITED', { detail: IMPORT_MESSAGES.busy });
        }
        if (!(err instanceof ImportFileError)) throw err;
        const issues: ApiIssue[] = [
          { path: 'file', code: err.problem, message: err.message },
          ...err.details.slice(0, 100).map((d) => ({ path: `rows.${d.row}`, code: err.problem, message: d.message })),
        ];
        return sendError(res, 'QH_ERR_VALIDATION', { detail: fileProblemDetail(err.problem), issues });
      }
      const head = { dryRun: q.dryRun, from: q.from, mode: opts.mode, source };
      if (q.dryRun) {
        const plan = await store.planImport(result.entries, opts);
        res.json({ ...head, ...importReport(plan, result), changeSetId: null } satisfies ImportReport);
        return;
      }
      if (result.rejected.length > result.entries.length && !q.force) {
        return sendError(res, 'QH_ERR_VALIDATION', {
          detail: IMPORT_MESSAGES.mostly_rejected,
          issues: result.rejected.slice(0, 20).map((r) => ({ path: `rows.${r.row}`, code: 'rejected', message: r.reason })),
        });
      }
      const outcome = await store.applyImport(result.entries, { ...opts, author, source });
      res.json({ ...head, ...importReport(outcome, result), changeSetId: outcome.changeSetId, seq: outcome.seq } satisfies ImportReport);
    }),
  );

  router.get(
    `${P}/export`,
    h('export', async (_req, res) => {
      const bundle = await store.exportKb();
      res.setHeader('Content-Disposition', `attachment; filename="qihu-kb-${bundle.seq}.json"`);
      res.json(bundle);
    }),
  );

  // ------------------------------------------------------------ change sets, audit

  router.get(
    `${P}/change-sets`,
    h('list change sets', async (req, res) => {
      const q = parse(PageQuery, req.query, res);
      if (!q) return;
      const items = await store.listChangeSets(q);
      res.json({ offset: q.offset, limit: q.limit, items: items.map(({ targets, ...cs }) => ({ ...cs, targetCount: targets.length })) } satisfies ChangeSetList);
    }),
  );

  router.get(
    `${P}/change-sets/:id`,
    h('get change set', async (req, res) => {
      const cs = await store.changeSet(String(req.params.id));
      if (!cs) return sendError(res, 'QH_ERR_NOT_FOUND', { detail: EDITOR_MESSAGES.change_set_missing(String(req.params.id)) });
      const shown = cs.targets.slice(0, REPORT_DIFFS);
      const versions = await Promise.all(shown.map((t) => store.version(t.target, t.to)));
      const detail: ChangeSetDetail = { ...cs, changes: shown.map((t, i) => ({ ...t, diff: versions[i]?.diff ?? [] })) };
      res.json(detail);
    }),
  );

  router.post(
    `${P}/change-sets/:id/rollback`,
    jsonBody,
    h('rollback change set', async (req, res, author) => {
      const body = parse(ChangeSetRollbackBody, req.body ?? {}, res);
      if (!body) return;
      const rolledBack: ChangeSetRolledBack = await store.rollbackChangeSet(String(req.params.id), { author, force: body.force });
      res.json(rolledBack);
    }),
  );

  router.get(
    `${P}/audit`,
    h('audit', async (req, res) => {
      const q = parse(AuditQuery, req.query, res);
      if (!q) return;
      res.json({ records: await store.auditLog(q) } satisfies AuditLog);
    }),
  );

  // ------------------------------------------------------------ publish, status

  router.post(
    `${P}/publish`,
    jsonBody,
    h('publish', async (req, res, author) => {
      const body = parse(PublishBody, req.body ?? {}, res);
      if (!body) return;
      const r = await store.publish({ author, note: body.note });
      // Answer once this instance serves it (the others follow through the channel).
      const live = deps.live?.refresh ? await deps.live.refresh() : deps.live?.revision();
      const published: KbPublished = { ...r, ...(live === undefined ? {} : { live }) };
      res.json(published);
    }),
  );

  router.get(
    `${P}/status`,
    h('status', async (_req, res) => {
      const s = await store.status();
      const status: KbStatusView = { ...s, live: deps.live ? { revision: deps.live.revision() } : null };
      res.json(status);
    }),
  );

  router.use(P, jsonBodyErrorHandler);
  return router;
}
