/**
 * Writes a knowledge base directory atomically: everything goes to a sibling temporary directory,
 * which replaces the target only once complete, so a failure never leaves a partial base behind.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { Entry, KnowledgeBase } from './schema';
import { ENTRY_DIRS, MANIFEST_FILE, SYNONYMS_FILE } from './layout';

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
    const old = `${tmp}.old`;
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
