/**
 * The fault script in small (npm run test:faults runs it with 1,000 tickets): real redis-server
 * killed with SIGKILL and restarted, a backend answering 500 and hanging, one of two dispatcher
 * processes SIGKILLed mid-delivery. No accepted ticket may be lost or duplicated.
 */
import { formatReport, runFaultScenario } from '../support/fault-scenario';

test('a few dozen tickets survive redis kill -9, backend 500s and hangs, and a dispatcher kill', async () => {
  const lines: string[] = [];
  const report = await runFaultScenario({
    tickets: 40,
    rate: 20,
    failForMs: 500,
    hangForMs: 600,
    hangMs: 1500,
    redisDownMs: 500,
    requestTimeoutMs: 1000,
    leaseMs: 2000,
    settleTimeoutMs: 30_000,
    log: (l) => lines.push(l),
  });
  if (!report.ok) console.log(lines.join('\n') + '\n' + formatReport(report));
  expect(report.lost).toBe(0);
  expect(report.duplicatedAtBackend).toBe(0);
  expect(report.deadLetters).toBe(0);
  expect(report.stillQueued).toBe(0);
  expect(report.accepted).toBeGreaterThan(0);
  expect(report.accepted + report.notAccepted).toBe(40);
  expect(report.ok).toBe(true);
}, 90_000);
