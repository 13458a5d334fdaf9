/**
 * Every Chinese sentence the ticket modules produce, keyed by a stable ASCII code. Code lives in
 * the other modules; wording lives here, so an editor can change it without touching logic.
 * The codes come from codes.ts (and the other modules' own code lists, type-only), so no module
 * that uses this wording is imported back.
 */
import type { UsccErrorCode } from '../identifiers';
import type { PhoneErrorCode } from './phone';
import type { CalendarErrorCode, DistrictErrorCode, SlaColour, SlaOutcome, TicketStatus, TransitionErrorCode, TriageReasonCode } from './codes';

export const VALIDATION_CODES = [
  'required',
  'invalid_type',
  'too_short',
  'too_long',
  'too_few',
  'too_many',
  'invalid_format',
  'invalid_value',
  'unknown_field',
  'department_required',
  'answer_required',
  'reason_required',
] as const;
export type ValidationCode = (typeof VALIDATION_CODES)[number];

/** Codes whose text is shown for a value, not an error: statuses and traffic lights. */
type StatusKey = `status.${TicketStatus}`;
type LightKey = `light.${SlaColour}`;
type OutcomeKey = `outcome.${SlaOutcome}`;

export type MessageCode =
  | ValidationCode
  | UsccErrorCode
  | PhoneErrorCode
  | DistrictErrorCode
  | TransitionErrorCode
  | TriageReasonCode
  | CalendarErrorCode
  | StatusKey
  | LightKey
  | OutcomeKey;

/** {field}, {limit}, {keys} are filled by message(); other text is literal. */
export const MESSAGES: Record<MessageCode, string> = {
  // generic validation
  required: '{field}不能为空',
  invalid_type: '{field}的类型不正确',
  too_short: '{field}至少需要{limit}个字符',
  too_long: '{field}不能超过{limit}个字',
  too_few: '{field}至少需要{limit}项',
  too_many: '{field}最多{limit}项',
  invalid_format: '{field}格式不正确',
  invalid_value: '{field}的取值不在允许范围内',
  unknown_field: '包含不认识的字段：{keys}',
  department_required: '状态为“已分派”时必须注明承办部门',
  answer_required: '状态为“已办结”时必须填写办理结果',
  reason_required: '状态为“已退回”时必须说明退回原因',
  // 统一社会信用代码
  uscc_length: '统一社会信用代码应为18位',
  uscc_charset: '统一社会信用代码只能包含数字和大写字母（不含I、O、S、V、Z）',
  uscc_region: '统一社会信用代码第3至8位应为登记管理机关行政区划码（6位数字）',
  uscc_check: '统一社会信用代码校验位不正确，请核对是否输错',
  uscc_org_check: '统一社会信用代码中的组织机构代码（第9至17位）校验不通过，请核对是否输错',
  // phone
  phone_invalid: '联系电话格式不正确：请填写11位手机号，或带区号的固定电话（如0591-87654321，分机可写作“转8001”）',
  // districts
  district_unknown: '所属区县不在本市范围内，请从列表中选择',
  town_unknown: '所填乡镇（街道）不属于该区县',
  districts_duplicate: '区县或乡镇名称重复',
  // status transitions and ratings
  ticket_closed: '工单已关闭，不能再更新状态',
  invalid_transition: '工单当前状态不允许这样变更',
  not_rateable: '工单办结后才能评价',
  already_rated: '该工单已经评价过',
  // triage reasons
  keyword_match: '诉求内容命中关键词',
  kb_department: '未命中关键词，采用知识库条目所属部门',
  kb_department_unmapped: '未命中关键词，知识库条目所属部门不在部门表中，按原名转交',
  multiple_departments: '涉及多个部门，由市级统筹',
  rule_default_level: '按分类规则的默认层级',
  department_default_level: '按承办部门的默认层级',
  town_level: '企业所在乡镇（街道）可就近办理',
  city_level: '企业属市本级',
  no_rule_matched: '未命中任何分类规则，按默认分类转交',
  default_general: '未发现复杂情形，按一般诉求办理',
  default_normal: '未发现紧急情形，按普通时限办理',
  model_category: '按历史诉求训练的分类模型判断分类',
  model_department: '按历史诉求训练的分类模型判断承办部门',
  needs_review: '分类模型把握不足，转人工研判',
  // calendar
  calendar_conflict: '同一天既是节假日又是调休上班日',
  calendar_missing_year: '工作日历未覆盖该年份',
  // statuses
  'status.queued': '待推送',
  'status.delivered': '已推送',
  'status.received': '已受理',
  'status.assigned': '已分派',
  'status.in_progress': '处理中',
  'status.resolved': '已办结',
  'status.rejected': '已退回',
  'status.closed': '已关闭',
  // traffic lights
  'light.green': '正常',
  'light.yellow': '即将超期',
  'light.red': '已超期',
  'light.grey': '已办结',
  // whether an answered ticket kept its deadline
  'outcome.met': '按时办结',
  'outcome.missed': '超时办结',
};

/** Chinese names of input fields, for messages about built-in checks. Array indices become "*". */
export const FIELD_LABELS: Record<string, string> = {
  '': '工单',
  channel: '渠道',
  applicant: '诉求人',
  'applicant.kind': '诉求人类型',
  'applicant.district': '所在区县',
  'applicant.town': '所在乡镇（街道）',
  enterprise: '企业信息',
  'enterprise.name': '企业名称',
  'enterprise.creditCode': '统一社会信用代码',
  'enterprise.district': '所属区县',
  'enterprise.town': '所属乡镇（街道）',
  contact: '联系人信息',
  'contact.name': '联系人姓名',
  'contact.phone': '联系电话',
  demand: '诉求',
  'demand.summary': '诉求摘要',
  'demand.detail': '诉求详情',
  'demand.location': '问题地点',
  'demand.turns': '对话记录',
  'demand.turns.*.role': '对话角色',
  'demand.turns.*.text': '对话内容',
  'demand.turns.*.at': '对话时间',
  'demand.candidates': '已尝试的知识条目',
  'demand.candidates.*.entryId': '知识条目编号',
  'demand.candidates.*.title': '知识条目标题',
  'demand.candidates.*.score': '知识条目得分',
  idempotencyKey: '幂等键',
  sessionId: '会话编号',
  status: '状态',
  at: '时间',
  department: '承办部门',
  answer: '办理结果',
  reason: '退回原因',
  note: '备注',
  score: '评分',
  comment: '评价内容',
};

export function fieldLabel(path: string): string {
  const generic = path.replace(/\.\d+(?=\.|$)/g, '.*');
  return FIELD_LABELS[generic] ?? FIELD_LABELS[path] ?? (path || '工单');
}

export function message(code: MessageCode, vars: Record<string, string> = {}): string {
  const text = MESSAGES[code] ?? code;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');
}

export const statusName = (status: TicketStatus): string => MESSAGES[`status.${status}`];
export const trafficLightName = (light: SlaColour): string => MESSAGES[`light.${light}`];
export const slaOutcomeName = (outcome: SlaOutcome): string => MESSAGES[`outcome.${outcome}`];
