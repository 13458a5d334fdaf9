/**
 * npm run test:faults — delivery under faults, with real redis-server processes, the reference
 * routing backend and two dispatcher processes. See docs/delivery.md ("Fault test"). Two runs: a
 * single Redis killed and restarted, then Redis under Sentinel with its master killed (failover).
 *
 *   tsx scripts/test-faults.ts [--tickets N] [--rate PER_SECOND] [--only restart|sentinel]
 *
 * Exit 1 if an accepted ticket was lost or duplicated after dedup at the backend.
 */
import { FULL_SCENARIO, SENTINEL_SCENARIO, formatReport, runFaultScenario } from '../test/support/fault-scenario';

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
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt < 0 ? undefined : process.argv[onlyAt + 1];
  if (only !== undefined && only !== 'restart' && only !== 'sentinel') {
    console.error('--only takes restart or sentinel');
    process.exit(2);
  }
  const runs = [
    { name: 'restart', scenario: FULL_SCENARIO, what: 'redis-server killed and restarted' },
    { name: 'sentinel', scenario: SENTINEL_SCENARIO, what: 'Redis under Sentinel, master killed' },
  ].filter((r) => !only || r.name === only);
  let ok = true;
  for (const run of runs) {
    const tickets = arg('tickets') ?? run.scenario.tickets;
    const rate = arg('rate') ?? run.scenario.rate;
    print(`qihu delivery fault test (${run.what}): ${tickets} tickets at ${rate}/s, 2 dispatchers`);
    const report = await runFaultScenario({ ...run.scenario, tickets, rate, log: print });
    print('');
    print(formatReport(report));
    print('');
    ok &&= report.ok;
  }
  process.exit(ok ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
