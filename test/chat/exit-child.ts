/**
 * Started by exit.test.ts: a whole qihu on Redis with an open websocket that has chatted, then
 * close(). Prints "closed" and must then exit by itself: no interval, socket or client left open.
 */
import { openSocket, startChatQihu } from './support';

async function main(): Promise<void> {
  const qihu = await startChatQihu({ redisUrl: process.env.REDIS_URL });
  const socket = await openSocket(qihu.url);
  socket.send({ type: 'message', user: 'exit-child-session', text: '开药店要什么材料' });
  await socket.next(1);
  await fetch(qihu.url + '/api/v1/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sessionId: 'exit-child-session', text: '那要多久？' }),
  });
  await qihu.stop();
  process.stdout.write('closed\n');
}

void main();
