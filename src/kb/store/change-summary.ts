/** The one-line Chinese summary of a change set, as the history lists it. */
import type { ChangeSet, VersionRecord } from './types';

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
