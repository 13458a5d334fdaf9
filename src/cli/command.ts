/**
 * What the line-oriented commands (`policy`, `triage`) share: subcommand dispatch with one usage
 * text, the exit codes (0 done, 1 an input could not be read or had invalid lines, 2 wrong
 * arguments), zod issues as one readable line, and output files written whole or not at all.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { formatIssues, zodIssues } from '../util';

/** Thrown by a subcommand for wrong arguments: the usage is printed, exit code 2. */
export class UsageError extends Error {}

type Values = Record<string, string | boolean | undefined>;

export function runCommand(argv: string[], spec: { usage: string; options: NonNullable<ParseArgsConfig['options']>; commands: Record<string, (values: Values) => number> }): number {
  const usage = (problem?: string): number => {
    process.stderr.write(`${problem ? `${problem}\n\n` : ''}${spec.usage}\n`);
    return problem ? 2 : 0;
  };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...spec.options, help: { type: 'boolean' } } });
  } catch (err) {
    return usage((err as Error).message);
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command) return usage(command ? undefined : 'no command given');
  if (rest.length) return usage(`unexpected arguments: ${rest.join(' ')}`);
  const run = Object.hasOwn(spec.commands, command) ? spec.commands[command] : undefined;
  if (!run) return usage(`unknown command: ${command}`);
  try {
    return run(parsed.values as Values);
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message);
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** A zod failure as one line: `path: message; …` (`(line)` for the record as a whole). */
export const issuesLine = (error: z.ZodError): string => formatIssues(zodIssues(error), '(line)');

/** One line each, through a temporary file: a reader never sees half an output. */
export function writeLinesAtomically(file: string, lines: readonly string[]): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, lines.length ? lines.join('\n') + '\n' : '');
  renameSync(tmp, file);
}
