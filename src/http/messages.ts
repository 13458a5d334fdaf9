/**
 * Every Chinese sentence the consoles' HTTP routes answer with, keyed by a stable code: the
 * validation messages of the knowledge editor (a zod error map), the details of its refusals and
 * the limits of an import. The routers look the wording up here; the codes are the keys.
 */
import type { z } from 'zod';
import {
  IMPORT_HEAP_MB,
  IMPORT_TIMEOUT_MS,
  MAX_CELL_CHARS,
  MAX_IMPORT_CELLS,
  MAX_IMPORT_ROWS,
  MAX_XLSX_UNPACKED_BYTES,
  type ImportFileProblem,
} from '../kb/import';

// ---------------------------------------------------------------- validation

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '是或否（true/false）',
  array: '列表',
  object: '对象',
};

type LooseIssue = { code?: string; input?: unknown; expected?: string; origin?: string; minimum?: unknown; maximum?: unknown; format?: string; values?: unknown[]; note?: string };

/** Messages for the issues editors meet most, in plain Chinese; zod's zh-CN locale (configured once, http-kit/zod-locale.ts) for the rest. */
export const zhErrorMap: z.core.$ZodErrorMap = (issue) => {
  const i = issue as unknown as LooseIssue;
  switch (i.code) {
    case 'invalid_type':
      if (i.input === undefined) return '必填';
      return `应为${TYPE_NAMES[i.expected ?? ''] ?? i.expected}`;
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? '不能为空' : `至少 ${String(i.minimum)} 个字符`;
      if (i.origin === 'array') return `至少需要 ${String(i.minimum)} 项`;
      return `不能小于 ${String(i.minimum)}`;
    case 'too_big':
      if (i.origin === 'string') return `不能超过 ${String(i.maximum)} 个字符`;
      if (i.origin === 'array') return `最多 ${String(i.maximum)} 项`;
      return `不能大于 ${String(i.maximum)}`;
    case 'invalid_format':
      if (i.format === 'url') return '不是有效的网址';
      if (i.format === 'date') return '日期格式应为 YYYY-MM-DD';
      if (i.format === 'datetime') return '时间格式应为 ISO 8601';
      return '格式不正确';
    case 'invalid_value':
      return `应为 ${(i.values ?? []).map(String).join(' / ')} 之一`;
    case 'invalid_union':
      if (i.note === 'No matching discriminator') return '类型 kind 应为 item（办事事项）、policy（政策）或 faq（常见问题）';
      return '内容不符合要求';
  }
  return undefined;
};

/** The message of each unknown key in a strict body. */
export const UNKNOWN_FIELD = '不认识的字段';

// ---------------------------------------------------------------- the knowledge editor's refusals

/** The `detail` (or issue message) of each refusal of the knowledge editor's routes, by code. */
export const EDITOR_MESSAGES = {
  entry_missing: (id: string) => `没有编号为 ${id} 的条目`,
  entry_deleted: (id: string) => `条目 ${id} 已被删除`,
  id_mismatch: (id: string) => `编号不能修改（应为 ${id}）；需要新编号请新建条目后删除旧条目`,
  no_versions: (target: string) => `${target} 没有任何版本`,
  version_missing: (target: string, version: string) => `${target} 没有版本 ${version}`,
  change_set_missing: (id: string) => `变更集 ${id} 不存在`,
  not_a_bundle: () => '不是有效的知识库导出文件',
} satisfies Record<string, (...vars: string[]) => string>;

/** The `detail` of each refusal of the unanswered-questions inbox, by code. */
export const INBOX_MESSAGES = {
  group_gone: () => '该问题组已不存在（可能已处理或已忽略），请刷新',
  store_read_only: () => '知识库不可编辑（未使用知识库存储）',
} satisfies Record<string, () => string>;

/** The tag of an FAQ entry answered from the inbox. */
export const INBOX_ENTRY_TAG = '来自待答问题';

/** Issue messages of the chat and hotline routes, by the issue's code. */
export const ISSUE_MESSAGES = {
  /** A chat turn with both text and a button, or neither. */
  text_or_input: '请提供 text（文字）或 input（按钮），二者选一',
  unknown_entry: '知识库中没有这个条目',
} as const;

/** The `detail` of each refusal of the triage-model routes, by code. */
export const TRIAGE_MESSAGES = {
  not_a_model: () => '不是分类模型文件（triage-model.json）',
  model_incomplete: (why: string) => `分类模型不完整：${why}`,
  no_model: () => '当前发布的知识库没有分类模型',
  nothing_to_train_on: () => '没有可用的诉求记录或分派规则表',
  too_few_examples: (examples: number, categories: number, minimum: number) =>
    `已分派的诉求只有 ${examples} 件（${categories} 个分类），至少需要 ${minimum} 件、2 个分类才能训练`,
  training_busy: () => '已有一次训练在进行，请稍后再试',
} satisfies Record<string, (...vars: never[]) => string>;

/** The `detail` of an enterprise the registry does not hold. */
export const ENTERPRISE_NOT_FOUND = '登记库中没有这个统一社会信用代码';

// ---------------------------------------------------------------- imports

/** What the editor reads (`detail`) when a file is refused for one of the import's limits. */
export const FILE_PROBLEM_DETAIL: Partial<Record<ImportFileProblem, string>> = {
  too_many_rows: `文件超过导入上限：最多 ${MAX_IMPORT_ROWS} 行数据。请拆分成几个文件分别导入。未导入任何内容`,
  too_many_cells: `表格超过导入上限：最多 ${MAX_IMPORT_CELLS} 个单元格（每行算到最后一个有内容的单元格）。请删去不用的列或拆分文件。未导入任何内容`,
  cell_too_long: `有单元格超过 ${MAX_CELL_CHARS} 个字符（Excel 单元格的上限），见下方提示。未导入任何内容`,
  unpacked_too_large: `表格解压后超过 ${MAX_XLSX_UNPACKED_BYTES / 1024 / 1024} MiB 的导入上限。请拆分文件或删去不用的工作表。未导入任何内容`,
  out_of_memory: `读取这个文件所需的内存超过导入上限（${IMPORT_HEAP_MB} MB）。请拆分文件后再导入。未导入任何内容`,
  timeout: `读取这个文件超过 ${IMPORT_TIMEOUT_MS / 1000} 秒的导入时限。请拆分文件后再导入。未导入任何内容`,
};

/** The `detail` of an import refused before anything was imported, by code. */
export const IMPORT_MESSAGES = {
  /** Any other reason the file could not be read (the issues say which). */
  unreadable: '文件无法读取，未导入任何内容',
  busy: '已有其他导入正在进行，请稍后再试。未导入任何内容',
  /** Most rows of a knowledge-base import refused: a wrong format or wrong columns, most likely. */
  mostly_rejected: '超过一半的行被拒绝，多半是选错了格式或列；请先查看试运行报告，确认无误后加 force=true 再导入。未导入任何内容',
  /** Most rows of a cases or registry import refused: a wrong file, most likely. */
  mostly_rejected_file: '超过一半的行被拒绝，多半是选错了文件；请先查看试运行报告，确认无误后加 force=true 再导入。未导入任何内容',
} as const;

/** The detail of a refused import file: its limit's, or that it could not be read. */
export const fileProblemDetail = (problem: ImportFileProblem): string => FILE_PROBLEM_DETAIL[problem] ?? IMPORT_MESSAGES.unreadable;
