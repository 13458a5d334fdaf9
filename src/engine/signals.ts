/**
 * Signals that a question is not for the knowledge base: the user wants a person, reports a
 * problem that a department must act on, asks about their own case, or tries to steer the bot.
 * Patterns run on normalised simplified text.
 */
import type { HandoffReason } from './types';

export interface Signal {
  reason: Extract<HandoffReason, 'asked_for_person' | 'complaint' | 'specific_case' | 'prompt_injection' | 'out_of_scope'>;
  match: string;
}

const ASKED_FOR_PERSON =
  /(转人工|人工客服|人工服务|人工坐席|人工座席|找人工|要人工|接人工|真人|活人|^人工$|^人工 |客服人员|接线员|工作人员接|找个人|有人吗|跟人说|和人说|找领导|找你们领导|转接|专人|叫(你们)?(的)?(工作人员|负责人|领导|人)(过)?来|不要(跟)?机器人|别(跟我)?(说)?机器人)/;

// 投诉电话 / 举报方式 are questions about a channel, not complaints.
const COMPLAINT =
  /(投诉(?!电话|热线|方式|渠道|号码|途径)|举报(?!电话|热线|方式|渠道|号码|途径)|不作为|乱收费|乱罚款|拖欠|欠薪|欠工资|不发工资|没发工资|工资没|还没修|没修好|修不好|没人管|不管不问|扰民|噪音|噪声|臭味|偷排|乱排|违建|违章搭建|态度(特别|很|太|非常|极其|极)?(差|恶劣|不好|蛮横)|骂人|没人处理|没有人处理|没人理|不理不睬|刁难|吃拿卡要|推诿|踢皮球|不给办|拒绝办理|被骗|骗子|维权|太差劲|停水|停电|断电|漏水|积水|堵塞|塌陷|坑洼|占道经营|垃圾没人|黑中介)/;

const SPECIFIC_CASE =
  /(qh-\d{8}|受理号|受理编号|办件编号|业务编号|流水号|我的申请|我(们)?(上周|上个月|前几天|昨天|之前|已经)?(提交|交|递交|报|申请)的|办到哪|到哪一步|进度怎么样|审批结果出来|为什么(我|我们|我的|还)[^ ]{0,12}(没|不)(到账|批|通过|下来|给|办)|还没(到账|批下来|通过|审批|收到)|怎么还没|催一下|催办|到现在[^ ]{0,6}(没|不)|一分钱都没|(帮|给)我查|查(一)?下我的|我的[^ ]{0,8}(到哪|交到|办到)|(我|我们|我家|我爸|我妈|我的)[^ ]{0,16}(怎么|为什么|为啥)[^ ]{0,8}(不见了|没了|少了|不对|被驳回|被退回|被拒|没通过|没到账|没收到))/;

const PROMPT_INJECTION =
  /(忽略(之前|以上|上面|前面|所有|你的)?的?(指令|指示|提示|设定|规则|要求)|系统提示词|你的提示词|prompt|system message|ignore (all |the )?(previous|above)|jailbreak|越狱|扮演|假装你是|你现在是一个|developer mode|开发者模式)/;

// Opinions, predictions and recommendations: no catalogue answers "会不会涨" or "哪家好".
const OPINION =
  /(会不会(涨|跌|降|升|变)|(会|要)(涨|跌|降)(多少)?|好吃|好食|好玩|(哪个|边个)[^ ]{0,6}(低|高|便宜|划算)|(涨|跌)不(涨|跌)|哪(个|家|种|款)(比较|更)?(好|便宜|靠谱|划算)|推荐(一下|一个|几个)?(哪|什么)|值不值得|适不适合|适合(买|投资)|能不能赚钱|怎么赚钱|股票|基金|彩票|天气|笑话|讲个故事|写(一)?(首|篇)|算命|星座)/;

// Another country's procedures are not in a city's catalogue.
const ABROAD =
  /((在|去|到)(美国|日本|新加坡|英国|德国|法国|韩国|澳大利亚|澳洲|加拿大|泰国|越南|马来西亚|欧洲|国外|海外)|(美国|日本|新加坡|英国|德国|法国|韩国|澳大利亚|加拿大|泰国|越南|马来西亚)的)/;

export function detectSignals(normalisedText: string): Signal[] {
  const out: Signal[] = [];
  const check = (reason: Signal['reason'], pattern: RegExp) => {
    const m = pattern.exec(normalisedText);
    if (m) out.push({ reason, match: m[0] });
  };
  check('prompt_injection', PROMPT_INJECTION);
  check('asked_for_person', ASKED_FOR_PERSON);
  check('specific_case', SPECIFIC_CASE);
  check('complaint', COMPLAINT);
  check('out_of_scope', OPINION);
  check('out_of_scope', ABROAD);
  return out;
}

/** Text that is not a question at all: nothing but symbols, or mostly unreadable bytes. */
export function isJunk(raw: string, normalisedText: string): boolean {
  if (!/[\p{Script=Han}\p{L}\p{N}]/u.test(normalisedText)) return true;
  // Markup alone (<img onerror=…>, <script>…</script>) is no question, whatever its attributes say.
  const withoutMarkup = raw.replace(/<script[\s\S]*?<\/script>/gi, ' ').replace(/<[^>]*>/g, ' ');
  if (!/\p{Script=Han}/u.test(withoutMarkup) && /<[a-z!/]/i.test(raw)) return true;
  const chars = Array.from(raw);
  const unreadable = chars.filter((c) => /[\p{Cc}\p{Co}\p{Cn}\uFFFD]/u.test(c) && !/[\n\r\t]/.test(c)).length;
  if (unreadable / chars.length > 0.1) return true;
  // Latin-only gibberish such as "asdfgh": no Han character and no real word length variety.
  return !/\p{Script=Han}/u.test(normalisedText) && !/[a-z]{2,}\s+[a-z]{2,}/.test(normalisedText) && normalisedText.length < 12;
}
