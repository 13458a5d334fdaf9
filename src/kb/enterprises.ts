/**
 * The enterprise registry a knowledge-base directory brings: its enterprises.json (written by
 * `kb import --from enterprises-csv|enterprises-xlsx`), else the synthetic sample CSV the shipped
 * base has. The server seeds an empty registry store from it, as it seeds the knowledge store.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnterprisesFile } from '../policies';
import { importEnterprisesCsv } from './import/enterprises';
import { ENTERPRISES_FILE, ENTERPRISES_SAMPLE_FILE } from './layout';
import { KbLoadError, issuesToProblems } from './load';

/** The registry of `dir` with the file it came from, or null when the directory has none. An invalid file fails whole. */
export function loadEnterprises(dir: string): { file: EnterprisesFile; from: string } | null {
  const path = join(dir, ENTERPRISES_FILE);
  if (existsSync(path)) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new KbLoadError(dir, [{ file: ENTERPRISES_FILE, message: `not valid JSON: ${(err as Error).message}` }]);
    }
    const parsed = EnterprisesFile.safeParse(data);
    if (!parsed.success) throw new KbLoadError(dir, issuesToProblems(parsed.error, ENTERPRISES_FILE).slice(0, 100));
    return { file: parsed.data, from: ENTERPRISES_FILE };
  }
  const sample = join(dir, ENTERPRISES_SAMPLE_FILE);
  if (!existsSync(sample)) return null;
  const result = importEnterprisesCsv(readFileSync(sample));
  if (result.rejected.length) {
    throw new KbLoadError(dir, result.rejected.slice(0, 100).map((r) => ({ file: ENTERPRISES_SAMPLE_FILE, message: `row ${r.row}: ${r.reason}` })));
  }
  return { file: { source: ENTERPRISES_SAMPLE_FILE, synthetic: result.synthetic === result.enterprises.length, enterprises: result.enterprises }, from: ENTERPRISES_SAMPLE_FILE };
}
