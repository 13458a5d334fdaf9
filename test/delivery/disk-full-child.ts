/**
 * Started by disk-full.test.ts under a file-size limit (ulimit -f, SIGXFSZ ignored): files tickets
 * into the journal in DIR until a write fails, then prints how many were acknowledged and how the
 * last one failed, as one JSON line.
 */
import { createFileTicketStore } from '../../src/storage/file/ticket-store';
import { makeState, makeTicket } from '../support/tickets';

async function main(): Promise<void> {
  const store = await createFileTicketStore({ dir: process.env.DIR! });
  let acknowledged = 0;
  let failure: string | undefined;
  for (let n = 1; n <= 10_000 && failure === undefined; n++) {
    const t = makeTicket(n);
    try {
      await store.createTicket(t, makeState(t));
      acknowledged++;
    } catch (err) {
      failure = (err as { code?: string }).code ?? (err as Error).message;
    }
  }
  process.stdout.write(`${JSON.stringify({ acknowledged, failure })}\n`);
  await store.close().catch(() => undefined);
}

void main();
