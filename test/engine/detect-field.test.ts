import { detectFields, fieldForKind } from '../../src/engine/detect-field';
import { normalise } from '../../src/engine/text';

const fieldOf = (q: string) => detectFields(normalise(q).text).fields[0];

describe('detectFields', () => {
  it.each([
    ['开药店要带什么材料', 'materials'],
    ['公积金 提取 资料', 'materials'],
    ['营业执照多久能办好', 'time_limit'],
    ['食品经营许可几个工作日', 'time_limit'],
    ['在哪里办排水许可', 'location'],
    ['施工许可的窗口在几楼', 'location'],
    ['咨询电话是多少', 'phone'],
    ['药店许可投诉电话', 'phone'],
    ['可以网上办吗', 'online'],
    ['办这个要不要钱', 'fees'],
    ['需要什么条件才能申请', 'conditions'],
    ['要跑几次', 'visits'],
    ['辦理需要什麼材料', 'materials'],
  ])('%s → %s', (question, field) => {
    expect(fieldOf(question)).toBe(field);
  });

  it('lets a specific cue win over a generic "需要什么"', () => {
    expect(fieldOf('需要什么条件')).toBe('conditions');
  });

  it('keeps later fields in the order they were asked', () => {
    expect(detectFields(normalise('要什么材料，多久能拿证').text).fields).toEqual(['materials', 'time_limit']);
  });

  // The predicate outranks a noun that merely names a field.
  it.each([
    ['材料交到哪个窗口', 'location'],
    ['材料交上去多久出结果', 'time_limit'],
    ['接收手续去哪办', 'location'],
    ['网上申请的话要上传哪些材料', 'materials'],
    ['聘用企业变更注册的材料能在网上提交吗', 'online'],
    ['打电话之前想先弄清楚什么情况才能申请', 'conditions'],
    ['网上能办吗', 'online'],
    ['个体户能办吗', 'conditions'],
  ])('%s asks %s', (question, field) => {
    expect(fieldOf(question)).toBe(field);
  });

  // Who may do it, and what it takes, ask the conditions; what one hands in asks the materials.
  it.each([
    ['这个培训什么人能报名', 'conditions'],
    ['什么样的企业可以申请', 'conditions'],
    ['除了本人谁还能查', 'conditions'],
    ['讲座是给谁参加的', 'conditions'],
    ['参观有什么限制吗', 'conditions'],
    ['需要满足什么前提', 'conditions'],
    ['怎样才能拿到补贴', 'conditions'],
    ['去窗口要递上什么', 'materials'],
    ['网上申报时要上传什么', 'materials'],
    ['预约表要填什么', 'materials'],
    ['窗口要收哪些东西', 'materials'],
  ])('%s asks %s', (question, field) => {
    expect(fieldOf(question)).toBe(field);
  });

  it('leaves what is paid and time limits to their own fields', () => {
    expect(fieldOf('办理要收什么费用')).toBe('fees');
    expect(fieldOf('有没有时间限制')).not.toBe('conditions');
    expect(fieldOf('给谁打电话')).toBe('phone');
  });

  it('does not take "前几天" for a question about days', () => {
    expect(fieldOf('前几天把残疾人证弄丢了，补办要带什么')).toBe('materials');
  });

  it('finds nothing in a plain name', () => {
    expect(fieldOf('建筑工程施工许可证核发')).toBeUndefined();
  });
});

describe('fieldForKind', () => {
  it('maps item questions onto what a policy can answer', () => {
    expect(fieldForKind('fees', 'policy')).toBe('benefits');
    expect(fieldForKind('materials', 'policy')).toBe('how_to_apply');
    expect(fieldForKind(undefined, 'item')).toBe('overview');
  });
});
