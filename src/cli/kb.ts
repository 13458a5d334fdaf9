/**
 * The `kb` command: import a catalogue into a knowledge-base directory, or validate one.
 * Nothing is ever half-written: an unreadable input, a mostly rejected input or an invalid result
 * leaves the output directory as it was.
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  CASES_FILE,
  ENTERPRISES_FILE,
  KbLoadError,
  MANIFEST_FILE,
  formatProblem,
  loadCases,
  loadEnterprises,
  loadKnowledgeBase,
  writeCases,
  writeEnterprises,
  writeKnowledgeBase,
  type KnowledgeBase,
} from '../kb';
import { createEngine, type CalibrationSummary } from '../engine';
import {
  ImportFileError,
  importCasesJsonl,
  importEnterprisesCsv,
  importEnterprisesXlsx,
  importFaqCsv,
  importGdItems,
  importPoliciesJsonl,
  importXlsx,
  type CasesImportResult,
  type EnterprisesImportResult,
  type ImportResult,
} from '../kb/import';

/** Warnings listed without --verbose. */
const WARNINGS_SHOWN = 20;

const USAGE = `Usage:
  npm run kb -- import --from faq-csv|xlsx|gd-items|policies-jsonl|cases-jsonl|enterprises-csv|enterprises-xlsx <file> --out <dir> [--name <text>] [--dry-run] [--verbose]
  npm run kb -- validate <dir>

import    reads <file> in the given format and writes a knowledge base to <dir>, replacing it
          atomically. Rows that cannot become entries are listed with their reason and skipped.
            faq-csv   CSV (UTF-8) with columns id, question, answer, department [, alternates, tags];
                      Chinese headers work too (编号, 问题/标准问题, 答案/回答, 部门/责任部门,
                      相似问法/相似问题, 标签); alternates are separated by "|".
            xlsx      the same columns on the first sheet of an .xlsx workbook.
            gd-items  the Guangdong service-item catalogue (JSON Lines, gd-service-items.jsonl).
            policies-jsonl  policies, one JSON object a line: {"id", "title", "summary"?, "department"?,
                      "benefit"?, "exemptApplication"?, "eligibility": <rules>} (docs/policies.md).
            cases-jsonl  past messages with their replies, one JSON object a line: {"id", "title",
                      "text", "reply", "time"?, "reply_time"?, "department"?} (docs/cases.md).
                      Writes <dir>/${CASES_FILE} only: the entries of an existing base stay as they are.
            enterprises-csv  the enterprise registry (docs/policies.md), one enterprise a row: 企业名称/name,
                      统一社会信用代码/creditCode, 所属区/district, 行业代码/industry, 成立日期/establishedOn,
                      从业人员/employees, 营业收入(万元)/revenue, 资产总额/assets, 注册资本/registeredCapital,
                      资质/qualifications (separated by 、 or ;), 研发投入占比/rdRatio, 纳税信用等级/taxCredit.
                      Writes <dir>/${ENTERPRISES_FILE} only, like cases-jsonl.
            enterprises-xlsx  the same columns on the first sheet of an .xlsx workbook.
          --out <dir>   where to write; an existing directory must be a knowledge base (has ${MANIFEST_FILE}).
          --name <text> the knowledge base's name in ${MANIFEST_FILE} (default: "Imported from <file>").
          --dry-run     report what would be imported; write nothing (--out may be left out).
          --verbose     list every warning, not just the first ${WARNINGS_SHOWN}.
validate  loads <dir> and prints its entry counts, or every problem found (file, entry, field).

Exit codes:
  0  done (rejected rows, if any, are listed; the accepted entries were written)
  1  the input file cannot be read as a whole (not UTF-8, missing columns, broken JSON line, empty,
     not an .xlsx) or the knowledge base is invalid: nothing written
  2  wrong arguments: nothing written
  3  more than half of the rows were rejected, which usually means the wrong --from or wrong
     columns: nothing written`;


