/**
 * Call suggestions on the bus (one contract for memory and Redis), and over Redis pub/sub: delivered once to the publishing instance's own consoles and
 * once to another instance's, only to the call's listeners, and a message that does not parse is
 * reported, not delivered.
 */
import type { CallEvents, CallSuggestions } from '../../src/hotline/call-events';
import { createMemoryCallEvents } from '../../src/hotline/call-events';
import { createRedisCallEvents, DEFAULT_CALL_EVENTS_CHANNEL } from '../../src/storage/redis/call-events';
import { useRedis } from '../support/redis-server';
import { waitFor } from '../support/qihu';

const shared = useRedis();

const suggestions = (callId: string, text: string): CallSuggestions => ({
  callId,
  text,
  suggestions: [{ entryId: 'item-drug-retail', kind: 'item', title: '药品零售企业许可', field: 'materials', fieldLabel: '材料', found: true, readOut: '……', score: 0.8, match: 'high' }],
  decision: 'answer',
  suggestTicket: false,
  script: 'simplified',
});

/** One contract for every CallEvents bus: the memory bus (one instance) and Redis pub/sub. */
describe.each<[string, () => Promise<CallEvents>]>([
  ['memory', async () => createMemoryCallEvents()],
  ['redis', () => createRedisCallEvents({ client: shared.client, url: shared.redis.url })],
])('CallEvents contract: %s', (_name, open) => {
  it('delivers to the call’s listeners only, once each, until they unsubscribe', async () => {
    const bus = await open();
    try {
      const heard: string[] = [];
      const off = bus.subscribe('call-000001', (s) => heard.push(s.text));
      bus.subscribe('call-000002', (s) => heard.push(`other: ${s.text}`));
      bus.publish(suggestions('call-000001', '一'));
      await waitFor(() => heard.length > 0, 5000, 'the listener hears it');
      off();
      bus.publish(suggestions('call-000001', '二'));
      bus.publish(suggestions('call-000002', '三'));
      await waitFor(() => heard.length > 1, 5000, 'the other call hears its own');
      // Anything delivered twice or after unsubscribing has had time to arrive by now.
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual(['一', 'other: 三']);
    } finally {
      await bus.close();
    }
  });
});

it('over Redis, each instance’s consoles hear a publication once', async () => {
  const problems: string[] = [];
  const buses: CallEvents[] = [];
  const { client, redis } = shared;
  const a = await createRedisCallEvents({ client, url: redis.url, onError: (e) => problems.push(e.message) });
  const b = await createRedisCallEvents({ client, url: redis.url, onError: (e) => problems.push(e.message) });
  buses.push(a, b);
  try {
    const onA: string[] = [];
    const onB: string[] = [];
    a.subscribe('call-000003', (s) => onA.push(s.text));
    b.subscribe('call-000003', (s) => onB.push(s.text));
    b.subscribe('call-000004', (s) => onB.push(`wrong call: ${s.text}`));
    a.publish(suggestions('call-000003', '开药店要什么材料'));
    await waitFor(() => onB.length > 0, 5000, 'the other instance hears it');
    b.publish(suggestions('call-000003', '多久能办好'));
    await waitFor(() => onA.length > 1, 5000, 'the first instance hears the second');
    // Echoes from Redis of an instance's own messages have had time to arrive by now.
    await new Promise((r) => setTimeout(r, 100));
    expect(onA).toEqual(['开药店要什么材料', '多久能办好']);
    expect(onB).toEqual(['开药店要什么材料', '多久能办好']);

    await client.publish(DEFAULT_CALL_EVENTS_CHANNEL, '{"from":"elsewhere","suggestions":{"callId":"call-000003"}}');
    await client.publish(DEFAULT_CALL_EVENTS_CHANNEL, 'not json');
    await waitFor(() => problems.length >= 4, 5000, 'the bad messages reported');
    expect(onB).toHaveLength(2);
    expect(new Set(problems)).toEqual(new Set([`call event on ${DEFAULT_CALL_EVENTS_CHANNEL} does not parse`]));
  } finally {
    for (const bus of buses) await bus.close();
  }
});
