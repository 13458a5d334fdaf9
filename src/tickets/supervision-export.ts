/**
 * The 督办 export's table: its Chinese column headings and value names (the message map of the
 * export), and one row per listed ticket. The HTTP layer writes it as CSV or Excel. Personal data
 * is as masked as in the list: the phone masked, no credit code, the summary masked.
 */
import type { Channel, Complexity, Urgency } from './schema';
import type { SupervisionRow } from './supervision-schema';

/** Column key → heading, in column order. */
export const EXPORT_COLUMNS = {
  id: '工单编号',
  createdAt: '提交时间',
  channel: '渠道',
  enterprise: '企业名称',
  district: '所属区县',
  town: '乡镇（街道）',
  level1: '一级分类',
  level2: '二级分类',
  level3: '三级分类',
  department: '承办部门',
  status: '办理状态',
  statusAt: '状态更新时间',
  urgency: '紧急程度',
  complexity: '诉求类型',
  workingDays: '办理时限（工作日）',
  dueAt: '办结时限',
  colour: '时限状态',
  workingDaysLeft: '剩余工作日',
  answeredAt: '答复时间',
  outcome: '是否按时办结',
  rating: '满意度评分',
  summary: '诉求摘要',
  contactName: '联系人',
  contactPhone: '联系电话（已脱敏）',
} as const;
export type ExportColumn = keyof typeof EXPORT_COLUMNS;

export const CHANNEL_NAMES: Record<Channel, string> = { web: '网页', api: '接口', hotline: '热线' };
export const COMPLEXITY_NAMES: Record<Complexity, string> = { general: '一般（3个工作日）', complex: '复杂（7个工作日）' };
export const URGENCY_NAMES: Record<Urgency, string> = { normal: '普通', urgent: '紧急' };

export const EXPORT_HEADINGS: readonly string[] = Object.values(EXPORT_COLUMNS);

/** "2026-11-25T09:00:00+08:00" → "2026-11-25 09:00" in Beijing time, for people and spreadsheets. */
export function beijingMinute(iso: string): string {
  // Most instants are stored with the Beijing offset already (formatBeijingIso): no Date needed.
  if (iso.length === 25 && iso.endsWith('+08:00')) return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** One row of the export, cells in EXPORT_COLUMNS order: text, or a number where one is meant. */
export function exportRow(r: SupervisionRow): (string | number)[] {
  const cells: Record<ExportColumn, string | number> = {
    id: r.id,
    createdAt: beijingMinute(r.createdAt),
    channel: CHANNEL_NAMES[r.channel],
    enterprise: r.enterprise,
    district: r.district,
    town: r.town ?? '',
    level1: r.category.level1,
    level2: r.category.level2,
    level3: r.category.level3 ?? '',
    department: r.department,
    status: r.statusName,
    statusAt: beijingMinute(r.statusAt),
    urgency: URGENCY_NAMES[r.urgency],
    complexity: COMPLEXITY_NAMES[r.complexity],
    workingDays: r.workingDays,
    dueAt: beijingMinute(r.dueAt),
    colour: r.colourName,
    workingDaysLeft: r.workingDaysLeft ?? '',
    answeredAt: r.answeredAt ? beijingMinute(r.answeredAt) : '',
    outcome: r.outcomeName ?? '',
    rating: r.rating?.score ?? '',
    summary: r.summary,
    contactName: r.contact.name,
    contactPhone: r.contact.phone,
  };
  return (Object.keys(EXPORT_COLUMNS) as ExportColumn[]).map((k) => cells[k]);
}
