/**
 * The live hand-off across two qihu instances sharing a real Redis: the user's chat socket is on A,
 * the operator on B. The queue is the same on both, two operators (one per instance) racing to take
 * it get one 200 and one 409, the user's message reaches B's event stream, B's reply reaches the
 * socket on A, and ending it on B tells the user on A. What the operator says while the user's
 * socket is down is kept and sent once, in order, when the page comes back (to either instance).
 * A person's message swallowed by a socket that died without closing comes again, once, when the
 * page is back (the page acknowledges what it showed), also when the page was back on the other
 * instance before the dead socket was noticed. Users waiting behind hear their new place
 * when the queue moves, once each, in their own script, and a page that comes back on another
 * instance hears the place the queue moved it to meanwhile.
 */
import type { Socket } from 'node:net';
import { hashSecret } from '../../src/auth/secret-hash';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { waitFor } from '../support/qihu';
import { openSocket, post, sessionId, sleep, startChatQihu, type ChatQihu } from './support';

const TOKENS = { one: 'live-operator-one-0123456789abcdef', two: 'live-operator-two-0123456789abcdef' };
const ENV = {
  LIVE_AGENT_HOURS: '00:00-24:00',
  LIVE_AGENT_DAYS: 'all',
  RATE_LIMIT_PER_SESSION: '1000',
  AUTH_TOKENS: `op.one:operator:${hashSecret(TOKENS.one)},op.two:operator:${hashSecret(TOKENS.two)}`,
};
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('the live hand-off on two instances sharing Redis', () => {
  let redis: RedisServerHandle;
  let a: ChatQihu;
  let b: ChatQihu;
  const abort = new AbortController();
  const events: string[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    a = await startChatQihu({ redisUrl: redis.url, env: ENV });
    b = await startChatQihu({ redisUrl: redis.url, env: ENV });
    // The operator's console on B: on duty from now, and hearing the users.
    const res = await fetch(`${b.url}/api/v1/hotline/live/events`, { headers: auth(TOKENS.one), signal: abort.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    void (async () => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          events.push(value);
        }
      } catch {
        // aborted
      }
    })();
  }, 60_000);

  afterAll(async () => {
    abort.abort();
    await a?.stop();
    await b?.stop();
    await redis?.stop();
  });

  it('queues on A, lets one of two racing operators take it, carries messages both ways and ends it', async () => {
    const user = sessionId('live');
    const socket = await openSocket(a.url);
    socket.send({ type: 'message', user, text: '转人工' });
    const [queued] = await socket.next(1);
    expect(queued!.text).toContain('正在为您转接人工客服，您前面还有0位');

    const listed = (await (await fetch(`${b.url}/api/v1/hotline/live`, { headers: auth(TOKENS.two) })).json()) as { conversations: { sessionId: string; position: number }[] };
    expect(listed.conversations).toEqual([expect.objectContaining({ sessionId: user, position: 1 })]);

    const [one, two] = await Promise.all([
      post(b.url, `/api/v1/hotline/live/${user}/take`, {}, auth(TOKENS.one)),
      post(a.url, `/api/v1/hotline/live/${user}/take`, {}, auth(TOKENS.two)),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const winner = one.status === 200 ? TOKENS.one : TOKENS.two;
    const [taken] = await socket.next(1);
    expect(taken!.qihu).toMatchObject({ agent: winner === TOKENS.one ? 'op.one' : 'op.two' });

    socket.send({ type: 'message', user, text: '药店选址有什么要求' });
    await waitFor(() => events.join('').includes('药店选址有什么要求'), 5000, 'the user message on B');
    expect(socket.received.length).toBe(2); // no bot answer: the operator answers

    const replied = await post(b.url, `/api/v1/hotline/live/${user}/messages`, { text: '您好，我来为您解答。' }, auth(winner));
    expect(replied.status).toBe(201);
    const [reply] = await socket.next(1);
    expect(reply!.qihu).toMatchObject({ type: 'text', text: '您好，我来为您解答。' });
    const loser = winner === TOKENS.one ? TOKENS.two : TOKENS.one;
    expect((await post(a.url, `/api/v1/hotline/live/${user}/messages`, { text: '插话' }, auth(loser))).status).toBe(409);
    expect((await post(a.url, `/api/v1/hotline/live/${user}/messages`, { text: '' }, auth(winner))).status).toBe(400);

    expect((await post(a.url, `/api/v1/hotline/live/${user}/end`, { how: 'ended' }, auth(winner))).status).toBe(200);
    const [ended] = await socket.next(1);
    expect(ended!.text).toContain('已结束本次人工服务');
    expect((await post(b.url, `/api/v1/hotline/live/${user}/end`, { how: 'ended' }, auth(winner))).status).toBe(404);
    await socket.close();
  }, 60_000);

  /** The user asks for a person on A, op.one takes the conversation on B; the page's socket and the "taken" message. */
  async function takenFromA(user: string) {
    const first = await openSocket(a.url);
    first.send({ type: 'message', user, text: '转人工' });
    await first.next(1);
    expect((await post(b.url, `/api/v1/hotline/live/${user}/take`, {}, auth(TOKENS.one))).status).toBe(200);
    const [taken] = await first.next(1);
    return { first, taken };
  }

  it('keeps what the operator says while the user\'s socket is down, and sends it once, in order, when the page comes back', async () => {
    const user = sessionId('live-away');
    const { first, taken } = await takenFromA(user);
    first.send({ type: 'ack', user, upTo: taken!.seq });
    await first.close();
    await waitFor(() => !a.webChat.adapter.isConnected(user), 5000, 'A to see the socket closed');

    for (const text of ['第一条：您的材料我看过了。', '第二条：还差一份租赁合同。', '第三条：补齐后即可提交。']) {
      expect((await post(b.url, `/api/v1/hotline/live/${user}/messages`, { text }, auth(TOKENS.one))).status).toBe(201);
    }
    // The page reconnects, this time to B: it says which session it is, and gets the three, in order.
    const second = await openSocket(b.url);
    second.send({ type: 'resume', user, channel: 'websocket' });
    const held = await second.next(3);
    expect(held.map((m) => m.text)).toEqual(['第一条：您的材料我看过了。', '第二条：还差一份租赁合同。', '第三条：补齐后即可提交。']);
    expect(held[0]!.qihu).toMatchObject({ agent: 'op.one' });
    expect(held.map((m) => m.seq! > taken!.seq!)).toEqual([true, true, true]);
    second.send({ type: 'ack', user, upTo: held[2]!.seq });
    await sleep(200);
    // Once: a later connection for the same session (a second tab on A) gets none of them again.
    const third = await openSocket(a.url);
    third.send({ type: 'resume', user, channel: 'websocket' });
    await sleep(500);
    expect(third.received).toEqual([]);
    await third.close();
    expect(second.received).toHaveLength(3);

    // Ended while the page is closed: a page load (welcome_back) gets the welcome, then the ending.
    await second.close();
    await waitFor(() => !b.webChat.adapter.isConnected(user), 5000, 'B to see the socket closed');
    expect((await post(a.url, `/api/v1/hotline/live/${user}/end`, { how: 'ended' }, auth(TOKENS.one))).status).toBe(200);
    const reload = await openSocket(a.url);
    reload.send({ type: 'welcome_back', user, channel: 'websocket' });
    await waitFor(() => reload.received.some((m) => (m as { text?: string }).text?.includes('已结束本次人工服务')), 5000, 'the ending after the welcome');
    await sleep(300);
    const texts = reload.received.map((m) => (m as { text: string }).text);
    expect(texts.filter((t) => t.includes('已结束本次人工服务'))).toHaveLength(1);
    expect(texts.findIndex((t) => t.includes('已结束本次人工服务'))).toBe(texts.length - 1);
    await reload.close();
  }, 60_000);

  it('gives what a socket that died without closing swallowed again when the page comes back, once', async () => {
    const user = sessionId('live-dead');
    const { first, taken } = await takenFromA(user);
    expect(taken!.seq).toEqual(expect.any(Number));
    first.send({ type: 'ack', user, upTo: taken!.seq });
    await sleep(200);

    // The phone leaves coverage: nothing is read any more, no close frame, and A still sees the socket open.
    const tcp = (first.ws as unknown as { _socket: Socket })._socket;
    tcp.pause();
    first.ws.removeAllListeners('message');
    expect((await post(b.url, `/api/v1/hotline/live/${user}/messages`, { text: '您的营业执照办好了。' }, auth(TOKENS.one))).status).toBe(201);
    await sleep(500);
    expect(a.webChat.adapter.isConnected(user)).toBe(true);
    expect(first.received).toHaveLength(2);
    tcp.destroy();
    // An acknowledgement from a socket that does not speak for the session changes nothing.
    const stranger = await openSocket(b.url);
    stranger.send({ type: 'ack', user, upTo: Number.MAX_SAFE_INTEGER });
    await sleep(200);
    await stranger.close();

    // The page reconnects, to B: it gets the swallowed message, once, and not the acknowledged one.
    const second = await openSocket(b.url);
    second.send({ type: 'resume', user, channel: 'websocket' });
    const [again] = await second.next(1);
    expect(again).toMatchObject({ text: '您的营业执照办好了。', qihu: { agent: 'op.one' } });
    expect(again!.seq).toBeGreaterThan(taken!.seq!);
    second.send({ type: 'ack', user, upTo: again!.seq });
    await sleep(300);
    expect(second.received).toHaveLength(1);
    // Acknowledged: the next connection (on A) gets nothing again; a new message is numbered after it.
    const third = await openSocket(a.url);
    third.send({ type: 'resume', user, channel: 'websocket' });
    await sleep(500);
    expect(third.received).toEqual([]);
    expect((await post(a.url, `/api/v1/hotline/live/${user}/messages`, { text: '请来窗口领取。' }, auth(TOKENS.one))).status).toBe(201);
    const [next] = await third.next(1);
    expect(next).toMatchObject({ text: '请来窗口领取。' });
    expect(next!.seq).toBeGreaterThan(again!.seq!);
    expect((await post(a.url, `/api/v1/hotline/live/${user}/end`, { how: 'ended' }, auth(TOKENS.one))).status).toBe(200);
    await Promise.all([second.close(), third.close()]);
  }, 60_000);

  it('sends what the old socket swallowed to the page already back on another instance, once the old one is found dead', async () => {
    const user = sessionId('live-late');
    const { first, taken } = await takenFromA(user);
    first.send({ type: 'ack', user, upTo: taken!.seq });
    await sleep(200);

    // The old socket goes silent; the page is back on B before A notices.
    const tcp = (first.ws as unknown as { _socket: Socket })._socket;
    tcp.pause();
    first.ws.removeAllListeners('message');
    const second = await openSocket(b.url);
    second.send({ type: 'resume', user, channel: 'websocket' });
    await sleep(300);
    expect(second.received).toEqual([]);
    // Posted on A: A's own event comes first, so A takes the message and sends it down the dead socket.
    expect((await post(a.url, `/api/v1/hotline/live/${user}/messages`, { text: '材料齐了，可以提交。' }, auth(TOKENS.one))).status).toBe(201);
    await sleep(500);
    expect(second.received).toEqual([]);
    expect(a.webChat.adapter.isConnected(user)).toBe(true);

    // A finds the old socket dead (here: its TCP closes): the page on B gets the message, once.
    tcp.destroy();
    const [late] = await second.next(1);
    expect(late).toMatchObject({ text: '材料齐了，可以提交。' });
    second.send({ type: 'ack', user, upTo: late!.seq });
    await sleep(300);
    expect(second.received).toHaveLength(1);
    expect((await post(b.url, `/api/v1/hotline/live/${user}/end`, { how: 'ended' }, auth(TOKENS.one))).status).toBe(200);
    await second.next(1);
    await second.close();
  }, 60_000);

  it('tells a waiting user whose page comes back on another instance the place the queue moved them to, and only then', async () => {
    const [ahead, user] = [sessionId('moved'), sessionId('moved')];
    const [s1, s2] = await Promise.all([openSocket(a.url), openSocket(a.url)]);
    s1.send({ type: 'message', user: ahead, text: '转人工' });
    await s1.next(1);
    s2.send({ type: 'message', user, text: '转人工' });
    expect((await s2.next(1))[0]!.text).toContain('您前面还有1位');
    await s2.close();
    await waitFor(() => !a.webChat.adapter.isConnected(user), 5000, 'A to see the socket closed');

    // The queue moves while the page is away: nobody can tell it.
    expect((await post(b.url, `/api/v1/hotline/live/${ahead}/take`, {}, auth(TOKENS.one))).status).toBe(200);
    await sleep(300);
    // The page is back, on B: its new place at once.
    const back = await openSocket(b.url);
    back.send({ type: 'resume', user, channel: 'websocket' });
    expect((await back.next(1))[0]!.text).toMatch(/^排队有进展：您前面还有0位/);
    await back.close();
    await waitFor(() => !b.webChat.adapter.isConnected(user), 5000, 'B to see the socket closed');
    // A reload on A with the place unchanged: the welcome only.
    const reload = await openSocket(a.url);
    reload.send({ type: 'welcome_back', user, channel: 'websocket' });
    await reload.next(1);
    await sleep(500);
    expect(reload.received.map((m) => (m as { text: string }).text).join('\n')).not.toContain('排队有进展');
    reload.send({ type: 'message', user, text: '取消排队' });
    await reload.next(1);
    expect((await post(b.url, `/api/v1/hotline/live/${ahead}/end`, { how: 'ended' }, auth(TOKENS.one))).status).toBe(200);
    await Promise.all([s1.close(), reload.close()]);
  }, 60_000);

  it('tells each waiting user their new place when the queue moves, once, in their script', async () => {
    const [u1, u2, u3] = [sessionId('place'), sessionId('place'), sessionId('place')];
    const [s1, s2, s3] = await Promise.all([openSocket(a.url), openSocket(b.url), openSocket(a.url)]);
    const said = (m: { text: string }[]) => m.map((x) => x.text).join('\n');
    s1.send({ type: 'message', user: u1, text: '转人工' });
    expect(said(await s1.next(1))).toContain('您前面还有0位');
    s2.send({ type: 'message', user: u2, text: '转人工' });
    expect(said(await s2.next(1))).toContain('您前面还有1位');
    s3.send({ type: 'message', user: u3, text: '請幫我轉人工' });
    expect(said(await s3.next(1))).toContain('您前面還有2位');
    await sleep(300);
    // Joining moved nobody: no place news yet.
    expect([s1.received.length, s2.received.length, s3.received.length]).toEqual([1, 1, 1]);

    // The first is taken on B: the two behind hear their new place, each on its own instance's socket.
    expect((await post(b.url, `/api/v1/hotline/live/${u1}/take`, {}, auth(TOKENS.one))).status).toBe(200);
    expect(said(await s2.next(1))).toMatch(/^排队有进展：您前面还有0位/);
    expect(said(await s3.next(1))).toMatch(/^排隊有進展：您前面還有1位/);
    // The second leaves: the third moves up again.
    s2.send({ type: 'message', user: u2, text: '取消排队' });
    expect(said(await s2.next(1))).toContain('已取消排队');
    expect(said(await s3.next(1))).toMatch(/^排隊有進展：您前面還有0位/);
    // A queue event that moves nobody (the first one's conversation ends) tells nobody anything.
    expect((await post(b.url, `/api/v1/hotline/live/${u1}/end`, { how: 'ended' }, auth(TOKENS.one))).status).toBe(200);
    await s1.next(2); // taken, ended
    await sleep(500);
    expect([s2.received.length, s3.received.length]).toEqual([3, 3]);

    expect((await post(a.url, `/api/v1/hotline/live/${u3}/take`, {}, auth(TOKENS.two))).status).toBe(200);
    expect((await post(a.url, `/api/v1/hotline/live/${u3}/end`, { how: 'ended' }, auth(TOKENS.two))).status).toBe(200);
    await Promise.all([s1.close(), s2.close(), s3.close()]);
  }, 60_000);

  it('refuses the live routes without an operator', async () => {
    expect((await fetch(`${a.url}/api/v1/hotline/live`)).status).toBe(401);
  });
});
