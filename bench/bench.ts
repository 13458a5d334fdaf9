/**
 * Performance benchmark: `npm run bench [-- --json] [--questions N] [--seed N] [--build-runs N] [--only engine]`.
 * Builds a ≥5,000-entry knowledge base from the shared public data in memory, runs each section
 * over the same workload and checks the targets. Exits 1 when a target fails, 2 on bad arguments.
 * New sections (e.g. HTTP) go in bench/sections/ and into SECTIONS below.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { gcAvailable } from './lib/gc';
import type { Section, SectionResult } from './lib/section';
import { mb, ms, table } from './lib/stats';
import { buildWorkload } from './lib/workload';

/**
 * Sections are loaded only when they run: the HTTP sections pull in the whole server (Botkit,
 * Redis), which would otherwise inflate the memory the engine section measures.
 */
const SECTIONS: { name: string; load: () => Promise<Section> }[] = [
  { name: 'engine', load: async () => (await import('./sections/engine.js')).engineSection },
  { name: 'hotline', load: async () => (await import('./sections/hotline.js')).hotlineSection },
  { name: 'http-chat', load: async () => (await import('./sections/http-chat.js')).httpChatSection },
  { name: 'policies', load: async () => (await import('./sections/policies.js')).policiesSection },
  { name: 'policy-dialog', load: async () => (await import('./sections/policy-dialog.js')).policyDialogSection },
  { name: 'live-handoff', load: async () => (await import('./sections/live-handoff.js')).liveHandoffSection },
];

const USAGE = `usage: npm run bench -- [--json] [--questions N] [--seed N] [--build-runs N] [--only ${SECTIONS.map((s) => s.name).join('|')}]`;

const Args = z.object({
  json: z.boolean().default(false),
  /** Questions per kind (GD items, Beijing FAQ, BQ paraphrases); out-of-scope adds about a third. */
  questions: z.coerce.number().int().min(10).max(100_000).default(650),
  seed: z.coerce.number().int().default(12345),
  'build-runs': z.coerce.number().int().min(1).max(20).default(3),
  only: z.array(z.enum(SECTIONS.map((s) => s.name) as [string, ...string[]])).optional(),
  help: z.boolean().default(false),
});

function parseCli(argv: string[]): z.infer<typeof Args> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean' },
        questions: { type: 'string' },
        seed: { type: 'string' },
        'build-runs': { type: 'string' },
        only: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    return Args.parse(values);
  } catch (err) {
    const message =
      err instanceof z.ZodError
        ? err.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')
        : (err as Error).message;
    console.error(`bench: ${message}\n${USAGE}`);
    process.exit(2);
  }
}

function formatValue(value: number, unit: string): string {
  return unit === 'bytes' ? mb(value) : unit === 'ms' ? ms(value) : `${value} ${unit}`;
}

async function main(): Promise<number> {
  const args = parseCli(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const say = (line: string) => {
    // With --json, stdout carries only the JSON document.
    if (!args.json) console.log(line);
  };

  const t0 = performance.now();
  const workload = buildWorkload(args.questions, args.seed);
  const loadMs = performance.now() - t0;
  say(`qihu bench: node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}); JavaScript runs on one core`);
  say(`knowledge base: ${workload.kb.kb.entries.length} entries (${workload.kb.notes.join('; ')}), loaded in ${ms(loadMs)}`);
  for (const note of workload.notes) say(`note: ${note}`);
  if (!gcAvailable) say('note: no gc handle, memory figures include uncollected garbage');

  const results: SectionResult[] = [];
  for (const section of SECTIONS.filter((s) => !args.only || args.only.includes(s.name))) {
    const result = await (await section.load()).run(workload, { buildRuns: args['build-runs'] });
    results.push(result);
    say(`\n== ${result.name}`);
    say(table(result.rows.map(([label, value]) => [label, value])));
  }

  const checks = results.flatMap((r) => r.checks.map((c) => ({ section: r.name, ...c })));
  say('\n' + table([['target', 'measured', 'result'], ...checks.map((c) => [c.name, formatValue(c.value, c.unit), c.pass ? 'PASS' : 'FAIL'])]));
  const failed = checks.filter((c) => !c.pass).length;
  say(`bench: ${checks.length - failed}/${checks.length} targets met (${((performance.now() - t0) / 1000).toFixed(1)}s)`);

  if (args.json) {
    const doc = {
      node: process.version,
      cpus: os.cpus().length,
      entries: workload.kb.kb.entries.length,
      kbNotes: [...workload.kb.notes, ...workload.notes],
      questionsPerKind: args.questions,
      seed: args.seed,
      sections: Object.fromEntries(results.map((r) => [r.name, r.data])),
      checks,
      pass: failed === 0,
    };
    console.log(JSON.stringify(doc, null, 2));
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
