/**
 * Writes a knowledge base directory atomically: everything goes to a sibling temporary directory,
 * which replaces the target only once complete, so a failure never leaves a partial base behind.
 */
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync, existsSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { EnterprisesFile } from '../policies';
import type { CasesFile } from './cases';
import type { Entry, KnowledgeBase } from './schema';
import { CASES_FILE, ENTERPRISES_FILE, ENTRY_DIRS, MANIFEST_FILE, SYNONYMS_FILE } from './layout';

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n', 'utf8');
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Entries without their `kind`: the folder already says it. */
function stripKind(entry: Entry): Omit<Entry, 'kind'> {
  const { kind: _kind, ...rest } = entry;
  return rest;
}

/**
 * The base's cases.json and enterprises.json, if it has them, go along: they are imported on their
 * own (writeCases, writeEnterprises), and importing entries again must not lose them.
 */
export function writeKnowledgeBase(dir: string, kb: KnowledgeBase, fileStem = 'entries'): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(dir)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp);
  try {
    writeJson(join(tmp, MANIFEST_FILE), kb.manifest);
    if (kb.synonyms.length) writeJson(join(tmp, SYNONYMS_FILE), { groups: kb.synonyms });
    for (const [kind, sub] of Object.entries(ENTRY_DIRS)) {
      const ofKind = kb.entries.filter((e) => e.kind === kind).map(stripKind);
      if (!ofKind.length) continue;
      mkdirSync(join(tmp, sub));
      writeJson(join(tmp, sub, `${fileStem}.json`), ofKind);
    }
    for (const kept of [CASES_FILE, ENTERPRISES_FILE]) if (existsSync(join(dir, kept))) copyFileSync(join(dir, kept), join(tmp, kept));
    const old = `${tmp}.old`;
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Writes the past cases into a knowledge-base directory (creating it, with `manifest`, when it does
 * not exist), replacing its cases.json atomically: a temporary file, fsynced, then renamed over it.
 * The rest of the base is left as it is.
 */
export function writeCases(dir: string, cases: CasesFile, manifest: KnowledgeBase['manifest']): void {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, MANIFEST_FILE))) writeJson(join(dir, MANIFEST_FILE), manifest);
  const tmp = join(dir, `.${CASES_FILE}.tmp-${process.pid}-${Date.now()}`);
  try {
    writeJson(tmp, cases);
    renameSync(tmp, join(dir, CASES_FILE));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes the enterprise registry into a knowledge-base directory (creating it, with `manifest`, when
 * it does not exist), replacing its enterprises.json atomically like writeCases.
 */
export function writeEnterprises(dir: string, file: EnterprisesFile, manifest: KnowledgeBase['manifest']): void {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, MANIFEST_FILE))) writeJson(join(dir, MANIFEST_FILE), manifest);
  const tmp = join(dir, `.${ENTERPRISES_FILE}.tmp-${process.pid}-${Date.now()}`);
  try {
    writeJson(tmp, file);
    renameSync(tmp, join(dir, ENTERPRISES_FILE));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
