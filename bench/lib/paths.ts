/** Where the repository and the shared reference data live, resolved from this file so any cwd works. */
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
/** Real public data shared between checkouts; read at run time, never copied into the repo. */
export const dataDir = path.resolve(repoRoot, '../shared/data');
export const sampleKbDir = path.join(repoRoot, 'knowledge-base');
export const evalDir = path.join(repoRoot, 'test/eval');

/** A path as the user should see it: relative to the cwd when that is shorter. */
export function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && rel.length < file.length ? rel : file;
}
