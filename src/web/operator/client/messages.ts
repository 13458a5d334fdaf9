/** The console's Chinese wording, in one place (codes from the API are words here). */
import type { HandoffReason, MatchLevel } from './types';

export const DECISION_TEXT: Partial<Record<HandoffReason, string>> = {
  complaint: '来电人在投诉或反映问题：建议建单转办。',
  specific_case: '来电人在查询或催办具体办件：建议建单转办。',
  asked_for_person: '来电人要求人工处理：可直接答复，或建单转办。',
  prompt_injection: '这句话不像政务咨询。',
  out_of_scope: '知识库里可能没有这个问题的答案，请核对建议或建单。',
  low_confidence: '不能确定来电人问的是哪项业务，请核对建议或追问事项名称。',
};
export const CLARIFY_TEXT = '有几项相近的业务，请向来电人确认是哪一项。';

export const MATCH_WORD: Record<MatchLevel, string> = {
  high: '高',
  medium: '中',
  low: '低',
};
export const matchText = (level: MatchLevel, semantic: boolean): string => (semantic ? '语义相近 · ' : '') + '匹配度 ' + MATCH_WORD[level];

export const TEXT = {
  emptyPrompt: '输入来电人的问题后，这里显示可以照读的答复。',
  noMatch: '没有找到相关的知识库条目。',
  copy: '复制',
  copied: '已复制',
  copyFailed: '复制失败',
  use: '用了这条',
  asked: (label: string, found: boolean) => '问的是：' + label + (found ? '' : '（条目未写明）'),
  caller: '来电人：',
  operator: '话务员：',
  callLabel: (id: string) => '通话 ' + id,
  usedOne: (title: string) => '已记录：用了“' + title + '”。',
  usedNone: '已记录：没有合适的建议。',
  offline: '无法连接服务器。',
  failed: (what: string, status: number) => what + '失败（' + status + '）',
  preview: (department: string, level1: string, level2: string) => '预计分派：' + department + '（' + level1 + ' / ' + level2 + '）',
  previewDue: (deadline: string) => '，办理时限 ' + deadline,
  previewWhy: (detail: string) => '依据：' + detail,
  previewReview: '待研判：规则未命中、分类模型把握不足，将转人工研判。',
  fixFields: '请按提示修改标出的字段。',
  filed: (id: string, department: string, deadline: string) => '工单已提交：' + id + '，承办部门：' + department + '，办理时限：' + deadline,
  logoutFailed: '退出失败，请重试。',
  history: (n: number) => (n ? '该来电人的历史工单（' + n + '）' : '该来电人没有历史工单。'),
  listEmpty: (searching: boolean) => (searching ? '没有找到符合条件的工单。' : '还没有工单。'),
  listTruncated: '只查找了最近的 5000 张工单；更早的工单请按工单号或电话查找。',
  due: '时限 ',
} as const;

export const WORKING_DAYS = (n: number) => n + '个工作日';
