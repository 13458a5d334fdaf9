/**
 * The policy dialog end to end: the real engine and knowledge base, a registry in memory, the
 * conversation service as every channel calls it.
 */
import { join } from 'node:path';
import { loadKnowledgeBase } from '../../src/kb';
import { memoryDirectory, MAX_QUESTIONS, type MatchTally, type RegisteredEnterprise } from '../../src/policies';
import { readState } from '../../src/conversation/state';
import type { OutMessage } from '../../src/conversation/types';
import { createHarness, textOf, type Harness } from './harness';

const kb = loadKnowledgeBase(join(__dirname, '../../knowledge-base'));
const CODE = '91350100M000100Y43';
const registered: RegisteredEnterprise[] = [
  {
    id: 'ent-1',
    name: '示例五金制品有限公司',
    creditCode: CODE,
    district: '东城区',
    industry: 'C3412',
    employees: 320,
    revenue: 2600,
    assets: 9000,
    establishedOn: '2012-01-01',
    qualifications: ['规模以上工业企业', '高新技术企业'],
    rdRatio: 3.2,
    taxCredit: 'A',
  },
];

let h: Harness;
const tallies: MatchTally[] = [];
let plain: Harness;
beforeAll(async () => {
  const policies = { entries: () => kb.entries, today: () => '2026-12-05' };
  // Notices kept for the registered manufacturer (the notice store's own tests are in test/policies).
  const notices = async (code: string) => (code === CODE ? [{ policyTitle: '示例免申即享稳岗返还', benefit: '返还失业保险费的50%' }] : []);
  h = await createHarness({ policies: { ...policies, directory: memoryDirectory(registered), notices, onMatched: (t) => tallies.push(t) } });
  plain = await createHarness({ policies });
});
afterAll(async () => {
  await h.close();
  await plain.close();
});

const labels = (m: OutMessage | undefined) => (m?.choices ?? []).map((c) => c.label);
const last = (out: OutMessage[]) => out[out.length - 1]!;
const cards = (out: OutMessage[]) => out.filter((m) => m.type === 'answer' && m.card);

/** Answers every question with the first button that is not 跳过, counting them, until the result. */
async function answerAll(chat: (t: string) => Promise<OutMessage[]>, first: OutMessage[], skip = '跳过') {
  let out = first;
  let asked = 0;
  while (labels(last(out)).includes(skip)) {
    asked++;
    expect(asked).toBeLessThanOrEqual(MAX_QUESTIONS);
    out = await chat(labels(last(out)).filter((l) => l !== skip)[0]!);
  }
  return { out, asked };
}

