/**
 * npm run test:faults — delivery under faults, with a real redis-server, the reference routing
 * backend and two dispatcher processes. See docs/delivery.md ("Fault test").
 *
 *   tsx scripts/test-faults.ts [--tickets N] [--rate PER_SECOND]
 *
 * Exit 1 if an accepted ticket was lost or duplicated after dedup at the backend.
 */
import { FULL_SCENARIO, formatReport, runFaultScenario } from '../test/support/fault-scenario';

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`--${name} needs a positive number`);
    process.exit(2);
  }
  return v;
}

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const tickets = arg('tickets') ?? FULL_SCENARIO.tickets;
  const rate = arg('rate') ?? FULL_SCENARIO.rate;
  print(`qihu delivery fault test: ${tickets} tickets at ${rate}/s, 2 dispatchers`);
  const report = await runFaultScenario({ ...FULL_SCENARIO, tickets, rate, log: print });
  print('');
  print(formatReport(report));
  process.exit(report.ok ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
