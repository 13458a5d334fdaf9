/**
 * The department a reply names: the one that signed it, or the one the message was referred to
 * ("已转县教育局核实", "要求市城管局进行调查处理", "经A7县交通运输局核实"). Most replies only say
 * 我局 or 我们; then there is no department, and none is guessed.
 *
 * Measured on the 2,774 replies of ../shared/data/hotline-replies.jsonl by `npm run eval:cases`
 * (docs/cases.md): how many get a department, and a sample to read.
 */

/** What an organisation's name ends with. Longest first, so 人民政府 wins over 政府. */
const SUFFIXES = [
  '人民政府', '街道办事处', '管理委员会', '委员会', '管委会', '办公室', '办事处', '指挥部', '服务中心', '管理中心', '管理处', '管理所',
  '分局', '支队', '大队', '中队', '派出所', '医院', '学校', '学院', '集团', '公司', '政府', '中心', '街道', '社区', '局', '委', '办', '镇', '乡', '厅', '院', '站',
].join('|');

/** A name's characters: Han, Latin capitals and digits (anonymised places: A7县), brackets. */
const NAME_CHARS = '[\\p{Script=Han}A-Z0-9（）()]';
const NAME = `${NAME_CHARS}{1,24}?(?:${SUFFIXES})`;

/** What the department did with the message, right after its name. */
const ACTION = '(?:进行|负责|依法|立即|迅速|及时|认真|组织|对此|核实|核查|调查|办理|办复|处理|处置|答复|回复|研究|落实|跟进|查处|调处|协调|解决|阅办|了解)';

const PATTERNS: { pattern: RegExp; companies: boolean }[] = [
  // Referred: 已转交观音阁镇核查, 转至县农业局核实, 交由市公交集团调查处理.
  { pattern: new RegExp(`(?:转交?|转至|转给|转到|转由|转办|交由|交给)(?:给|至|到)?(${NAME})${ACTION}`, 'u'), companies: true },
  // Assigned: 要求市城管局进行了调查处理, 责成A4区交警大队核实 (要求物业公司整改 names no department).
  { pattern: new RegExp(`(?:要求|责成)(${NAME})${ACTION}`, 'u'), companies: false },
  // Quoted: B9市劳动和社会保障局回复：…
  { pattern: new RegExp(`(?:^|[，。；：！？,;:!?\\s])(${NAME})(?:回复|答复)[：:]`, 'u'), companies: true },
  // Checked: 经A7县交通运输局核实 (not the 经 of 经济).
  { pattern: new RegExp(`(?:^|[，。；：！？,;:!?\\s])经(${NAME})(?:工作人员|现场)?${ACTION}`, 'u'), companies: false },
];

/** A company is a department only when the case was referred to it (市公交集团) or it signed. */
const COMPANY = /(?:公司|集团|物业)/u;

/** Signed: the name right before the reply's final date (…支持！A7县教育局2013年5月24日). */
const SIGNATURE = new RegExp(`(?:^|[^\\p{Script=Han}A-Z0-9（）()])(${NAME})\\s*(?:20\\d{2}年\\d{1,2}月\\d{1,2}日)\\s*$`, 'u');

/**
 * Words that make a "name" a phrase instead (您的留言我局, 相关单位, 该公司): a pronoun, a
 * demonstrative, or the message itself.
 */
const NOT_A_NAME = /^(?:我|您|你|该|贵|本|各|相关|有关|其|此|这|那)|[我您你的]|留言|问题|来帖|来信|建议|意见|反映|情况|网友|上述|以上|所在|所属|当地|辖区|职能/u;

function tidy(name: string): string | undefined {
  // Stray digits and brackets before a name (a masked phone number), a verb's tail (转呈省治超办),
  // and of "A与B" (two departments together) the first.
  const cleaned = name
    .replace(/^[0-9（）()]+/u, '')
    .replace(/^(?:由|请|已|并|再|现|向|呈)/u, '')
    .split(/[与及、]/u)[0]!;
  if (Array.from(cleaned).length < 3 || NOT_A_NAME.test(cleaned)) return undefined;
  return cleaned;
}

/** The department named by a reply, or undefined when it names none. */
export function departmentFromReply(reply: string): string | undefined {
  const text = reply.normalize('NFKC').trim();
  const signed = SIGNATURE.exec(text);
  const fromSignature = signed ? tidy(signed[1]!) : undefined;
  if (fromSignature) return fromSignature;
  for (const { pattern, companies } of PATTERNS) {
    const match = pattern.exec(text);
    const name = match ? tidy(match[1]!) : undefined;
    if (name && (companies || !COMPANY.test(name))) return name;
  }
  return undefined;
}

/** Short forms replies use for the same department. */
const LONG_FORMS: [RegExp, string][] = [
  [/^人社局$/u, '人力资源和社会保障局'],
  [/^住建局$/u, '住房和城乡建设局'],
  [/^城管局$/u, '城市管理和行政执法局'],
  [/^交通局$/u, '交通运输局'],
  [/^国土局$/u, '国土资源局'],
  [/^环保局$/u, '环境保护局'],
  [/^卫计局$/u, '卫生和计划生育委员会'],
  [/^规划局$/u, '城乡规划局'],
  [/^教体局$/u, '教育体育局'],
  [/(?<=[镇乡])(?:人民)?政府$/u, ''],
  [/(?<=街道)办事处$/u, ''],
];

/**
 * The department without the place in front (A7县, 市, 中共) and with short forms spelt out: two
 * replies by 县人社局 and A7县人力资源和社会保障局 are the same kind of department. For comparing
 * departments (the evaluation), not for showing them.
 */
export function departmentKey(department: string): string {
  let key = department.normalize('NFKC').replace(/^中共/u, '');
  key = key.replace(/^(?:[A-Z]\d*(?:省|市|县|区)?|省|市|县|区)+(?=\p{Script=Han}{2})/u, '');
  for (const [short, long] of LONG_FORMS) key = key.replace(short, long);
  return key || department;
}
