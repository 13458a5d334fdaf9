/**
 * Composes the answer text for one field of one entry, only from what the entry says.
 * When the entry lacks the field, the answer says so and points to the phone or a person:
 * it never fills the gap.
 */
import type { Entry, Policy, ServiceItem } from '../kb';
import type { Field } from './types';
import { FIELD_LABELS } from './messages';

const ITEM_FIELDS: Field[] = ['materials', 'time_limit', 'location', 'phone', 'online', 'fees', 'conditions', 'visits'];
const POLICY_FIELDS: Field[] = ['conditions', 'benefits', 'how_to_apply', 'time_limit', 'phone'];

function days(n: number): string {
  return n === 0 ? '即办（当场办结）' : `${n}个工作日`;
}

function materialLine(m: ServiceItem['materials'][number], i: number): string {
  const details = [m.form, m.copies ? `${m.copies}份` : undefined, m.required ? undefined : '非必需', m.note]
    .filter(Boolean)
    .join('，');
  return `${i + 1}. ${m.name}${details ? `（${details}）` : ''}`;
}

function itemTimeLimit(item: ServiceItem): string | undefined {
  const parts: string[] = [];
  if (item.promisedDays !== undefined) parts.push(`承诺办结时限：${days(item.promisedDays)}`);
  if (item.statutoryDays !== undefined) parts.push(`法定办结时限：${days(item.statutoryDays)}`);
  if (item.timeLimitNote) parts.push(item.timeLimitNote);
  return parts.length ? parts.join('；') + '。' : undefined;
}

function visitsText(visits: number): string {
  if (visits === 0) return '零跑动：全程网上办理，不用到现场。';
  if (visits === 1) return '最多跑一次。';
  return `需要到现场${visits}次。`;
}

/** The body of an item's field, or undefined when the catalogue does not say. */
function itemField(item: ServiceItem, field: Field, question: string): string | undefined {
  switch (field) {
    case 'materials':
      return item.materials.length
        ? `需要准备以下材料（共${item.materials.length}项）：\n${item.materials.map(materialLine).join('\n')}`
        : undefined;
    case 'time_limit':
      return itemTimeLimit(item);
    case 'location':
      return item.location
        ? `办理地点：${item.location}${item.hours ? `\n办公时间：${item.hours}` : ''}`
        : undefined;
    case 'phone': {
      const consult = item.consultPhone && `咨询电话：${item.consultPhone}`;
      const complain = item.complaintPhone && `投诉电话：${item.complaintPhone}`;
      const ordered = /投诉|举报|监督/.test(question) ? [complain, consult] : [consult, complain];
      const lines = ordered.filter(Boolean);
      return lines.length ? lines.join('\n') : undefined;
    }
    case 'online':
      if (!item.online) return undefined;
      return item.online.available
        ? `可以网上办理${item.online.url ? `：${item.online.url}` : '。'}${item.online.note ? `\n${item.online.note}` : ''}`
        : `暂不支持网上办理，需要到现场办理${item.location ? `：${item.location}` : '。'}${item.online.note ? `\n${item.online.note}` : ''}`;
    case 'fees':
      return item.fees ? `收费：${item.fees}` : undefined;
    case 'conditions':
      return item.conditions ? `受理条件：${item.conditions}` : undefined;
    case 'visits':
      return item.visits !== undefined ? visitsText(item.visits) : undefined;
    default:
      return itemOverview(item);
  }
}

function itemOverview(item: ServiceItem): string {
  const lines = [
    `办理部门：${item.department}`,
    itemTimeLimit(item) && `办理时限：${itemTimeLimit(item)}`,
    item.visits !== undefined && `跑动次数：${visitsText(item.visits)}`,
    item.materials.length > 0 && `申请材料：共${item.materials.length}项（可以问我"要什么材料"查看清单）`,
    item.location && `办理地点：${item.location}`,
    item.online && `网上办理：${item.online.available ? (item.online.url ?? '支持') : '暂不支持'}`,
    item.fees && `收费：${item.fees}`,
    item.consultPhone && `咨询电话：${item.consultPhone}`,
  ];
  return lines.filter(Boolean).join('\n');
}