describe('the policy dialog', () => {
  it('opens on a discovery request and finds the enterprise by its credit code', async () => {
    const chat = h.chat('policy-code-000001');
    const [start] = await chat('我们能享受哪些政策');
    expect(start!.text).toContain('统一社会信用代码');
    expect(labels(start)).toEqual(['回答几个问题']);
    const [found] = await chat(`代码是 ${CODE.slice(0, 8)} ${CODE.slice(8)}`);
    expect(found!.text).toContain('示例五金制品有限公司');
    expect(labels(found)).toEqual(['是的', '不是']);
    const confirmed = await chat('是的');
    // Once it has said who it is, the enterprise hears of the 免申即享 notices kept for it.
    expect(textOf(confirmed)).toContain('已确认符合1项免申即享政策');
    expect(textOf(confirmed)).toContain('《示例免申即享稳岗返还》（返还失业保险费的50%）');
    const { out } = await answerAll(chat, confirmed);
    const all = [...confirmed, ...out];
    expect(textOf(all)).toContain('示例五金制品有限公司：');
    const shown = cards(all);
    expect(shown.length).toBeGreaterThan(0);
    // A high-tech manufacturer in 东城区: the 高企 award fits, with its benefit, how to apply and source.
    const hte = shown.find((m) => m.entryId === 'policy-high-tech-enterprise-award');
    expect(hte).toBeDefined();
    expect(hte!.card!.body).toContain('30万元');
    expect(hte!.card!.facts.map((f) => f.label)).toEqual(expect.arrayContaining(['申报截止', '申报方式', '还需自行核实']));
    expect(hte!.card!.facts.find((f) => f.label === '申报方式')!.value).toBe('免申即享，无需申请');
    expect(hte!.card!.source).toContain('示例市科学技术局');
    // Policies for 个体工商户 do not fit a manufacturer and are not shown.
    expect(shown.map((m) => m.entryId)).not.toContain('policy-individual-to-enterprise-award');
    expect((await readState(h.storage, 'policy-code-000001')).state.policy).toBeUndefined();
    // The finished dialog is counted in the policy analytics like a match through the API: the
    // policies eligible outright (the 高企 award still waits on a manual check, so it is not one).
    const tally = tallies.at(-1)!;
    expect(tally.eligible.length).toBeGreaterThan(0);
    expect(tally.eligible).not.toContain('policy-high-tech-enterprise-award');
    for (const id of tally.eligible) expect(shown.map((m) => m.entryId)).toContain(id);
  });

  it('asks at most five questions with buttons when the code is not known, then shows cards and what may fit', async () => {
    const chat = h.chat('policy-questions-01');
    await chat('有啥补贴');
    const notFound = await chat('91110000600037341L');
    expect(textOf(notFound)).toContain('没有查到');
    const { out, asked } = await answerAll(chat, notFound);
    expect(asked).toBeGreaterThanOrEqual(2);
    expect(asked).toBeLessThanOrEqual(MAX_QUESTIONS);
    expect(textOf(out)).toMatch(/\d+项政策符合条件，\d+项可能符合/);
    expect(textOf(out)).toContain('以上结果根据您提供的信息自动匹配');
  });

  it('asks the district first (most policies need it), offers 跳过, and takes free text', async () => {
    const chat = plain.chat('policy-questions-02');
    const out = await chat('符合哪些惠企政策');
    // Without a registry the questions start at once.
    const q1 = last(out);
    expect(q1.text).toContain('注册在哪个区县');
    expect(labels(q1)).toEqual(expect.arrayContaining(['东城区', '其他地区', '跳过']));
    const q2 = last(await chat('我们在南湖'));
    expect(q2.text).not.toContain('区县');
    expect(labels(q2)).toContain('跳过');
    const q3 = last(await chat('不清楚'));
    expect(q3.text).not.toBe(q2.text);
  });

  it('asks again after an answer it cannot read, and a question of its own leaves the dialog', async () => {
    const chat = plain.chat('policy-questions-03');
    await chat('我们公司能享受什么政策');
    const again = last(await chat('火星'));
    expect(again.text).toContain('没能看懂这个回答');
    const answer = await chat('开药店要什么材料');
    expect(answer[0]).toMatchObject({ type: 'answer', entryId: 'item-drug-retail' });
    expect((await readState(plain.storage, 'policy-questions-03')).state.policy).toBeUndefined();
  });

  it('取消 leaves the dialog', async () => {
    const chat = plain.chat('policy-questions-04');
    await chat('有没有什么奖励可以拿');
    expect(textOf(await chat('取消'))).toContain('已退出政策匹配');
    expect((await readState(plain.storage, 'policy-questions-04')).state.policy).toBeUndefined();
  });

  it('answers a question about one named policy with the engine, not the dialog', async () => {
    const chat = plain.chat('policy-named-00001');
    const [m] = await chat('高新技术企业认定奖励需要什么材料');
    expect(m!.type).toBe('answer');
    expect(m!.entryId).toBe('policy-high-tech-enterprise-award');
    expect((await readState(plain.storage, 'policy-named-00001')).state.policy).toBeUndefined();
  });

  it('takes a reported problem for a hand-off, not a request for policies, though the classifier may think so', async () => {
    const chat = plain.chat('policy-complaint-001');
    const out = await chat('物业乱收费');
    expect(textOf(out)).not.toContain('政策');
    expect((await readState(plain.storage, 'policy-complaint-001')).state.policy).toBeUndefined();
    // The sample knowledge base says where to report 乱收费.
    expect(out[0]!.entryId).toBe('faq-0055');
  });

  it('speaks traditional script to a traditional-script user, cards included', async () => {
    const chat = plain.chat('policy-traditional-1');
    const first = await chat('我們公司能享受哪些補貼');
    expect(last(first).text).toContain('註冊在哪個區縣');
    const { out, asked } = await answerAll(chat, first, '跳過');
    expect(asked).toBeGreaterThan(0);
    expect(textOf(out)).toContain('項政策');
    for (const c of cards(out)) expect(c.card!.fieldLabel).toBe('支持內容');
  });

  it('is off without the policy catalogue: the question goes to the engine', async () => {
    const off = await createHarness();
    try {
      await off.chat('policy-off-0000001')('我们能享受哪些政策');
      expect((await readState(off.storage, 'policy-off-0000001')).state.policy).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});
