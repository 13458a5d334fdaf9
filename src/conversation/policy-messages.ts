/**
 * What the policy dialog says ("我们能享受哪些政策"), keyed by code like messages.ts, in the
 * session's script. Policy texts (titles, benefits) come from the knowledge base and are converted
 * where they are shown.
 */
import { convertScript, type Script } from '../engine';
import type { AskableFact, Fact } from '../policies';

export const POLICY_TEXT = {
  start_code: '好的，帮您看看能享受哪些惠企政策。请发送企业的统一社会信用代码（18位，见营业执照），我从企业库里查找贵企业的信息；也可以回答几个简单问题（最多5个）。',
  start_questions: '好的，帮您看看能享受哪些惠企政策。请回答几个简单问题（最多5个），不清楚的可以跳过。',
  choice_questions: '回答几个问题',
  choice_yes: '是的',
  choice_no: '不是',
  choice_skip: '跳过',
  choice_none: '都没有',
  code_found: '查到了：{name}。是贵企业吗？',
  code_not_found: '企业库里没有查到这个代码，我们通过几个问题来判断。',
  code_invalid: '这个统一社会信用代码校验不通过，请核对后重新发送，或点“回答几个问题”。',
  code_prompt: '请发送18位统一社会信用代码，或点“回答几个问题”。',
  not_that: '好的，我们通过几个问题来判断。',
  confirmed: '好的，按{name}在企业库中的信息为您匹配。',
  notices: '另外，贵企业已确认符合{count}项免申即享政策，无需申请，由主管部门直接兑现：{list}。',
  retry: '没能看懂这个回答。{question}',
  cancelled: '好的，已退出政策匹配。还有其他问题可以继续问我。',
  // the questions, one per fact
  ask_district: '贵企业注册在哪个区县？',
  ask_industry: '贵企业属于哪个行业？请选择，或直接输入（如“软件开发”、“C3911”）。',
  ask_employees: '贵企业现在大约有多少从业人员？',
  ask_revenue: '贵企业上一年的营业收入大约多少？（可直接输入，如“800万”、“1.2亿”）',
  ask_assets: '贵企业的资产总额大约多少？（可直接输入，如“3000万”）',
  ask_registeredCapital: '贵企业的注册资本是多少？（可直接输入，如“500万”）',
  ask_rdRatio: '贵企业上一年研发投入占营业收入的比例大约多少？（可直接输入，如“4%”）',
  ask_establishedYears: '贵企业成立几年了？（可直接输入成立年份或日期，如“2019年5月”）',
  ask_qualifications: '贵企业有下列哪些资质？有多项可以直接输入，如“高新技术企业、专精特新中小企业”。',
  ask_taxCredit: '贵企业的纳税信用等级是？',
  // ranges on the buttons (a button sends its label, read back by src/policies/answers.ts)
  range_below: '不到{max}{unit}',
  range_between: '{min}–{max}{unit}',
  range_above: '{min}{unit}及以上',
  // years established, where a bound is 超过 / 不超过 (3 years to the day is 不超过3年)
  years_from: '满{n}年',
  years_over: '超过{n}年',
  years_under: '不满{n}年',
  years_upto: '不超过{n}年',
  years_span: '{low}、{high}',
  unit_employees: '人',
  unit_money: '万元',
  unit_rdRatio: '%',
  unit_establishedYears: '年',
  tax_grade: '{grade}级',
  // results
  result_head: '根据您提供的信息，{eligible}项政策符合条件，{maybe}项可能符合（还需补充信息）。',
  result_head_named: '{name}：{eligible}项政策符合条件，{maybe}项可能符合（还需补充信息）。',
  result_none: '根据您提供的信息，暂未找到符合条件的政策。政策会不定期更新，也可以直接问某项政策的申报条件。',
  result_more: '另有{count}项符合条件：{titles}。',
  maybe_head: '可能符合（需补充信息后确认）：',
  maybe_line: '· {title}：还需确认{missing}',
  result_tail: '以上结果根据您提供的信息自动匹配，仅供参考，以主管部门审核为准。想了解某项政策，可以直接问，如“{example}怎么申请”。',
  fact_deadline: '申报截止',
  fact_apply: '申报方式',
  fact_manual: '还需自行核实',
  fact_phone: '咨询电话',
  benefits_label: '支持内容',
  no_application: '免申即享，无需申请',
  list_separator: '、',
  manual_separator: '；',
  // what a fact is called where it is missing
  fact_district: '注册地',
  fact_industry: '所属行业',
  fact_size: '企业规模',
  fact_employees: '从业人员',
  fact_revenue: '营业收入',
  fact_assets: '资产总额',
  fact_registeredCapital: '注册资本',
  fact_rdRatio: '研发投入占比',
  fact_establishedYears: '成立年限',
  fact_qualifications: '企业资质',
  fact_taxCredit: '纳税信用等级',
} as const;

export type PolicyTextCode = keyof typeof POLICY_TEXT;

export function sayPolicy(code: PolicyTextCode, script: Script, vars: Record<string, string | number> = {}): string {
  return convertScript(POLICY_TEXT[code], script).replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

export const askCode = (fact: AskableFact): PolicyTextCode => `ask_${fact}`;
export const factCode = (fact: Fact): PolicyTextCode => `fact_${fact}`;
