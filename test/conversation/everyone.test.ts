/**
 * The hand-off intake for everyone, end to end on the real engine, ticket service and Botkit-free
 * conversation core: a person or a founder files without a credit code, a report about a place asks
 * where and the ticket keeps it, the last contact details are offered (masked) for the next ticket,
 * and nothing of a filed demand is taken up again.
 */
import { readState } from '../../src/conversation/state';
import type { OutMessage } from '../../src/conversation/types';
import { createHarness, textOf, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  // Every turn ended in a state its transition-table entry lists.
  expect(h.logs.filter((l) => l.includes('transition outside the table'))).toEqual([]);
  await h.close();
});

const ticketOf = async (out: OutMessage[]) => {
  const id = out.find((m) => m.type === 'ticket')?.ticketId;
  expect(id).toBeDefined();
  return (await h.tickets.status(id!))!.ticket;
};

describe('a person files without a credit code', () => {
  it('"以个人身份反映" where the enterprise is asked: no enterprise fields, the person is asked instead', async () => {
    const chat = h.chat('everyone-person-0001');
    await chat('转人工');
    const name = await chat('想咨询补缴养老保险的办法');
    expect(textOf(name)).toBe('请问贵企业的名称是？（营业执照上的全称）');
    const person = name[0]!.choices!.find((c) => c.label === '以个人身份反映')!;
    const district = textOf(await chat(person.input));
    expect(district).toContain('请问您所在');
    expect(textOf(await chat('东城区'))).toBe('请问您怎么称呼？（如“张先生”）');
    await chat('张先生');
    const summary = textOf(await chat('13800135678'));
    expect(summary).toContain('诉求人：个人');
    expect(summary).not.toContain('企业名称');
    expect(summary).not.toContain('统一社会信用代码');
    const ticket = await ticketOf(await chat('确认提交'));
    expect(ticket.applicant).toEqual({ kind: 'individual', district: '东城区' });
    expect(ticket.enterprise).toBeUndefined();
    expect(ticket.contact).toEqual({ name: '张先生', phone: '13800135678' });
  });

  it('"个体户没有代码" when the code is asked: a person too, and the company name is dropped', async () => {
    const chat = h.chat('everyone-person-0002');
    await chat('我们的稳岗补贴为什么还没到账');
    expect(textOf(await chat('老王面馆'))).toContain('请提供企业的统一社会信用代码');
    expect(textOf(await chat('个体户没有代码'))).toContain('请问您所在');
    await chat('西城区');
    await chat('王先生');
    const summary = textOf(await chat('13900139000'));
    expect(summary).toContain('诉求人：个人');
    expect(summary).not.toContain('老王面馆');
    expect((await ticketOf(await chat('确认提交'))).applicant).toEqual({ kind: 'individual', district: '西城区' });
  });
});

describe('the unregistered', () => {
  it('"还没注册呢" at the credit code moves on: a founder, asked once', async () => {
    const chat = h.chat('everyone-founder-001');
    await chat('转人工');
    await chat('想咨询开奶茶店的营业执照怎么申请');
    await chat('示例奶茶店');
    const asked = await chat('还没注册呢');
    expect(textOf(asked)).not.toContain('统一社会信用代码');
    expect(textOf(asked)).toContain('请问您所在');
    await chat('南湖区');
    await chat('李女士');
    const summary = textOf(await chat('13700137000'));
    expect(summary).toContain('诉求人：企业筹备中（尚未注册）');
    const ticket = await ticketOf(await chat('确认提交'));
    expect(ticket.applicant).toEqual({ kind: 'founder', district: '南湖区' });
    expect(ticket.enterprise).toBeUndefined();
  });

  it('"正在筹备" or "个人" in the demand itself says who files: the enterprise is not asked', async () => {
    const chat = h.chat('everyone-founder-002');
    await chat('转人工');
    expect(textOf(await chat('公司正在筹备，想了解开办企业的补贴政策'))).toContain('请问您所在');
    const person = h.chat('everyone-founder-003');
    await person('转人工');
    expect(textOf(await person('我想咨询一下个人怎么补缴养老保险'))).toContain('请问您所在');
  });

  it('an enterprise that has no code at hand skips it instead of being asked again', async () => {
    const chat = h.chat('everyone-nocode-0001');
    await chat('我们的稳岗补贴为什么还没到账');
    await chat('示例科技有限公司');
    const skipped = textOf(await chat('暂时提供不了'));
    expect(skipped).toContain('没有代码也可以登记');
    expect(skipped).toContain('企业位于哪个区县');
    await chat('东城区');
    await chat('李四');
    const summary = textOf(await chat('13800138000'));
    expect(summary).not.toContain('统一社会信用代码');
    const ticket = await ticketOf(await chat('确认提交'));
    expect(ticket.enterprise).toEqual({ name: '示例科技有限公司', district: '东城区' });
    expect(ticket.applicant).toEqual({ kind: 'enterprise' });
  });
});

