/**
 * Every user-facing sentence of the engine, keyed by stable codes (cf. zod's locales):
 * codes travel in decisions and records, wording lives only here.
 */
import type { Field, HandoffReason } from './types';

export const FIELD_LABELS: Record<Field, string> = {
  materials: '所需材料',
  time_limit: '办理时限',
  location: '办理地点',
  phone: '咨询电话',
  online: '能否网上办理',
  fees: '收费标准',
  conditions: '受理条件',
  visits: '跑动次数',
  benefits: '支持标准',
  how_to_apply: '申请方式',
  overview: '基本信息',
};

export const HANDOFF_TEXT: Record<HandoffReason, string> = {
  empty: '您好像还没有输入问题。可以直接说要办的事，比如"开药店要什么材料"。',
  invalid_input: '这条消息我没能看懂。请用文字描述您要办理的事项或遇到的问题；也可以说"转人工"。',
  asked_for_person: '好的，这就为您转人工服务。为了让相关部门不用再回头问您，我会先记下几项信息。',
  complaint: '您反映的问题需要相关部门核实处理，我来帮您登记转办，办理进展会及时告诉您。',
  specific_case: '查询或催办具体的办件需要工作人员核实，我来帮您登记转办。',
  prompt_injection: '抱歉，我只能回答政务服务事项和惠企政策方面的问题。如需人工帮助，请说"转人工"。',
  out_of_scope: '这个问题不在我能回答的范围内，我不想给您不准确的答复。可以为您转给工作人员处理。',
  low_confidence: '我不能确定您问的是哪项业务，为免答错，可以为您转给工作人员；您也可以换个说法，比如说出事项名称。',
};

export const CLARIFY_TEXT = '您想问的是下面哪一项？请回复序号或名称：';

/** Clarify with one likely entry: a yes/no question rather than a list of one. */
export const CONFIRM_TEXT = '您想问的是不是这一项？是的话请回复"1"或点选：';

/** Look-alike entries that say the same: the answer is given once and says whom it covers. */
export const SAME_ANSWER_TEXT = (labels: readonly string[]) => `以上内容同样适用于：${labels.join('；')}。`;
