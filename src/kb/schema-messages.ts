/**
 * What the knowledge base's own schema rules say, keyed: the files and the CLI show `en`, the
 * editor console `zh`. A rule's issue carries its key (and the value it names) in `params`, so the
 * console translates by key instead of matching English text.
 */
export const KB_SCHEMA_MESSAGES = {
  id_chars: { en: () => 'id may hold only letters, digits and . _ : -', zh: () => '编号只能包含字母、数字和 . _ : -，且以字母或数字开头' },
  valid_range: { en: () => 'validTo must not be before validFrom', zh: () => '截止日期不能早于开始日期' },
  rule_terms: {
    en: () => 'a rule needs keywords, patterns or all-groups',
    zh: () => '规则至少需要关键词（keywords）、正则（patterns）或组合条件（all）之一',
  },
  bad_regex: { en: () => 'not a valid regular expression', zh: () => '不是有效的正则表达式' },
  unknown_department: { en: (v: string) => `unknown department ${v}`, zh: (v: string) => `未知部门“${v}”：请先在 departments 中添加` },
  duplicate_rule_id: { en: (v: string) => `duplicate rule id ${v}`, zh: (v: string) => `规则编号 ${v} 重复` },
  duplicate_category: { en: (v: string) => `duplicate category ${v}`, zh: (v: string) => `一级分类 ${v} 重复` },
} satisfies Record<string, { en: (value: string) => string; zh: (value: string) => string }>;

export type KbSchemaMessageKey = keyof typeof KB_SCHEMA_MESSAGES;

/** The `message` and `params` of a rule's issue. */
export const kbRule = (key: KbSchemaMessageKey, value = '') => ({
  message: KB_SCHEMA_MESSAGES[key].en(value),
  params: { kbMessage: key, value },
});

/** The pattern of entry ids (its issue is a regex format issue, told apart by this pattern). */
export const ENTRY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** The console's Chinese for an issue raised by one of these rules; undefined for any other issue. */
export function kbSchemaMessageZh(issue: { code: string; params?: unknown; format?: string; pattern?: string }): string | undefined {
  if (issue.code === 'invalid_format' && issue.format === 'regex' && issue.pattern === String(ENTRY_ID_PATTERN)) {
    return KB_SCHEMA_MESSAGES.id_chars.zh();
  }
  const params = issue.params as { kbMessage?: string; value?: string } | undefined;
  const key = params?.kbMessage;
  if (!key || !(key in KB_SCHEMA_MESSAGES)) return undefined;
  return KB_SCHEMA_MESSAGES[key as KbSchemaMessageKey].zh(params?.value ?? '');
}
