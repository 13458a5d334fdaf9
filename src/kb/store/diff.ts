/**
 * Field-level diffs of JSON values: every leaf that differs, named by its dotted path
 * (`materials.2.name`, `aliases.3`), with the value before and after (absent = the field did not
 * exist on that side). Objects are compared key by key, arrays index by index.
 */
import type { Entry } from '../schema';
import type { FieldChange } from './types';

type Json = unknown;

function isPlainObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(before: Json, after: Json, path: string[], out: FieldChange[]): void {
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const p = [...path, String(i)];
      if (i >= before.length) out.push({ path: p.join('.'), after: after[i] });
      else if (i >= after.length) out.push({ path: p.join('.'), before: before[i] });
      else walk(before[i], after[i], p, out);
    }
    return;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) {
      const b = before[k];
      const a = after[k];
      if (b === undefined && a === undefined) continue;
      const p = [...path, k];
      if (b === undefined) out.push({ path: p.join('.'), after: a });
      else if (a === undefined) out.push({ path: p.join('.'), before: b });
      else walk(b, a, p, out);
    }
    return;
  }
  if (Object.is(before, after)) return;
  const change: FieldChange = { path: path.join('.') };
  if (before !== undefined && before !== null) change.before = before;
  if (after !== undefined && after !== null) change.after = after;
  out.push(change);
}

/**
 * The changed fields between two values. null/undefined stand for "no value": a created entry
 * lists each of its top-level fields with `after`, a deleted one each with `before`.
 */
export function diffValues(before: Json, after: Json): FieldChange[] {
  const out: FieldChange[] = [];
  const b = before ?? {};
  const a = after ?? {};
  walk(b, a, [], out);
  return out;
}

/** The changed fields of an entry (null = does not exist on that side). */
export function diffEntries(before: Entry | null | undefined, after: Entry | null | undefined): FieldChange[] {
  return diffValues(before ?? null, after ?? null);
}

/** Deep equality of JSON values (key order ignored). */
export function sameValue(a: Json, b: Json): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return diffValues(a, b).length === 0;
}