describe('a report about a place', () => {
  it('a broken street light: where is asked, and the ticket carries the place', async () => {
    const chat = h.chat('everyone-light-00001');
    const out = await chat('小区门口的路灯坏了好几天了，晚上黑漆漆的');
    expect(out[0]!.type).toBe('handoff');
    expect(out[1]!.text).toContain('具体在什么位置');
    expect(out[1]!.choices!.map((c) => c.label)).toEqual(['说不清具体位置', '取消']);
    // The place names its district: a person is not asked for one.
    await chat('东城区幸福路与人民路交叉口东侧');
    await chat('个人');
    await chat('张先生');
    const summary = textOf(await chat('13800135678'));
    expect(summary).toContain('问题地点：东城区幸福路与人民路交叉口东侧');
    expect(summary).toContain('所在区县：东城区');
    const ticket = await ticketOf(await chat('确认提交'));
    expect(ticket.demand.location).toBe('东城区幸福路与人民路交叉口东侧');
    expect(ticket.applicant).toEqual({ kind: 'individual', district: '东城区' });
    expect(ticket.triage.department).toBe('市城市管理和综合执法局');
  });

  it('noise and pollution are places too; a question about a permit is not', async () => {
    for (const report of ['我要投诉楼下烧烤店油烟太大', '工地晚上施工太吵了']) {
      const out = await h.chat()(report);
      expect(textOf(out)).toContain('具体在什么位置');
    }
    const chat = h.chat('everyone-permit-0001');
    await chat('转人工');
    expect(textOf(await chat('环评手续要多久才能批下来'))).toBe('请问贵企业的名称是？（营业执照上的全称）');
  });

  it('a complaint the routing table places nowhere is still asked where, and may skip it', async () => {
    const chat = h.chat('everyone-tree-000001');
    const out = await chat('路边的大树倒了挡住了路，好几天了一直没人管');
    expect(textOf(out)).toContain('具体在什么位置');
    expect(out[out.length - 1]!.choices!.map((c) => c.label)).toContain('说不清具体位置');
  });

  it('"说不清具体位置" skips the place: the ticket goes without one', async () => {
    const chat = h.chat('everyone-light-00002');
    expect(textOf(await chat('路灯坏了半个月还没修'))).toContain('具体在什么位置');
    expect(textOf(await chat('说不清具体位置'))).toContain('工作人员会电话联系您确认位置');
    const { state } = await readState(h.storage, 'everyone-light-00002');
    expect(state.intake?.skipped).toEqual(['location']);
    expect(state.intake?.step).toBe('name');
  });
});

describe('the next ticket', () => {
  const session = 'everyone-again-00001';
  const chat = () => h.chat(session);

  it('offers the contact details of the last ticket, masked, and takes them', async () => {
    await chat()('我要投诉：厂门口道路破损半年没修好');
    await chat()('厂区南门外');
    await chat()('示例五金制品有限公司');
    await chat()('东城区');
    await chat()('张先生');
    await chat()('138 0013 5678');
    await ticketOf(await chat()('确认提交'));

    const again = await chat()('转人工');
    // A new demand: the filed complaint is not taken up again.
    expect(textOf(again)).toContain('请简要描述您的诉求或遇到的问题');
    expect(textOf(again)).not.toContain('厂门口');
    const [offer] = await chat()('我们的稳岗补贴为什么还没到账');
    expect(offer!.text).toBe('沿用上次的联系方式：示例五金制品有限公司，张先生 138****5678？');
    expect(offer!.choices!.map((c) => c.label)).toEqual(['沿用', '重新填写', '取消']);
    // The company was saved without a code; this demand needs one: only that is asked.
    expect(textOf(await chat()('沿用'))).toContain('请提供企业的统一社会信用代码');
    const summary = textOf(await chat()('91350100M000100Y43'));
    expect(summary).toContain('企业名称：示例五金制品有限公司');
    expect(summary).toContain('联系电话：138****5678');
    expect(summary).toContain('诉求：我们的稳岗补贴为什么还没到账');
    const ticket = await ticketOf(await chat()('确认提交'));
    expect(ticket.contact).toEqual({ name: '张先生', phone: '13800135678' });
    expect(ticket.enterprise).toEqual({ name: '示例五金制品有限公司', creditCode: '91350100M000100Y43', district: '东城区' });
    expect(ticket.demand.summary).toBe('我们的稳岗补贴为什么还没到账');
  });

  it('"重新填写" asks as usual', async () => {
    await chat()('转人工');
    await chat()('想咨询药店开办');
    expect(textOf(await chat()('重新填写'))).toBe('请问贵企业的名称是？（营业执照上的全称）');
    await chat()('取消');
  });

  it('"转人工" after a filed complaint starts a fresh demand, even when the complaint came from the engine', async () => {
    const other = h.chat('everyone-again-00002');
    await other('小区门口的路灯坏了好几天了');
    await other('人民路口');
    await other('个人');
    await other('东城区');
    await other('张先生');
    await other('13800135678');
    await ticketOf(await other('确认提交'));
    const out = await other('转人工');
    expect(out.map((m) => m.text)).toEqual([expect.stringContaining('转人工服务'), '请简要描述您的诉求或遇到的问题。']);
    const { state } = await readState(h.storage, 'everyone-again-00002');
    expect(state.intake?.values.summary).toBeUndefined();
    expect(state.intake?.values.location).toBeUndefined();
  });

  it('the details are kept per browser session; another session is not offered them', async () => {
    const stranger = h.chat('everyone-stranger-01');
    await stranger('转人工');
    expect(textOf(await stranger('我们的稳岗补贴为什么还没到账'))).toBe('请问贵企业的名称是？（营业执照上的全称）');
  });
});
