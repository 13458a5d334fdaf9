/* The 督办 pages' Chinese wording, in one place. */
import type { SlaColour, TimelineEvent } from './types';

export const COLOUR_LABELS: Record<SlaColour, string> = { red: '已超期', yellow: '即将超期', green: '正常', grey: '已办结' };

export const CHANNEL_LABELS: Record<string, string> = { web: '网页', api: '接口', hotline: '热线' };

/** Who filed, where no enterprise name is shown. */
export const APPLICANT_LABELS: Record<string, string> = { enterprise: '企业', individual: '个人', founder: '企业筹备中（尚未注册）' };

export const EVENT_LABELS: Record<TimelineEvent['kind'], string> = { filed: '提交工单', status: '状态更新', rating: '企业评价', deadline: '办结时限' };

export const TEXT = {
  loading: '加载中…',
  loaded: (shown: string, total: number) => `${shown}，共 ${total} 件`,
  none: '没有符合条件的工单',
  any: '全部',
  /** Working-day closes left: 1 means the deadline is at the next close (less than a working day). */
  daysLeft: (n: number) => (n <= 1 ? '不足 1 个工作日' : `剩 ${n} 个工作日`),
  overdue: (days: number) => (days < 1 ? '超期不足 1 天' : `超期 ${days} 天`),
  range: (from: number, to: number) => `第 ${from}–${to} 件`,
  asOf: (at: string) => `截至 ${at}`,
  timelineTitle: (id: string) => `工单 ${id} 的办理过程`,
  department: '承办部门',
  answer: '办理结果',
  reason: '退回原因',
  note: '备注',
  score: (n: number) => `${n} 分`,
  deliveryFailed: (attempts: number, error: string) => `推送失败 ${attempts} 次：${error}`,
  urgent: '紧急',
  complex: '复杂',
  review: '待研判',
  exportHint: '导出当前筛选结果（联系电话已脱敏）',
  badDate: '开始日期不能晚于结束日期',
  casesFailed: (why: string) => `获取相似案例失败：${why}`,
} as const;

/** "2026-11-25T09:00:00+08:00" → "11-25 09:00" (Beijing time). */
export function shortTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600e3).toISOString();
  return d.slice(5, 10) + ' ' + d.slice(11, 16);
}

/** "2026-11-25T09:00:00+08:00" → "2026-11-25 09:00" (Beijing time). */
export function fullTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');
}
