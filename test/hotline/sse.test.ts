/**
 * The events stream on its own router: a heartbeat comment while the call is quiet, and a client
 * that goes away leaves the router working (its listener and timer are dropped).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { createMemoryRecordStore } from '../../src/conversation/records';
import { createEngine } from '../../src/engine';
import { createMemoryCallStore } from '../../src/hotline/calls';
import { createHotlineRouter } from '../../src/http/hotline-router';
import { loadKnowledgeBase } from '../../src/kb';
import type { TicketService } from '../../src/tickets/service';

const engine = createEngine(loadKnowledgeBase(join(__dirname, '../../knowledge-base')));

it('sends heartbeats, the current suggestions first, and survives clients going away', async () => {
  const calls = createMemoryCallStore();
  const app = express();
  app.use(express.json());
  app.use(createHotlineRouter({ engine: () => engine, tickets: {} as TicketService, records: createMemoryRecordStore(), calls, heartbeatMs: 30 }));
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/hotline/calls/cti-heartbeat-1`;
  try {
    await fetch(`${url}/utterances`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '开药店要什么材料' }) });
    for (let round = 0; round < 2; round++) {
      const controller = new AbortController();
      const res = await fetch(`${url}/events`, { signal: controller.signal });
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes(': heartbeat')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).toMatch(/^retry: 3000\n\n/);
      expect(text).toContain('event: suggestions');
      expect(text).toContain('item-drug-retail');
      expect(text).toContain(': heartbeat');
      controller.abort();
      await reader.cancel().catch(() => undefined);
    }
    const after = await fetch(`${url}/utterances`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '谢谢' }) });
    expect(after.status).toBe(201);
    expect((await calls.get('cti-heartbeat-1'))?.utterances.length).toBe(2);
  } finally {
    await calls.close();
    await new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  }
});
