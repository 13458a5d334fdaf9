/** The hand-off intake: cancel, corrections, values typed early, issues from the ticket service. */
import { readState, stateKey } from '../../src/conversation/state';
import type { TicketService } from '../../src/tickets/service';
import { createHarness, textOf, type Harness, toSummary } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());


describe('cancel', () => {
  it('"算了" at any step ends the intake and forgets what was typed', async () => {
    const chat = h.chat('cancel-session-0001');
    await chat('我要投诉，电话13800138000');
    await chat('示例科技有限公司');
    expect(textOf(await chat('算了'))).toBe('好的，已取消登记。还有其他问题可以继续问我。');
    const { state } = await readState(h.storage, 'cancel-session-0001');
    expect(state.intake).toBeUndefined();
    expect(state.known).toEqual({});
    expect(textOf(await chat('你好'))).toContain('请问有什么可以帮您');
  });

  it('the 取消 button on the summary cancels too', async () => {
    const chat = h.chat('cancel-session-0002');
    await toSummary(chat);
    expect(textOf(await chat({ text: '取消' }))).toContain('已取消登记');
  });

  it('"取消" with nothing going on is harmless', async () => {
    expect(textOf(await h.chat('cancel-session-0003')('取消'))).toBe('好的。还有什么可以帮您？');
  });
});

describe('corrections', () => {
  it('"改一下企业名称" at the summary asks for the name again, then shows the summary', async () => {
    const chat = h.chat('correct-session-001');
    expect(await toSummary(chat)).toContain('企业名称：示例科技有限公司');
    expect(textOf(await chat('改一下企业名称'))).toBe('请问贵企业的名称是？（营业执照上的全称）');
    const summary = textOf(await chat('示例智能科技有限公司'));
    expect(summary).toContain('企业名称：示例智能科技有限公司');
    expect(summary).toContain('所在区县：示例高新技术产业开发区');
    expect(summary).toContain('联系电话：0591-87654321');
  });

  it('"电话填错了，应该是…" takes the new number at once', async () => {
    const chat = h.chat('correct-session-002');
    await toSummary(chat);
    const summary = textOf(await chat('电话填错了，应该是139 0013 9000'));
    expect(summary).toContain('联系电话：13900139000');
    expect(summary).toContain('请核对以下信息');
  });

  it('a wrong new value is explained', async () => {
    const chat = h.chat('correct-session-003');
    await toSummary(chat);
    const reply = textOf(await chat('电话改成12345'));
    expect(reply).toContain('联系电话格式不正确');
    expect(reply).toContain('请留一个联系电话');
    expect(textOf(await chat('13900139000'))).toContain('联系电话：13900139000');
  });

  it('"修改" offers the fields; a field button asks for it again', async () => {
    const chat = h.chat('correct-session-004');
    await toSummary(chat);
    const [which] = await chat('修改');
    expect(which!.text).toBe('请问要修改哪一项？');
    const district = which!.choices!.find((c) => c.label === '所在区县')!;
    expect(district.input).toEqual({ text: '修改所在区县' });
    expect(textOf(await chat(district.input))).toContain('哪个区县');
    expect(textOf(await chat('青溪县城关镇'))).toContain('所在区县：青溪县 城关镇');
  });

  it('"我填错了" in the middle of the intake asks which field', async () => {
    const chat = h.chat('correct-session-005');
    await chat('转人工');
    await chat('示例科技有限公司');
    expect(textOf(await chat('我填错了'))).toBe('请问要修改哪一项？');
    expect(textOf(await chat('企业名称'))).toContain('企业的名称');
  });

  it('"不对" on the summary asks what to change', async () => {
    const chat = h.chat('correct-session-006');
    await toSummary(chat);
    expect(textOf(await chat('不对'))).toBe('请问要修改哪一项？');
  });
});

describe('values the user gave before being asked', () => {
  it('takes company, credit code and phone from the first message', async () => {
    const chat = h.chat('known-session-00001');
    const out = await chat('我是示例五金制品有限公司的，信用代码9135 0100 M000 100Y43，电话138-0013-8000，我们的补贴为什么还没到账？');
    expect(out[0]!.type).toBe('handoff');
    // Company, code and phone are known: the district is the first question.
    expect(out[1]!.text).toContain('哪个区县');
    await chat('东城区');
    const summary = textOf(await chat('王五'));
    expect(summary).toContain('企业名称：示例五金制品有限公司');
    expect(summary).toContain('统一社会信用代码：91350100M000100Y43');
    expect(summary).toContain('联系电话：13800138000');
    expect(summary).toContain('诉求：我是示例五金制品有限公司的');
  });

  it('contact details typed when the company is asked are kept, and the company asked again', async () => {
    const chat = h.chat('known-session-00002');
    await chat('转人工');
    await chat('想咨询高新技术企业认定的申报时间');
    expect(textOf(await chat('我叫李四，电话0591-87654321'))).toBe('请问贵企业的名称是？（营业执照上的全称）');
    await chat('示例科技有限公司');
    await chat('91350100M000100Y43');
    // Contact name and phone are not asked: the summary is next.
    expect(textOf(await chat('东城区'))).toContain('请核对以下信息');
  });

  it('"转人工" after an unanswered question takes that question as the demand', async () => {
    const chat = h.chat('known-session-00003');
    const [first] = await chat('在日本注册公司要什么材料');
    expect(first!.type).toBe('handoff');
    await chat('取消');
    await chat('转人工');
    await chat('示例科技有限公司');
    await chat('东城区');
    await chat('李四');
    expect(textOf(await chat('13800138000'))).toContain('诉求：在日本注册公司要什么材料');
  });

  it('a long report becomes a 200-character summary and the full detail', async () => {
    const chat = h.chat('known-session-00004');
    const report = '我要投诉，' + '厂区门口的道路破损严重，'.repeat(30);
    await chat('转人工');
    expect(textOf(await chat(report))).toContain('具体在什么位置');
    await chat('厂区门口');
    await chat('示例科技有限公司');
    await chat('东城区');
    await chat('李四');
    const summary = textOf(await chat('13800138000'));
    expect(summary).toContain('诉求：我要投诉');
    const [ticket] = await chat('确认提交');
    const view = (await h.tickets.status(ticket!.ticketId!))!;
    expect(view.ticket.demand.summary).toHaveLength(200);
    expect(view.ticket.demand.summary.endsWith('…')).toBe(true);
    expect(view.ticket.demand.detail).toBe(report);
  });
});

