/**
 * Dismissed inbox questions: normalised text and when. A dismissed question stays hidden until it
 * is asked (or 👎-ed) again after the dismissal. Memory (tests) or a JSON file under DATA_DIR; the
 * file is small (one line per dismissed question) and written atomically.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Dismissal } from './grouping';

export interface DismissalStore {
  list(): Promise<Dismissal[]>;
  dismiss(norms: readonly string[], at: Date, by: string): Promise<number>;
}

/** At most this many dismissals are kept (the oldest go first). */
export const MAX_DISMISSALS = 20_000;

const Stored = z.array(z.object({ norm: z.string().min(1).max(2000), at: z.iso.datetime(), by: z.string().max(200).optional() }));

function merge(list: (Dismissal & { by?: string })[], norms: readonly string[], at: Date, by: string) {
  const map = new Map(list.map((d) => [d.norm, d]));
  for (const norm of norms) {
    map.delete(norm);
    map.set(norm, { norm, at: at.toISOString(), by });
  }
  return [...map.values()].slice(-MAX_DISMISSALS);
}

export function createMemoryDismissalStore(): DismissalStore {
  let list: (Dismissal & { by?: string })[] = [];
  return {
    async list() {
      return list.map(({ norm, at }) => ({ norm, at }));
    },
    async dismiss(norms, at, by) {
      list = merge(list, norms, at, by);
      return norms.length;
    },
  };
}

export function createFileDismissalStore(file: string): DismissalStore {
  let chain: Promise<unknown> = Promise.resolve();
  async function read(): Promise<(Dismissal & { by?: string })[]> {
    try {
      const parsed = Stored.safeParse(JSON.parse(await readFile(file, 'utf8')));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }
  return {
    async list() {
      await chain.catch(() => undefined);
      return (await read()).map(({ norm, at }) => ({ norm, at }));
    },
    dismiss(norms, at, by) {
      const run = chain.then(async () => {
        const next = merge(await read(), norms, at, by);
        await mkdir(dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(next), { encoding: 'utf8', mode: 0o600 });
        await rename(tmp, file);
        return norms.length;
      });
      chain = run.catch(() => undefined);
      return run;
    },
  };
}
