/**
 * Which part of an entry the question asks for. Cue patterns run on normalised (simplified)
 * text; the earliest cue wins when several appear, and later ones are kept as secondary fields.
 */
import type { EntryKind } from '../kb';
import type { Field } from './types';

/** Cue words still help FAQ matching ("多久到账") but should not decide which item is meant. */
export const CUE_FACTOR = 0.3;

interface Cue {
  field: Field;
  pattern: RegExp;
  /** Generic phrasing ("需要什么") that counts only when no specific cue is present. */
  weak?: boolean;
}

// Order matters only for ties at the same position: more specific cues first.
const CUE_PATTERNS: Cue[] = [
  { field: 'phone', pattern: /(电话|热线|号码|联系方式|联系电话|打给谁|打哪个|座机|手机号)/ },
  { field: 'visits', pattern: /(跑几次|跑几趟|去几次|去几趟|跑动|跑一次|几次现场|到场几次|零跑动|要跑|本人到场|亲自去)/ },
  {
    field: 'online',
    pattern: /(网上|线上|网办|在线|手机上|手机办|掌上|不用跑|不用去|不去现场|网站|网址|链接|小程序|app|粤省事|政务服务网|单一窗口|电子化|远程办)/,
  },
  {
    field: 'fees',
    pattern: /(收费|收不收费|费用|多少钱|要钱|要不要钱|交钱|花钱|免费|工本费|收费标准|贵不贵|几块钱|钱吗|交多少|缴多少|保证金)/,
  },
  {
    field: 'time_limit',
    pattern:
      /((多久|多长时间|多少时间|几天|多少天|几个工作日|多少个工作日|什么时候|多快)(才|能|可以|才能)?(批下来|办下来|下来|办好|办完|拿到证|拿证|拿到|下证|出证|审批|批|办)?|工作日|时限|期限|办结|时效|快不快|要等|等多久|当天|当场|立等|即办|要几个月|需要几个月|(审批|办理|办结|处理|审核)(时间|周期))/,
  },
  {
    field: 'location',
    pattern: /(在哪|在那里|哪里|哪儿|去哪|到哪|地址|地点|窗口|几楼|什么地方|哪个地方|哪个部门办|办事大厅|服务中心在)/,
  },
  {
    field: 'materials',
    pattern:
      /(材料|资料|什么证件|哪些证件|带证件|带的证件|要不要提供|需不需要提供|用不用提供|要不要交[^钱费]|要不要带|要提供[^ ]{1,12}吗|要交[^钱费 ]{1,12}吗|要带[^ ]{1,12}吗|带什么|带啥|带哪些|(填|递|递交|递上|上传|收|交)(些)?(啥|什么|哪些)(?![费钱])(东西|材料|资料|表)?|准备什么|准备啥|准备哪些|准备些|要准备|需要准备|提交什么|提交哪些|交什么|交哪些|手续|清单|要什么东西|需要什么东西|要哪些东西|什么证|哪些证)/,
  },
  { field: 'materials', pattern: /(需要哪些|需要什么|要什么|要哪些|要啥)/, weak: true },
  {
    field: 'conditions',
    pattern:
      /(条件|要求|什么资格|有资格|资格要求|符合|门槛|够不够|谁可以|哪些人|什么人可以|(?<!时间)限制|前提|(怎样|怎么|如何)才能|给谁(?!打)|谁(都|还|也)?(可以|能|才能|有资格)|(什么|哪些|哪类|哪种)(样的?)?(人|用户|单位|企业|对象|主体|机构|群体)(才|都|也)?(可以|能|可)|哪些企业|什么企业|适用|受理标准|具备|什么情况|哪些情况|什么情形|哪些情形|要不要办|需不需要办|用不用办|要不要做|需不需要做|要不要单独|需要办吗|还要审批吗|要审批吗|能不能享受|能否享受|能享受吗|可以享受吗|能不能拿|能拿吗|能不能申请|算不算|是不是可以|符不符合|够格|多远才能)/,
  },
  // A yes/no question about doing something ("能申请不定时工作制吗", "个体户能办吗") asks whether one
  // qualifies, unless a specific cue says what ("网上能办吗" asks about doing it online).
  {
    field: 'conditions',
    pattern: /(能不能办|可不可以办|能办吗|可以办吗|能申请吗|可以申请吗|能不能申请|(能不能|可不可以|能否|是否|能|可以)(?=[^ ]{0,15}吗)|最少|至少|最低|起码|才算)/,
    weak: true,
  },
  { field: 'benefits', pattern: /(补贴多少|奖励多少|补多少|奖多少|能拿多少|给多少|标准是|多少补贴|多少奖励|额度|补助标准|优惠多少|减免多少)/ },
  { field: 'how_to_apply', pattern: /(怎么申请|如何申请|怎么申报|如何申报|申报流程|申请流程|怎么领|如何领取|怎么拿|去哪申请|流程|步骤|怎么办理|如何办理|办理流程)/ },
];

