/**
 * Knowledge bases for eval and bench: a directory on disk, or a public catalogue imported in memory
 * (so the shared data is read where it lies and never copied into the repository).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledgeBase, type Entry, type KnowledgeBase } from '../../src/kb';
import { importFaqCsv, importGdItems } from '../../src/kb/import';
import { dataDir, sampleKbDir, shown } from './paths';

export interface LoadedKb {
  /** Short name for tables, e.g. `sample`, `gd-items`, `faq-csv:bq-faq.csv`. */
  label: string;
  kb: KnowledgeBase;
  /** What was loaded, rows rejected by the importer, where synonyms came from. */
  notes: string[];
}

export const GD_ITEMS_FILE = path.join(dataDir, 'gd-service-items.jsonl');

function fromImport(label: string, file: string, result: { entries: Entry[]; rejected: unknown[] }): LoadedKb {
  // Imported as a judge would import it: no synonyms file, only the engine's built-in common synonyms.
  const notes = [`${result.entries.length} entries imported from ${shown(file)}, ${result.rejected.length} rows rejected`];
  return { label, kb: { manifest: { name: label, sample: false }, entries: result.entries, synonyms: [] }, notes };
}

export function importGdKb(file = GD_ITEMS_FILE): LoadedKb {
  return fromImport('gd-items', file, importGdItems(readFileSync(file, 'utf8')));
}

export function importFaqKb(file: string): LoadedKb {
  return fromImport(`faq-csv:${path.basename(file)}`, file, importFaqCsv(readFileSync(file, 'utf8')));
}

/**
 * `gd-items` is the Guangdong catalogue from the shared data, `faq-csv:<file>` an FAQ CSV imported in
 * memory, anything else a knowledge-base directory.
 */
export function resolveKb(spec: string): LoadedKb {
  if (spec === 'gd-items') return importGdKb();
  if (spec.startsWith('faq-csv:')) return importFaqKb(path.resolve(spec.slice('faq-csv:'.length)));
  const dir = path.resolve(spec);
  const kb = loadKnowledgeBase(dir);
  const label = dir === sampleKbDir ? 'sample' : path.basename(dir);
  return { label, kb, notes: [`${kb.entries.length} entries, ${kb.synonyms.length} synonym groups from ${shown(dir)}`] };
}

/** Several knowledge bases as one; a repeated id keeps its first entry (ids are unique per source). */
export function mergeKbs(label: string, parts: LoadedKb[]): LoadedKb {
  const seen = new Set<string>();
  const entries: Entry[] = [];
  let dropped = 0;
  for (const part of parts) {
    for (const entry of part.kb.entries) {
      if (seen.has(entry.id)) dropped++;
      else {
        seen.add(entry.id);
        entries.push(entry);
      }
    }
  }
  const synonyms = parts.find((p) => p.kb.synonyms.length)?.kb.synonyms ?? [];
  const notes = [...new Set(parts.flatMap((p) => p.notes))];
  if (dropped) notes.push(`${dropped} entries with repeated ids dropped`);
  return { label, kb: { manifest: { name: label, sample: false }, entries, synonyms }, notes };
}