const Format = z.enum(['faq-csv', 'xlsx', 'gd-items', 'policies-jsonl', 'cases-jsonl', 'enterprises-csv', 'enterprises-xlsx']);
const FORMATS = 'faq-csv, xlsx, gd-items, policies-jsonl, cases-jsonl, enterprises-csv or enterprises-xlsx';
type Format = z.infer<typeof Format>;

const ImportArgs = z.object({
  from: Format,
  file: z.string().min(1),
  out: z.string().min(1).optional(),
  name: z.string().trim().min(1).optional(),
  dryRun: z.boolean(),
  verbose: z.boolean(),
});
type ImportArgs = z.infer<typeof ImportArgs>;

/** Wrong arguments: shown with the usage text, exit 2. */
class UsageError extends Error {}

/** A failure already explained to the user, with its exit code. */
class ExitError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        from: { type: 'string' },
        out: { type: 'string' },
        name: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function importArgs(values: ReturnType<typeof parse>['values'], files: string[]): ImportArgs {
  if (!values.from) throw new UsageError(`import needs --from ${FORMATS}`);
  if (!Format.safeParse(values.from).success) {
    throw new UsageError(`unknown format --from ${values.from}: use ${FORMATS}`);
  }
  if (files.length !== 1) {
    throw new UsageError(files.length ? `import takes one file, got ${files.length}: ${files.join(' ')}` : 'import needs the file to read');
  }
  if (!values.out && !values['dry-run']) throw new UsageError('import needs --out <dir> (or --dry-run)');
  if (values.name !== undefined && !values.name.trim()) throw new UsageError('--name must not be empty');
  return ImportArgs.parse({
    from: values.from,
    file: files[0],
    out: values.out,
    name: values.name,
    dryRun: values['dry-run'],
    verbose: values.verbose,
  });
}

/** Refuses to replace something that is not a knowledge base: the writer swaps the whole directory. */
function checkOut(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new UsageError(`--out ${out} exists and is not a directory`);
  if (readdirSync(out).length && !existsSync(join(out, MANIFEST_FILE))) {
    throw new UsageError(`--out ${out} is a non-empty directory without ${MANIFEST_FILE}; refusing to replace it`);
  }
}

