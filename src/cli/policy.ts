/**
 * The `policy` command:
 *
 *   npm run -s policy -- match --kb <dir> --profiles <file> --out <file> [--on YYYY-MM-DD]
 *       every policy's verdict for each enterprise profile (one JSON object a line in, one out)
 *   npm run -s policy -- extract --in <file> --out <file>
 *       suggested condition items for each policy's conditions clause
 *
 * Output lines: {"id", "size", "results": [{"policyId", "verdict", "met", "unmet", "unknown"}]},
 * every policy listed, eligible first (docs/policies.md). A profile line that is not valid gets
 * {"id", "error"} naming the field, is reported on standard error, and makes the exit code 1.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadKnowledgeBase } from '../kb';
import { parseJsonLines } from '../kb/import';
import { issuesLine, runCommand, UsageError, writeLinesAtomically } from './command';
import { todayInChina } from '../util';
import { EnterpriseProfile, extractConditions, matchPolicies, type MatchablePolicy } from '../policies';

const USAGE = `Usage:
  npm run -s policy -- match --kb <dir> --profiles <file> --out <file> [--on YYYY-MM-DD]
  npm run -s policy -- extract --in <file> --out <file>

match     reads enterprise profiles (JSON Lines: id, name, creditCode, district, industry,
          establishedOn, employees, revenue, assets, registeredCapital, qualifications, rdRatio,
          taxCredit; every field optional) and writes, a line per profile, every policy of the
          knowledge base <dir> with its verdict (eligible, ineligible, unknown) and the items met,
          unmet and unknown. --on is the date years established are counted to (default: today
          in China).
extract   reads conditions clauses (JSON Lines: {"id", "text"}) and writes, a line per clause,
          {"id", "items": [{fact, op, value, text}]}: the condition items the text states
          (注册地, 成立年限, 营业收入, 从业人员, 资产, 注册资本, 研发投入占比, 资质, 纳税信用, 规模, 行业),
          as suggestions for an editor to confirm.

Exit codes: 0 done; 1 an input could not be read, or some profiles were invalid (their lines say
why); 2 wrong arguments.`;

const IsoDate = z.iso.date();

/** Profile fields the matcher does not know are dropped (a registry export carries more), never an error. */
const ProfileLine = z.record(z.string(), z.unknown()).transform((record) => {
  const known = new Set(Object.keys(EnterpriseProfile.shape));
  return Object.fromEntries(Object.entries(record).filter(([key]) => known.has(key)));
});

/** The knowledge base's policies under the ids their source gave them. */
function policiesOf(dir: string): MatchablePolicy[] {
  return loadKnowledgeBase(dir)
    .entries.filter((e) => e.kind === 'policy')
    .map((p) => ({ id: p.sourceId ?? p.id, title: p.title, rules: p.rules }));
}

function runMatch(values: { kb?: string; profiles?: string; out?: string; on?: string }): number {
  if (!values.kb || !values.profiles || !values.out) throw new UsageError('match needs --kb <dir>, --profiles <file> and --out <file>');
  const on = values.on ?? todayInChina();
  if (!IsoDate.safeParse(on).success) throw new UsageError(`--on ${on} is not a date (YYYY-MM-DD)`);
  const policies = policiesOf(values.kb);
  const records = parseJsonLines(readFileSync(values.profiles, 'utf8'), 1_000_000);
  const lines: string[] = [];
  let invalid = 0;
  for (const { line, value } of records) {
    const fallbackId = typeof (value as { id?: unknown } | null)?.id === 'string' ? (value as { id: string }).id : String(line);
    const profile = ProfileLine.pipe(EnterpriseProfile).safeParse(value);
    if (!profile.success) {
      invalid++;
      const error = issuesLine(profile.error);
      process.stderr.write(`line ${line}: ${error}\n`);
      lines.push(JSON.stringify({ id: fallbackId, error }));
      continue;
    }
    const report = matchPolicies(profile.data, policies, on);
    lines.push(
      JSON.stringify({
        id: profile.data.id ?? fallbackId,
        size: report.size,
        results: report.results.map(({ policyId, verdict, met, unmet, unknown }) => ({ policyId, verdict, met, unmet, unknown })),
      }),
    );
  }
  writeLinesAtomically(values.out, lines);
  process.stderr.write(`${records.length - invalid} profiles matched against ${policies.length} policies (on ${on})${invalid ? `; ${invalid} invalid` : ''}\n`);
  return invalid ? 1 : 0;
}

const Clause = z.object({ id: z.union([z.string(), z.number()]).transform(String), text: z.string() });

function runExtract(values: { in?: string; out?: string }): number {
  if (!values.in || !values.out) throw new UsageError('extract needs --in <file> and --out <file>');
  const records = parseJsonLines(readFileSync(values.in, 'utf8'), 1_000_000);
  const lines: string[] = [];
  let invalid = 0;
  for (const { line, value } of records) {
    const clause = Clause.safeParse(value);
    if (!clause.success) {
      invalid++;
      const error = issuesLine(clause.error);
      process.stderr.write(`line ${line}: ${error}\n`);
      // The clause's own id when it has one (as match does for a profile), else its line number.
      const ownId = (value as { id?: unknown } | null)?.id;
      lines.push(JSON.stringify({ id: typeof ownId === 'string' || typeof ownId === 'number' ? String(ownId) : String(line), error }));
      continue;
    }
    lines.push(JSON.stringify({ id: clause.data.id, items: extractConditions(clause.data.text) }));
  }
  writeLinesAtomically(values.out, lines);
  process.stderr.write(`${records.length - invalid} clauses read${invalid ? `; ${invalid} invalid` : ''}\n`);
  return invalid ? 1 : 0;
}


process.exitCode = runCommand(process.argv.slice(2), { usage: USAGE, options: { kb: { type: 'string' }, profiles: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' }, on: { type: 'string' } }, commands: { match: runMatch, extract: runExtract } });
