/**
 * The policy dialog through the Botkit web chat over a real websocket, on a whole qihu whose
 * knowledge base (a copy) has a registered enterprise beside it: the code found and confirmed by
 * button, the remaining questions answered by button, the cards in the wire format.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSocket, sessionId, socketTurn, startChatQihu, type ChatQihu, type ChatSocket } from './support';

const CODE = '91350100M000100Y43';
let qihu: ChatQihu;
let kbDir: string;
let socket: ChatSocket;

beforeAll(async () => {
  kbDir = mkdtempSync(join(tmpdir(), 'qihu-policy-ws-kb-'));
  cpSync(join(__dirname, '../../knowledge-base'), kbDir, { recursive: true });
  const enterprise = { id: 'ent-1', name: '示例五金制品有限公司', creditCode: CODE, district: '东城区', industry: 'C3412', employees: 320, revenue: 2600, qualifications: ['高新技术企业'] };
  // The registry is seeded from the knowledge base's enterprises.json when empty.
  writeFileSync(join(kbDir, 'enterprises.json'), JSON.stringify({ enterprises: [enterprise] }));
  qihu = await startChatQihu({ env: { KB_DIR: kbDir } });
  socket = await openSocket(qihu.url);
}, 60_000);
afterAll(async () => {
  await socket?.close();
  await qihu?.stop();
  rmSync(kbDir, { recursive: true, force: true });
});

describe('the policy dialog over the websocket', () => {
  it('finds the enterprise by its code, confirms it by button, and ends with cards', async () => {
    const user = sessionId('ws-policy');
    const [start] = await socketTurn(socket, { user, text: '我们能享受哪些政策' }, 1);
    expect(start!.qihu.text).toContain('统一社会信用代码');
    const [found] = await socketTurn(socket, { user, text: CODE }, 1);
    expect(found!.qihu.text).toContain('示例五金制品有限公司');
    const yes = found!.qihu.choices!.find((c) => c.label === '是的')!;
    socket.send({ type: 'message', channel: 'websocket', user, text: yes.label, qihu: yes.input });

    // Questions for what the registry does not say (at most five), each answered by its first button.
    const all = [];
    let asked = 0;
    for (;;) {
      const [m] = await socket.next(1);
      all.push(m!);
      if (m!.qihu.text.includes('以上结果根据您提供的信息自动匹配')) break;
      const labels = (m!.qihu.choices ?? []).map((c) => c.label);
      if (labels.includes('跳过')) {
        asked++;
        expect(asked).toBeLessThanOrEqual(5);
        const pick = m!.qihu.choices!.find((c) => c.label !== '跳过')!;
        socket.send({ type: 'message', channel: 'websocket', user, text: pick.label, qihu: pick.input });
      }
    }
    const cards = all.filter((m) => m.qihu.type === 'answer' && m.qihu.card);
    expect(cards.map((m) => m.qihu.entryId)).toContain('policy-high-tech-enterprise-award');
    const card = cards.find((m) => m.qihu.entryId === 'policy-high-tech-enterprise-award')!.qihu.card!;
    expect(card.facts.find((f) => f.label === '申报方式')!.value).toBe('免申即享，无需申请');
    expect(all.map((m) => m.qihu.text).join('\n')).toContain('示例五金制品有限公司：');
  });
});