function readInput(file: string): Buffer {
  try {
    if (statSync(file).isDirectory()) throw new Error('it is a directory');
    return readFileSync(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ExitError(`cannot read ${file}: ${reason}`, 1);
  }
}

async function runImporter(from: Exclude<Format, 'cases-jsonl' | 'enterprises-csv' | 'enterprises-xlsx'>, bytes: Buffer, file: string): Promise<ImportResult> {
  const source = basename(file);
  switch (from) {
    case 'faq-csv':
      return importFaqCsv(bytes, { source });
    case 'xlsx':
      return importXlsx(bytes, { source });
    case 'gd-items':
      return importGdItems(bytes);
    case 'policies-jsonl':
      return importPoliciesJsonl(bytes, { source });
  }
}

function printReport(result: Pick<ImportResult, 'rejected' | 'warnings'> & { accepted: number }, verbose: boolean): void {
  const total = result.accepted + result.rejected.length;
  console.log(`accepted: ${result.accepted} of ${total} rows`);
  if (result.rejected.length) {
    console.log(`rejected: ${result.rejected.length}`);
    for (const r of result.rejected) console.log(`  row ${r.row}${r.id ? ` (id ${r.id})` : ''}: ${r.reason}`);
  }
  if (result.warnings.length) {
    console.log(`warnings: ${result.warnings.length}`);
    const shown = verbose ? result.warnings : result.warnings.slice(0, WARNINGS_SHOWN);
    for (const w of shown) console.log(`  row ${w.row}: ${w.message}`);
    if (shown.length < result.warnings.length) {
      console.log(`  … and ${result.warnings.length - shown.length} more (--verbose lists them all)`);
    }
  }
}

function counts(kb: KnowledgeBase): string {
  const byKind = { item: 0, policy: 0, faq: 0 };
  for (const entry of kb.entries) byKind[entry.kind] += 1;
  return `${kb.entries.length} entries (items ${byKind.item}, policies ${byKind.policy}, faq ${byKind.faq}), ${kb.synonyms.length} synonym groups`;
}

/**
 * Writes to a staging directory first and loads it back; only a base that loads replaces `out`, so
 * a bug in an importer can never leave an invalid base where a good one was.
 */
function writeChecked(out: string, kb: KnowledgeBase): KnowledgeBase {
  const staging = join(dirname(out), `.${basename(out)}.staging-${process.pid}`);
  try {
    writeKnowledgeBase(staging, kb);
    const checked = loadKnowledgeBase(staging);
    writeKnowledgeBase(out, checked);
    return loadKnowledgeBase(out);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Runs an importer; a file it refuses as a whole is exit 1 with its reason. */
async function readAs<T>(args: ImportArgs, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ImportFileError) {
      const details = err.details.length > 1 ? '\n' + err.details.map((d) => `  ${d.message}`).join('\n') : '';
      throw new ExitError(`cannot import ${args.file} as ${args.from}: ${err.message}${details}\nnothing was written`, 1);
    }
    throw err;
  }
}

/** Prints the report; refuses (exit 3) a file mostly rejected. */
function report(args: ImportArgs, result: Pick<ImportResult, 'rejected' | 'warnings'> & { accepted: number }): void {
  console.log(`${args.from}: ${args.file}`);
  printReport(result, args.verbose);
  const total = result.accepted + result.rejected.length;
  if (result.rejected.length * 2 > total) {
    throw new ExitError(
      `more than half of the rows (${result.rejected.length} of ${total}) were rejected: is --from ${args.from} the right format? nothing was written`,
      3,
    );
  }
}

/** Past cases go into <out>/cases.json; the rest of the base is left as it is. */
async function runCasesImport(args: ImportArgs, out: string | undefined, bytes: Buffer): Promise<number> {
  const source = basename(args.file);
  const result: CasesImportResult = await readAs(args, () => importCasesJsonl(bytes, { source }));
  report(args, { ...result, accepted: result.cases.length });
  console.log(`departments: ${result.departmentsFound} of ${result.cases.length} cases name one in the reply; the others have none`);
  if (args.dryRun || !out) {
    console.log('dry run: nothing written');
    return 0;
  }
  writeCases(out, { cases: result.cases }, { name: args.name ?? `Imported from ${source}`, sample: false, generatedAt: new Date().toISOString() });
  const written = loadCases(out);
  console.log(`wrote ${join(out, CASES_FILE)}: ${written?.cases.length ?? 0} past cases; it loads cleanly`);
  return 0;
}

/** The enterprise registry goes into <out>/enterprises.json; the rest of the base is left as it is. */
async function runEnterprisesImport(args: ImportArgs, out: string | undefined, bytes: Buffer): Promise<number> {
  const source = basename(args.file);
  const result: EnterprisesImportResult = await readAs(args, () => (args.from === 'enterprises-xlsx' ? importEnterprisesXlsx(bytes) : importEnterprisesCsv(bytes)));
  report(args, { ...result, accepted: result.enterprises.length });
  const withCode = result.enterprises.filter((e) => e.creditCode).length;
  console.log(`credit codes: ${withCode} of ${result.enterprises.length} enterprises have one${result.synthetic ? `; ${result.synthetic} rows are marked synthetic` : ''}`);
  if (args.dryRun || !out) {
    console.log('dry run: nothing written');
    return 0;
  }
  const synthetic = result.synthetic > 0 && result.synthetic === result.enterprises.length;
  writeEnterprises(
    out,
    { source, ...(synthetic ? { synthetic } : {}), enterprises: result.enterprises },
    { name: args.name ?? `Imported from ${source}`, sample: false, generatedAt: new Date().toISOString() },
  );
  const written = loadEnterprises(out);
  console.log(`wrote ${join(out, ENTERPRISES_FILE)}: ${written?.file.enterprises.length ?? 0} enterprises; it loads cleanly`);
  return 0;
}

async function runImport(args: ImportArgs): Promise<number> {
  const out = args.out && resolve(args.out);
  if (out) checkOut(out);
  const bytes = readInput(args.file);
  const from = args.from;
  if (from === 'cases-jsonl') return runCasesImport(args, out, bytes);
  if (from === 'enterprises-csv' || from === 'enterprises-xlsx') return runEnterprisesImport(args, out, bytes);
  const result = await readAs(args, () => runImporter(from, bytes, args.file));
  report(args, { ...result, accepted: result.entries.length });
  if (args.dryRun || !out) {
    console.log('dry run: nothing written');
    return 0;
  }

  const source = basename(args.file);
  const kb: KnowledgeBase = {
    manifest: {
      name: args.name ?? `Imported from ${source}`,
      description: `kb import --from ${args.from} ${source}: ${result.entries.length} entries, ${result.rejected.length} rows rejected`,
      sample: false,
      generatedAt: new Date().toISOString(),
    },
    entries: result.entries,
    synonyms: [],
  };
  const written = writeChecked(out, kb);
  console.log(`wrote ${out}: ${counts(written)}; it loads cleanly`);
  return 0;
}

/** The decision calibration the engine derives from this knowledge base (docs/engine.md § 6). */
function describeCalibration(c: CalibrationSummary): string {
  const pct = (v: number) => `${Math.round(v * 100)} %`;
  const main = ['runnerUpRatio', 'log(lead)', 'nameCoverage', 'questionCoverage', 'missedMax', 'unseenShare']
    .map((k) => `${k} ${c.weights[k]?.toFixed(2)}`)
    .join(', ');
  return [
    `calibration: ${c.pseudoQuestions} pseudo-questions made from the entries, ${pct(c.rankedFirst)} ranked their source first;`,
    `  the fitted model tells right from wrong best matches with AUC ${c.separation.toFixed(2)} (${c.milliseconds} ms)`,
    `  answers at confidence ≥ ${c.thresholds.answer}, offers choices at ≥ ${c.thresholds.clarify}; main weights: ${main}`,
  ].join('\n');
}

function runValidate(files: string[]): number {
  if (files.length !== 1) throw new UsageError('validate takes one knowledge-base directory');
  const dir = resolve(files[0]!);
  try {
    const kb = loadKnowledgeBase(dir);
    const cases = loadCases(dir);
    console.log(`${dir} is valid: "${kb.manifest.name}", ${counts(kb)}${cases ? `, ${cases.cases.length} past cases` : ''}`);
    console.log(describeCalibration(createEngine(kb).calibration));
    return 0;
  } catch (err) {
    if (!(err instanceof KbLoadError)) throw err;
    console.error(`${dir} is invalid: ${err.problems.length} problem(s)`);
    for (const problem of err.problems) console.error(formatProblem(problem));
    return 1;
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  switch (command) {
    case 'import':
      return runImport(importArgs(values, rest));
    case 'validate':
      for (const option of ['from', 'out', 'name'] as const) {
        if (values[option] !== undefined) throw new UsageError(`--${option} is an import option`);
      }
      return runValidate(rest);
    case undefined:
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`kb: ${err.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (err instanceof ExitError) {
      console.error(`kb: ${err.message}`);
      process.exitCode = err.code;
    } else {
      // Unexpected: still one readable line; KB_DEBUG=1 shows the stack for whoever fixes it.
      console.error(`kb: failed: ${err instanceof Error ? err.message : String(err)}`);
      if (process.env.KB_DEBUG && err instanceof Error) console.error(err.stack);
      process.exitCode = 1;
    }
  },
);