describe('a question in the middle of the intake', () => {
  it('is answered, and what was collected is kept for later', async () => {
    const chat = h.chat('escape-session-0001');
    await chat('在日本注册公司要什么材料');
    // Out of scope and no matter for a department: offered, then taken up.
    await chat('转人工');
    const out = await chat('开药店要什么材料？');
    expect(out[0]).toMatchObject({ type: 'answer', entryId: 'item-drug-retail' });
    expect(out[1]!.text).toContain('说“转人工”即可继续登记');
    expect((await chat('那要多久'))[0]).toMatchObject({ type: 'answer', field: 'time_limit' });
  });

  it('chit-chat is not taken for a value', async () => {
    const chat = h.chat('escape-session-0002');
    await chat('转人工');
    const out = await chat('你好');
    expect(out.map((m) => m.text)).toEqual(['正在为您登记转人工，请继续填写。', '请简要描述您的诉求或遇到的问题。']);
    // Nor is small talk.
    expect(textOf(await chat('今天天气怎么样'))).toBe('正在为您登记转人工，请继续填写。\n请简要描述您的诉求或遇到的问题。');
  });
});

describe('one intake, one ticket', () => {
  it('a new intake after a lost state files a new ticket, not the old one again', async () => {
    const chat = h.chat('lost-state-session1');
    await toSummary(chat);
    const [first] = await chat('确认提交');
    await h.storage.delete([stateKey('lost-state-session1')]);
    await toSummary(chat);
    const [second] = await chat('确认提交');
    expect(second!.type).toBe('ticket');
    expect(second!.ticketId).not.toBe(first!.ticketId);
  });
});

describe('issues from the ticket service', () => {
  it('go back to the step that holds the value', async () => {
    let calls = 0;
    const tickets: TicketService = {
      ...h.tickets,
      // A rule the dialog does not check itself: the service rejects the phone once.
      async fileTicket(input, opts) {
        if (calls++ === 0)
          return { ok: false, issues: [{ path: 'contact.phone', code: 'phone_invalid', message: '该号码已停机，请换一个联系电话' }] };
        return h.tickets.fileTicket(input, opts);
      },
    };
    const other = await createHarness({ tickets });
    try {
      const chat = other.chat('issues-session-0001');
      await toSummary(chat);
      const reply = textOf(await chat('确认提交'));
      expect(reply).toBe('该号码已停机，请换一个联系电话。请留一个联系电话（手机号，或带区号的固定电话），工作人员会通过它联系您。');
      expect(textOf(await chat('13900139000'))).toContain('联系电话：13900139000');
      const [ticket] = await chat('确认提交');
      expect(ticket!.type).toBe('ticket');
      expect((await other.tickets.status(ticket!.ticketId!))!.ticket.contact.phone).toBe('13900139000');
    } finally {
      await other.close();
    }
  });

  it('a store failure keeps the values for a retry with the same idempotency key', async () => {
    let fail = true;
    const seen: unknown[] = [];
    const tickets: TicketService = {
      ...h.tickets,
      async fileTicket(input, opts) {
        seen.push(input);
        if (fail) throw new Error('disk full');
        return h.tickets.fileTicket(input, opts);
      },
    };
    const other = await createHarness({ tickets });
    try {
      const chat = other.chat('issues-session-0002');
      await toSummary(chat);
      const [failed] = await chat('确认提交');
      expect(failed!.text).toContain('提交时系统出了点问题');
      expect(failed!.choices!.map((c) => c.label)).toEqual(['确认提交', '取消']);
      expect(other.logs.join('\n')).toContain('ticket filing failed');
      fail = false;
      const [ticket] = await chat('确认提交');
      expect(ticket!.type).toBe('ticket');
      const keys = seen.map((i) => (i as { idempotencyKey: string }).idempotencyKey);
      expect(keys[0]).toBe(keys[1]);
      expect(keys[0]).toMatch(/^conv:issues-session-0002:\d+:[0-9a-f]{8}$/);
    } finally {
      await other.close();
    }
  });
});
