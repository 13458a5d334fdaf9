/**
 * Unit vectors of every name of every entry (an item's name and aliases, a policy's title and
 * aliases, an FAQ's question and alternates) in one Float32Array, searched exhaustively: at a few
 * thousand entries a scan is a few milliseconds, and it runs only for questions the lexical engine
 * could not place.
 */
import { entryAliases, entryTitle, type Entry } from '../kb';

export interface Surface {
  entryId: string;
  text: string;
}

/** The texts an entry is embedded under: its title and other names, each on its own. */
export function surfacesOf(entries: readonly Entry[]): Surface[] {
  const out: Surface[] = [];
  for (const entry of entries) {
    const seen = new Set<string>();
    for (const text of [entryTitle(entry), ...entryAliases(entry)]) {
      const t = text.trim();
      if (t && !seen.has(t)) {
        seen.add(t);
        out.push({ entryId: entry.id, text: t });
      }
    }
  }
  return out;
}

export interface Neighbour {
  entryId: string;
  /** Cosine similarity of the question and the entry's closest name, -1..1. */
  similarity: number;
  /** That name. */
  text: string;
}

export class VectorIndex {
  readonly dimensions: number;
  private readonly matrix: Float32Array;

  constructor(
    readonly surfaces: readonly Surface[],
    vectors: readonly Float32Array[],
  ) {
    if (surfaces.length !== vectors.length) throw new Error('one vector per surface');
    this.dimensions = vectors[0]?.length ?? 0;
    this.matrix = new Float32Array(surfaces.length * this.dimensions);
    vectors.forEach((v, i) => {
      if (v.length !== this.dimensions) throw new Error('vectors of different sizes');
      this.matrix.set(v, i * this.dimensions);
    });
  }

  get size(): number {
    return this.surfaces.length;
  }

  /** The k entries closest to a unit vector, each by its closest name, best first. */
  nearest(query: Float32Array, k: number): Neighbour[] {
    if (query.length !== this.dimensions) throw new Error(`query has ${query.length} dimensions, the index ${this.dimensions}`);
    const best = new Map<string, Neighbour>();
    const d = this.dimensions;
    for (let s = 0; s < this.surfaces.length; s++) {
      let dot = 0;
      const base = s * d;
      for (let i = 0; i < d; i++) dot += this.matrix[base + i]! * query[i]!;
      const surface = this.surfaces[s]!;
      const known = best.get(surface.entryId);
      if (!known || dot > known.similarity) best.set(surface.entryId, { entryId: surface.entryId, similarity: dot, text: surface.text });
    }
    return [...best.values()].sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }
}