const NO_APPLICATION = '这是一项"免申即享"政策，符合条件的企业无需申请。';

function policyField(policy: Policy, field: Field): string | undefined {
  switch (field) {
    case 'conditions':
      return policy.eligibility && `申报条件：${policy.eligibility}`;
    case 'benefits':
      return policy.benefits && `支持标准：${policy.benefits}`;
    case 'how_to_apply':
      if (policy.howToApply) return `${policy.noApplication ? `${NO_APPLICATION}\n` : ''}申请方式：${policy.howToApply}`;
      return policy.noApplication ? NO_APPLICATION : undefined;
    case 'time_limit':
      return policy.validFrom || policy.validTo
        ? `政策有效期：${policy.validFrom ?? '发布之日'}至${policy.validTo ?? '另行通知'}`
        : undefined;
    case 'phone':
      return policy.phone ? `咨询电话：${policy.phone}` : undefined;
    default:
      return [
        policy.summary,
        policy.noApplication ? NO_APPLICATION : undefined,
        policy.benefits && `支持标准：${policy.benefits}`,
        policy.eligibility && `申报条件：${policy.eligibility}`,
      ]
        .filter(Boolean)
        .join('\n');
  }
}

function heading(entry: Entry): string {
  switch (entry.kind) {
    case 'item':
      return `「${entry.name}」`;
    case 'policy':
      return `「${entry.title}」${entry.noApplication ? '（免申即享）' : ''}`;
    case 'faq':
      return '';
  }
}

function moreHint(entry: Entry, field: Field): string {
  const options = entry.kind === 'item' ? ITEM_FIELDS : entry.kind === 'policy' ? POLICY_FIELDS : [];
  const rest = options.filter((f) => f !== field).slice(0, 5).map((f) => FIELD_LABELS[f]);
  return rest.length ? `还可以问我：${rest.join('、')}。` : '';
}

function citation(entry: Entry): string {
  const dept = entry.kind === 'faq' ? entry.department : entry.department;
  return `来源：${dept ? `${dept} · ` : ''}${entry.kind === 'item' ? '事项' : entry.kind === 'policy' ? '政策' : '问答'} ${entry.id}`;
}

/**
 * What an entry says about a field, without heading or citation (undefined when it does not say):
 * look-alike entries that say the same are answered once (look-alikes.ts).
 */
export function answerBody(entry: Entry, field: Field, question = ''): string | undefined {
  if (entry.kind === 'faq') return entry.answer;
  return entry.kind === 'item' ? itemField(entry, field, question) : policyField(entry, field);
}

export interface ComposedAnswer {
  text: string;
  /** False when the entry does not record the field: the text says so instead of answering. */
  found: boolean;
}

export function composeAnswer(entry: Entry, field: Field, question = ''): ComposedAnswer {
  if (entry.kind === 'faq') {
    return { text: `${entry.answer}\n\n${citation(entry)}`, found: true };
  }
  const body = answerBody(entry, field, question);
  const head = heading(entry);
  if (body === undefined) {
    const phone = entry.kind === 'item' ? entry.consultPhone : entry.phone;
    const text =
      `${head}的资料里没有写明${FIELD_LABELS[field]}。` +
      (phone ? `可以拨打咨询电话 ${phone} 确认，` : '') +
      `也可以说"转人工"由工作人员为您解答。\n\n${citation(entry)}`;
    return { text, found: false };
  }
  const text = `${head}${field === 'overview' ? '' : FIELD_LABELS[field]}\n${body}\n\n${moreHint(entry, field)}\n${citation(entry)}`;
  return { text: text.replace(/\n{3,}/g, '\n\n'), found: true };
}
