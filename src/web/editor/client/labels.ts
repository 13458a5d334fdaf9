/** The console's Chinese labels for kinds, version operations and change-set actions. */
import type { EntryKind } from './types';

export const KIND_LABEL: Record<EntryKind, string> = { item: '办事事项', policy: '政策', faq: '常见问题' };
export const KINDS = Object.keys(KIND_LABEL) as EntryKind[];
export const isKind = (k: string): k is EntryKind => Object.prototype.hasOwnProperty.call(KIND_LABEL, k);
export const kindLabel = (k: string): string => (isKind(k) ? KIND_LABEL[k] : k);

const OP_LABEL: Record<string, string> = { create: '新建', update: '修改', delete: '删除' };
export const opLabel = (op: string): string => (Object.prototype.hasOwnProperty.call(OP_LABEL, op) ? OP_LABEL[op]! : op);

const ACTION_LABEL: Record<string, string> = {
  seed: '初始导入',
  create: '新建',
  update: '修改',
  delete: '删除',
  import: '导入',
  synonyms: '同义词',
  routing: '分派规则',
  'triage-model': '分类模型',
  cases: '往期案例',
  'rollback-entry': '回滚条目',
  'rollback-change-set': '回滚变更集',
  publish: '发布',
};
export const actionLabel = (a: string): string => (Object.prototype.hasOwnProperty.call(ACTION_LABEL, a) ? ACTION_LABEL[a]! : a);