const CUES = CUE_PATTERNS.map((cue) => ({ ...cue, global: new RegExp(cue.pattern.source, 'g') }));

export interface FieldCue {
  field: Field;
  /** The text that matched, e.g. 要带什么材料. */
  span: string;
  index: number;
}

export interface FieldDetection {
  /** Fields in the order the user mentioned them. */
  fields: Field[];
  /** The cues behind them (specific cues only, unless only generic ones were found). */
  cues: FieldCue[];
  /** Every cue span, generic ones included, so retrieval can give them less weight. */
  cueSpans: string[];
}

/** Morphemes that make a phrase a question: 哪, 多久, 几, 什么, 吗… */
const INTERROGATIVE = /(哪|多久|多长|多少|几(?!乎)|什么|啥|吗|么|能否|能不能|可不可以|是否|有没有|要不要|需不需要|用不用|怎样|如何|咋)/g;
/** "前几天" is a few days ago, not a question about days. */
const NOT_A_QUESTION = /(前|这|好|那)几/g;

type Hit = FieldCue & { order: number; weak: boolean; end: number };

/**
 * Whether a cue is the question's predicate rather than a noun the question mentions: a question
 * word stands in it or right around it, in the same clause, and belongs to no other cue.
 * "材料交到哪个窗口" mentions 材料 but asks 哪个窗口; "要上传哪些材料" asks the materials.
 */
function asks(text: string, hit: Hit, hits: readonly Hit[]): boolean {
  const clauseStart = text.lastIndexOf(' ', hit.index) + 1;
  const next = text.indexOf(' ', hit.end);
  const from = Math.max(clauseStart, hit.index - 2);
  const to = Math.min(next < 0 ? text.length : next, hit.end + 4);
  const window = text.slice(from, to).replace(NOT_A_QUESTION, (m) => ' '.repeat(m.length));
  for (const m of window.matchAll(INTERROGATIVE)) {
    const at = from + m.index;
    const inOwn = at >= hit.index && at < hit.end;
    const inOther = hits.some((h) => h.field !== hit.field && at >= h.index && at < h.end);
    if (inOwn || !inOther) return true;
  }
  return false;
}

export function detectFields(normalisedText: string, ignoreInside?: string): FieldDetection {
  const hits: Hit[] = [];
  CUES.forEach((cue, order) => {
    // A cue that is part of the entry's own name (资格 in 职业资格, 价格 in 价格争议调解) asks for nothing.
    for (const m of normalisedText.matchAll(cue.global)) {
      if (ignoreInside?.includes(m[0])) continue;
      hits.push({ field: cue.field, index: m.index, end: m.index + m[0].length, span: m[0], order, weak: cue.weak ?? false });
    }
  });
  const asking = new Set(hits.filter((h) => asks(normalisedText, h, hits)));
  // Per cue, its asking occurrence if it has one ("网上申请的话 … 网上能交吗"), else its first.
  const perCue = new Map<number, Hit>();
  for (const h of hits) {
    const kept = perCue.get(h.order);
    if (!kept || (!asking.has(kept) && asking.has(h))) perCue.set(h.order, h);
  }
  const found = [...perCue.values()];
  const strong = found.filter((h) => !h.weak);
  const pool = strong.length ? strong : found;
  // The predicate outranks a noun that merely names a field: asking cues first, each group in order.
  const used = [...pool].sort((a, b) => Number(asking.has(b)) - Number(asking.has(a)) || a.index - b.index || a.order - b.order);
  return {
    fields: preferOnline(unique(used.map((h) => h.field))),
    cues: used.map(({ field, span, index }) => ({ field, span, index })),
    cueSpans: found.map((h) => h.span),
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/**
 * "在哪里网上申请" asks where online, not where in person: an online cue outranks a location cue.
 */
function preferOnline(fields: Field[]): Field[] {
  const online = fields.indexOf('online');
  const location = fields.indexOf('location');
  if (online < 0 || location < 0 || online < location) return fields;
  return ['online', ...fields.filter((f) => f !== 'online')];
}

/**
 * Maps a detected field onto what an entry of this kind can answer:
 * a policy has eligibility, benefits and how to apply; an FAQ entry has one answer.
 */
export function fieldForKind(field: Field | undefined, kind: EntryKind): Field {
  if (!field) return 'overview';
  if (kind === 'faq') return field === 'overview' ? 'overview' : field;
  if (kind === 'policy') {
    switch (field) {
      case 'fees':
        return 'benefits';
      case 'materials':
      case 'online':
      case 'location':
      case 'visits':
        return 'how_to_apply';
      default:
        return field;
    }
  }
  // Items have no benefits; "how to apply" for an item is its overview (materials, place, online).
  if (field === 'benefits') return 'overview';
  if (field === 'how_to_apply') return 'overview';
  return field;
}
