/**
 * The conversation's modules stay small and import one way: no file over 600 lines, and no import
 * cycle inside src/conversation (type-only imports included: a cycle of types is still a knot).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../src/conversation');
const MAX_LINES = 600;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /^\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

function importsOf(file: string, known: Set<string>): string[] {
  const out: string[] = [];
  for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const target = resolve(dirname(file), m[1]!);
    for (const candidate of [`${target}.ts`, join(target, 'index.ts')]) if (known.has(candidate)) out.push(candidate);
  }
  return out;
}

/** Each cycle once, as the files on it. */
export function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

const all = files(ROOT);
const known = new Set(all);
const rel = (f: string) => relative(ROOT, f);

it('src/conversation has no file over 600 lines', () => {
  const long = all.map((f) => ({ file: rel(f), lines: readFileSync(f, 'utf8').split('\n').length })).filter((f) => f.lines > MAX_LINES);
  expect(long).toEqual([]);
});

it('src/conversation has no import cycle', () => {
  const graph = new Map(all.map((f) => [f, importsOf(f, known)]));
  // The graph is real: the service reaches the machine, the machine every state.
  expect(graph.get(join(ROOT, 'service.ts'))).toContain(join(ROOT, 'machine.ts'));
  expect(graph.get(join(ROOT, 'machine.ts'))).toContain(join(ROOT, 'states/intake.ts'));
  expect(cycles(graph).map((c) => c.map(rel).join(' → '))).toEqual([]);
});

it('finds a cycle when there is one', () => {
  expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
});

it('state handlers do not import each other', () => {
  const states = all.filter((f) => rel(f).startsWith('states/'));
  for (const f of states) expect(importsOf(f, known).filter((i) => rel(i).startsWith('states/')).map(rel)).toEqual([]);
});
