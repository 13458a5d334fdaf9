/**
 * The entry form's fields per kind. type: text | textarea | int | bool | date | select | list
 * (strings, row by row) | materials (table, row by row) | online (group). required: the schema
 * needs it. Keys are checked against the knowledge base's schema types (src/kb/schema.ts).
 */
import type { Faq, Policy, ServiceItem } from '../../../kb/schema';
import type { EntryKind } from './types';

export type FieldType = 'text' | 'textarea' | 'int' | 'bool' | 'date' | 'select' | 'list' | 'materials' | 'online';

export interface FieldSpec<E = Record<string, unknown>> {
  key: keyof E & string;
  label: string;
  type: FieldType;
  required?: boolean;
  hint?: string;
  options?: readonly string[];
}

const ID_HINT = '字母、数字和 . _ : -，保存后不能修改';

const ITEM: FieldSpec<ServiceItem>[] = [
  { key: 'id', label: '编号', type: 'text', required: true, hint: ID_HINT },
  { key: 'name', label: '事项名称', type: 'text', required: true },
  { key: 'aliases', label: '别名', type: 'list', hint: '用户可能的其他叫法' },
  { key: 'department', label: '实施部门', type: 'text', required: true },
  { key: 'itemType', label: '事项类型', type: 'text', hint: '行政许可 / 行政确认 / 公共服务 …' },
  { key: 'level', label: '层级', type: 'text', hint: '国家 / 省级 / 市级 / 区县级 / 乡镇' },
  { key: 'materials', label: '申请材料', type: 'materials' },
  { key: 'statutoryDays', label: '法定办结时限（工作日）', type: 'int' },
  { key: 'promisedDays', label: '承诺办结时限（工作日，0 = 即办）', type: 'int' },
  { key: 'timeLimitNote', label: '时限说明', type: 'text' },
  { key: 'visits', label: '跑动次数', type: 'int' },
  { key: 'location', label: '办理地点', type: 'text' },
  { key: 'hours', label: '办理时间', type: 'text' },
  { key: 'fees', label: '收费', type: 'text' },
  { key: 'consultPhone', label: '咨询电话', type: 'text' },
  { key: 'complaintPhone', label: '投诉电话', type: 'text' },
  { key: 'online', label: '网上办理', type: 'online' },
  { key: 'conditions', label: '办理条件', type: 'textarea' },
  { key: 'legalBasis', label: '设定依据', type: 'textarea' },
  { key: 'region', label: '地区', type: 'text' },
  { key: 'tags', label: '标签', type: 'list' },
  { key: 'source', label: '来源', type: 'text' },
];

const POLICY: FieldSpec<Policy>[] = [
  { key: 'id', label: '编号', type: 'text', required: true, hint: ID_HINT },
  { key: 'title', label: '政策名称', type: 'text', required: true },
  { key: 'aliases', label: '别名', type: 'list' },
  { key: 'level', label: '层级', type: 'select', options: ['国家', '省', '市', '区县'] satisfies Policy['level'][], required: true },
  { key: 'department', label: '主管部门', type: 'text', required: true },
  { key: 'summary', label: '政策摘要', type: 'textarea', required: true },
  { key: 'eligibility', label: '申请条件', type: 'textarea', required: true },
  { key: 'benefits', label: '扶持内容', type: 'textarea', required: true },
  { key: 'howToApply', label: '申请方式', type: 'textarea', required: true },
  { key: 'noApplication', label: '免申即享', type: 'bool' },
  { key: 'validFrom', label: '有效期开始', type: 'date' },
  { key: 'validTo', label: '有效期截止', type: 'date' },
  { key: 'region', label: '地区', type: 'text' },
  { key: 'phone', label: '咨询电话', type: 'text' },
  { key: 'tags', label: '标签', type: 'list' },
  { key: 'source', label: '来源', type: 'text' },
];

const FAQ: FieldSpec<Faq>[] = [
  { key: 'id', label: '编号', type: 'text', required: true, hint: ID_HINT },
  { key: 'question', label: '问题', type: 'text', required: true },
  { key: 'alternates', label: '其他问法', type: 'list', hint: '同一个问题的其他说法，每行一个' },
  { key: 'answer', label: '答案', type: 'textarea', required: true },
  { key: 'department', label: '部门', type: 'text' },
  { key: 'tags', label: '标签', type: 'list' },
  { key: 'source', label: '来源', type: 'text' },
];

export const FIELDS: Record<EntryKind, readonly FieldSpec[]> = { item: ITEM as FieldSpec[], policy: POLICY as FieldSpec[], faq: FAQ as FieldSpec[] };
