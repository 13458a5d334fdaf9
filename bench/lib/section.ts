/** The shape every benchmark section returns, so bench.ts can print and check them alike. */
import type { Workload } from './workload';

export interface Check {
  name: string;
  value: number;
  unit: string;
  /** The target: value must be at most this. */
  max: number;
  pass: boolean;
}

export interface SectionResult {
  name: string;
  /** Label/value pairs for the human-readable table. */
  rows: [string, string][];
  checks: Check[];
  /** Everything measured, for --json. */
  data: Record<string, unknown>;
}

export interface BenchOptions {
  /** Index builds to take the median of. */
  buildRuns: number;
}

export interface Section {
  name: string;
  run(workload: Workload, options: BenchOptions): Promise<SectionResult>;
}

export function check(name: string, value: number, unit: string, max: number): Check {
  return { name, value, unit, max, pass: value <= max };
}
