/**
 * What every importer returns, and the one error it throws when the input as a whole cannot be read.
 * A bad row is data (rejected, with a reason); a bad file is an error: nothing from it may be written.
 */
import { z } from 'zod';
import { Entry } from '../schema';
import { formatIssues, zodIssues } from '../../util';

/**
 * `row` is 1-based and means what an editor would look up: the spreadsheet row (header = row 1)
 * for CSV and xlsx, the line number for JSON Lines.
 */
export const RejectedRow = z.object({
  row: z.number().int().min(1),
  id: z.string().optional(),
  reason: z.string().min(1),
});
export type RejectedRow = z.infer<typeof RejectedRow>;

export const ImportWarning = z.object({
  row: z.number().int().min(0),
  message: z.string().min(1),
});
export type ImportWarning = z.infer<typeof ImportWarning>;

export const ImportResult = z.object({
  entries: z.array(Entry),
  rejected: z.array(RejectedRow),
  warnings: z.array(ImportWarning),
});
export type ImportResult = z.infer<typeof ImportResult>;

/**
 * Why a whole file was refused. The last five are limits (./limits.ts) and the import's own
 * resources (./off-thread.ts): too many rows or cells, a cell too long, an archive that unpacks too
 * large, more memory or time than an import may use.
 */
export type ImportFileProblem =
  | 'encoding'
  | 'empty'
  | 'columns'
  | 'csv'
  | 'json'
  | 'format'
  | 'too_many_rows'
  | 'too_many_cells'
  | 'cell_too_long'
  | 'unpacked_too_large'
  | 'out_of_memory'
  | 'timeout';

export class ImportFileError extends Error {
  constructor(
    readonly problem: ImportFileProblem,
    message: string,
    /** Line-level details (e.g. every broken JSON line), when there are several. */
    readonly details: { row: number; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/** Options every importer accepts. */
export const ImportOptions = z.object({
  /** Stored as each entry's `source` (e.g. the file name); importers with a fixed origin ignore it. */
  source: z.string().trim().min(1).optional(),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

/** A zod failure as one readable reason: `field: message; field: message`. */
export const describeIssues = (error: z.ZodError): string => formatIssues(zodIssues(error));

/** Drops keys whose value is undefined, so entries hold only the fields the source really had. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
