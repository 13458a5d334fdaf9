/**
 * The `triage` command:
 *
 *   npm run -s triage -- train --from <file> --out <dir>
 *       learns a triage model from labelled history (JSON Lines {"text","category","department"?})
 *   npm run -s triage -- classify --model <dir> --cases <file> --out <file>
 *       one output line per input line, in input order: {"text","category","confidence","department"?}
 *
 * docs/triage.md describes the method and how it was measured.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { join } from 'node:path';
import { MODEL_FILE, ModelManifest, trainModel, TriageClassifier, TrainingExample, writeModelFile } from '../classifier';
import { parseJsonLines } from '../kb/import';
import { formatIssues, zodIssues } from '../util';
import { issuesLine, runCommand, UsageError, writeLinesAtomically } from './command';

const USAGE = `Usage:
  npm run -s triage -- train --from <file> --out <dir>
  npm run -s triage -- classify --model <dir> --cases <file> --out <file>

train     reads labelled messages (JSON Lines: {"text", "category", "department"?}; other fields
          are ignored) and writes the model to <dir>/triage-model.json. It prints the
          cross-validated accuracy and macro-F1 it measured while training.
classify  reads messages (JSON Lines with a "text" field; other fields are ignored) and writes a
          line per message, in input order: {"text", "category", "confidence", "department"?}
          (department when the model learned departments). A line without text gets
          {"text", "error"} and makes the exit code 1.

Exit codes: 0 done; 1 a file could not be read or written (the message names it and says why) or
some lines were invalid; 2 wrong arguments.`;

/** What went wrong with a file, without Node's error codes: "no such file or directory". */
function fileProblem(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^E[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
}

function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${fileProblem(err)}`, { cause: err });
  }
}

function writeOutput(target: string, write: () => void): void {
  try {
    write();
  } catch (err) {
    throw new Error(`cannot write ${target}: ${fileProblem(err)}`, { cause: err });
  }
}

/** The model a `train --out` folder holds, or a message saying what is wrong with it. */
function loadClassifier(dir: string): TriageClassifier {
  const file = join(dir, MODEL_FILE);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = err instanceof SyntaxError ? `it is not JSON (${err.message})` : fileProblem(err);
    throw new Error(`cannot read the model ${file}: ${why}; a model folder is what \`triage train --out <dir>\` writes`, { cause: err });
  }
  const parsed = ModelManifest.safeParse(json);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
    throw new Error(`${file} is not a triage model: ${formatIssues(issues.slice(0, 5), '(model)')}${more}`);
  }
  return new TriageClassifier(parsed.data);
}

function runTrain(values: { from?: string; out?: string }): number {
  if (!values.from || !values.out) throw new UsageError('train needs --from <file> and --out <dir>');
  const records = parseJsonLines(readInput(values.from), 2_000_000);
  const examples: TrainingExample[] = [];
  const invalid: string[] = [];
  for (const { line, value } of records) {
    const parsed = TrainingExample.safeParse(value);
    if (parsed.success) examples.push(parsed.data);
    else invalid.push(`line ${line}: ${issuesLine(parsed.error)}`);
  }
  // Training on part of a file the user believes is whole would give a model nobody asked for.
  if (invalid.length) {
    process.stderr.write(`${invalid.length} line(s) are not labelled messages; nothing was written:\n${invalid.slice(0, 10).join('\n')}\n`);
    return 1;
  }
  const started = Date.now();
  const model = trainModel(examples);
  writeOutput(values.out, () => writeModelFile(join(values.out!, MODEL_FILE), model));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(`trained on ${examples.length} messages in ${seconds} s: model ${model.version} in ${values.out}\n`);
  for (const head of model.heads) {
    const cv = head.crossValidation;
    process.stderr.write(
      `  ${head.label}: ${head.classes.length} classes, ${cv.folds}-fold accuracy ${(cv.accuracy * 100).toFixed(1)} %, macro-F1 ${(cv.macroF1 * 100).toFixed(1)} %, review below confidence ${head.reviewBelow.toFixed(2)}\n`,
    );
  }
  return 0;
}

const CaseLine = z.looseObject({ text: z.string().min(1) });

function runClassify(values: { model?: string; cases?: string; out?: string }): number {
  if (!values.model || !values.cases || !values.out) throw new UsageError('classify needs --model <dir>, --cases <file> and --out <file>');
  const classifier = loadClassifier(values.model);
  const records = parseJsonLines(readInput(values.cases), 2_000_000);
  const lines: string[] = [];
  let invalid = 0;
  for (const { line, value } of records) {
    const parsed = CaseLine.safeParse(value);
    if (!parsed.success) {
      invalid++;
      const error = issuesLine(parsed.error);
      process.stderr.write(`line ${line}: ${error}\n`);
      const text = (value as { text?: unknown } | null)?.text;
      lines.push(JSON.stringify({ text: typeof text === 'string' ? text : '', error }));
      continue;
    }
    const result = classifier.classify(parsed.data.text);
    lines.push(
      JSON.stringify({
        text: parsed.data.text,
        category: result.category.label,
        confidence: Number(result.category.confidence.toFixed(4)),
        ...(result.department ? { department: result.department.label } : {}),
      }),
    );
  }
  writeOutput(values.out, () => writeLinesAtomically(values.out!, lines));
  process.stderr.write(`${records.length - invalid} messages classified with model ${classifier.version}${invalid ? `; ${invalid} invalid` : ''}\n`);
  return invalid ? 1 : 0;
}

process.exitCode = runCommand(process.argv.slice(2), { usage: USAGE, options: { from: { type: 'string' }, out: { type: 'string' }, model: { type: 'string' }, cases: { type: 'string' } }, commands: { train: runTrain, classify: runClassify } });
