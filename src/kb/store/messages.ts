/**
 * Every Chinese sentence the knowledge store produces, keyed by stable codes: its refusals (a
 * KbStoreError carries the code and values; its message is read from here), the issues those
 * refusals list, and the one-line summaries and notes the history keeps. The store's logic lives in
 * the other modules; wording lives here, so an editor can change it without touching logic.
 * Only types are imported, so the modules that use this wording are never imported back.
 */
import type { ChangeSet, SPECIAL_TARGETS, VersionRecord } from './types';

/** The names of the special targets; an entry is "条目 <id> " (the space keeps the id apart). */
const TARGET_NAMES: Partial<Record<(typeof SPECIAL_TARGETS)[number], string>> = {
  $synonyms: '同义词表',
  $routing: '分派规则表',
  '$triage-model': '分类模型',
  $cases: '往期案例',
};

const targetLabel = (target: string): string => (target.startsWith('$') ? (TARGET_NAMES[target as keyof typeof TARGET_NAMES] ?? target) : `条目 ${target} `);

/** Why the store refused a call: KbStoreError's message. */
const REFUSALS = {
  busy: () => '知识库正忙，请稍后重试',
  author_missing: () => '缺少修改人',
  bad_since: () => 'since 不是有效的时间',
  target_exists: (v: { target: string }) => `${targetLabel(v.target)}已存在`,
  target_gone: (v: { target: string }) => `${targetLabel(v.target)}不存在或已被删除`,
  target_stale: (v: { target: string; currentVersion: number; expected: number }) =>
    `${targetLabel(v.target)}已被他人修改（当前版本 ${v.currentVersion}，你编辑的是版本 ${v.expected}）`,
  target_invalid: (v: { target: string }) => `${targetLabel(v.target)}不符合要求`,
  entry_invalid: () => '条目不符合要求',
  entry_not_found: (v: { id: string }) => `条目 ${v.id} 不存在`,
  version_not_found: (v: { target: string; version: number }) => `${v.target} 没有版本 ${v.version}`,
  change_set_not_found: (v: { id: string }) => `变更集 ${v.id} 不存在`,
  change_set_changed_since: (v: { id: string; count: number }) => `变更集 ${v.id} 之后又有 ${v.count} 项被修改；确认要覆盖这些修改请使用 force`,
  import_invalid: () => '导入的条目不符合要求',
  import_duplicate_ids: () => '导入的条目编号重复',
  import_synonyms_invalid: () => '同义词不符合要求',
} satisfies Record<string, (vars: never) => string>;

export type KbRefusalCode = keyof typeof REFUSALS;

/** A refusal as code and values: what a KbStoreError carries. */
export type KbRefusal = {
  [K in KbRefusalCode]: Parameters<(typeof REFUSALS)[K]> extends [] ? { reason: K } : { reason: K; vars: Parameters<(typeof REFUSALS)[K]>[0] };
}[KbRefusalCode];

export function refusalMessage(refusal: KbRefusal): string {
  const say = REFUSALS[refusal.reason] as (vars: unknown) => string;
  return say('vars' in refusal ? refusal.vars : undefined);
}

/** The messages of the issues a refusal lists, by the issue's code. */
const ISSUES = {
  exists: (v: { target: string; currentVersion: number }) => `${targetLabel(v.target)}已存在（当前版本 ${v.currentVersion}）`,
  stale: (v: { currentVersion: number }) => `已被他人修改：当前版本 ${v.currentVersion}，请刷新后再改`,
  changed_since: () => '此后又被修改过',
  /** `first` counts from 1, as the editor numbers the rows of an import. */
  duplicate: (v: { id: string; first: number }) => `编号 ${v.id} 重复（第 ${v.first} 条已使用）`,
} satisfies Record<string, (vars: never) => string>;

export type KbStoreIssueCode = keyof typeof ISSUES;

/** One issue of a refusal: its path, its code and the code's message. */
export function storeIssue<K extends KbStoreIssueCode>(path: string, code: K, ...vars: Parameters<(typeof ISSUES)[K]>): { path: string; code: K; message: string } {
  return { path, code, message: (ISSUES[code] as (...v: unknown[]) => string)(...vars) };
}

// ---------------------------------------------------------------- what the history keeps

/** The name of a knowledge base whose manifest was never written. */
export const DEFAULT_KB_NAME = 'qihu 知识库';

/** The note of the first publish, after seeding. */
export const SEED_PUBLISH_NOTE = '初始知识库';

/** The note of a change set that restores one target's old version. */
export const rollbackNote = (toVersion: number): string => `回到版本 ${toVersion}`;

/** The audit line of a publish. */
export const publishSummary = (v: { revision: string; seq: number; entries: number; note?: string }): string =>
  `发布 ${v.revision}（草稿第 ${v.seq} 版，${v.entries} 条）${v.note ? `：${v.note}` : ''}`;

/** The one-line summary of a change set, as the history lists it. */
export function summaryOf(cs: ChangeSet, versions: VersionRecord[]): string {
  const first = versions[0];
  const c = cs.counts;
  const tally = `新增 ${c.added}，修改 ${c.changed}，删除 ${c.removed}`;
  switch (cs.action) {
    case 'seed':
      return `从 ${cs.source ?? '知识库目录'} 初始化知识库：${tally}`;
    case 'create':
      return `新建条目 ${first?.target}`;
    case 'update':
      return `修改条目 ${first?.target}：${first?.diff.length ?? 0} 处字段`;
    case 'delete':
      return `删除条目 ${first?.target}`;
    case 'import':
      return `导入 ${cs.source ?? ''}（${cs.mode === 'replace' ? '替换' : '合并'}）：${tally}`;
    case 'synonyms':
      return `修改同义词表：${first?.diff.length ?? 0} 处`;
    case 'routing':
      return `修改分派规则表：${first?.diff.length ?? 0} 处`;
    case 'triage-model':
      return `更换分类模型：${(first?.diff.find((d) => d.path === 'version')?.after as string | undefined) ?? ''}`;
    case 'cases':
      return `更新往期案例${cs.source ? `（${cs.source}）` : ''}：${((first?.value as { cases?: unknown[] } | null)?.cases ?? []).length} 件`;
    case 'rollback-entry':
      return `回滚 ${first?.target}${cs.note ? `（${cs.note}）` : ''}`;
    case 'rollback-change-set':
      return `撤销变更集 ${cs.revertOf}：${tally}`;
  }
}
