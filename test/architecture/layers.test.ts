/**
 * docs/architecture.md shows the layer rules that `npm run lint` enforces (.dependency-cruiser.js):
 * its diagram's arrows and its table must be exactly the config's MAY_IMPORT.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { layers } = require(join(ROOT, '.dependency-cruiser.js')) as {
  layers: { LAYERS: Record<string, unknown>; MAY_IMPORT: Record<string, string[]>; FOUNDATION: string[] };
};
const { MAY_IMPORT, FOUNDATION } = layers;
const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');

/** What a layer may import besides the foundation (all of it for the foundation itself). */
const beyondFoundation = (layer: string): string[] =>
  (MAY_IMPORT[layer] ?? []).filter((d) => FOUNDATION.includes(layer) || !FOUNDATION.includes(d));

describe('docs/architecture.md and .dependency-cruiser.js', () => {
  it('the diagram has exactly the allowed imports as arrows', () => {
    const block = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const drawn = [...block.matchAll(/^\s*(\w+) --> (\w+)\s*$/gm)].map((m) => `${m[1]} -> ${m[2]}`).sort();
    const id = (l: string) => l.replace(/-/g, '_');
    const allowed = Object.keys(MAY_IMPORT)
      .filter((l) => l !== 'root')
      .flatMap((l) => beyondFoundation(l).map((d) => `${id(l)} -> ${id(d)}`))
      .sort();
    expect(drawn).toEqual(allowed);
  });

  it('the table lists every layer with what it may import', () => {
    const rows = new Map(
      [...doc.matchAll(/^\| ([a-z-]+) \| [^|]+ \| ([^|]+) \|$/gm)].filter((m) => m[1] !== 'layer').map((m) => [m[1]!, m[2]!.trim()] as const),
    );
    expect([...rows.keys()].sort()).toEqual(Object.keys(MAY_IMPORT).sort());
    for (const layer of Object.keys(MAY_IMPORT)) {
      const expected = layer === 'root' ? 'every layer' : beyondFoundation(layer).join(', ') || '—';
      expect(`${layer}: ${rows.get(layer)}`).toBe(`${layer}: ${expected}`);
    }
  });
});
