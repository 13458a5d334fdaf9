/**
 * The page's own wording, in both scripts. The server words its messages in the user's script and
 * marks them (`OutMessage.script`); the page follows the latest mark, so a traditional-script user
 * sees 已備, 辦事信息, 我的工單 … and not the simplified labels.
 */
export type PageScript = 'simplified' | 'traditional';

const SIMPLIFIED = {
  you: '您说：',
  bot: '助手：',
  waiting: '等待发送…',
  materials: '所需材料',
  materialsMore: '材料清单',
  ready: '已备',
  checklistHint: '（可勾选，仅保存在本机）',
  copyList: '复制清单',
  printList: '打印清单',
  listCopied: '清单已复制',
  copyFailed: '复制失败，请手动选择文字复制',
  facts: '办事信息',
  online: '网上办理入口',
  newWindow: '（在新窗口打开）',
  source: '来源：',
  helpfulQ: '有帮助吗？',
  helpfulGroup: '这条答复有帮助吗',
  helpful: '有帮助',
  unhelpful: '没帮助',
  thanks: '已收到您的反馈，谢谢！',
  ticketNo: '工单号',
  copy: '复制',
  copied: '已复制',
  copyManually: '请长按工单号手动复制',
  copyTicket: '复制工单号 ',
  rating: '满意度评分（1-5分，5分为非常满意）',
  pickItem: '请选择您要办理的事项',
  actions: '可选操作',
  myTickets: '我的工单',
  myTicketsTitle: '我的工单（本机提交的）',
  myTicketsEmpty: '这台设备上还没有提交过工单。',
  myTicketsLoading: '正在查询…',
  myTicketsFailed: '暂时查询不到，请稍后再试。',
  close: '关闭',
  dept: '承办部门',
  due: '答复期限',
  answer: '办理结果',
  reason: '退回原因',
  updated: '有新进展',
  unseen: '您的工单有 {n} 条新进展，点“我的工单”查看。',
  update: '工单 {id} 有新进展：{status}',
  popular: '大家都在问',
  newChat: '新对话',
  handoff: '转人工',
  send: '发送',
  placeholder: '请输入问题，如：开药店要准备什么材料',
  note: '依据政务服务事项目录和惠企政策解答；答不了的可以转人工，由相关部门答复。',
};
export type LabelKey = keyof typeof SIMPLIFIED;

const TRADITIONAL: Record<LabelKey, string> = {
  you: '您說：',
  bot: '助手：',
  waiting: '等待發送…',
  materials: '所需材料',
  materialsMore: '材料清單',
  ready: '已備',
  checklistHint: '（可勾選，僅保存在本機）',
  copyList: '複製清單',
  printList: '列印清單',
  listCopied: '清單已複製',
  copyFailed: '複製失敗，請手動選擇文字複製',
  facts: '辦事信息',
  online: '網上辦理入口',
  newWindow: '（在新視窗開啟）',
  source: '來源：',
  helpfulQ: '有幫助嗎？',
  helpfulGroup: '這條答覆有幫助嗎',
  helpful: '有幫助',
  unhelpful: '沒幫助',
  thanks: '已收到您的回饋，謝謝！',
  ticketNo: '工單號',
  copy: '複製',
  copied: '已複製',
  copyManually: '請長按工單號手動複製',
  copyTicket: '複製工單號 ',
  rating: '滿意度評分（1-5分，5分為非常滿意）',
  pickItem: '請選擇您要辦理的事項',
  actions: '可選操作',
  myTickets: '我的工單',
  myTicketsTitle: '我的工單（本機提交的）',
  myTicketsEmpty: '這台裝置上還沒有提交過工單。',
  myTicketsLoading: '正在查詢…',
  myTicketsFailed: '暫時查詢不到，請稍後再試。',
  close: '關閉',
  dept: '承辦部門',
  due: '答覆期限',
  answer: '辦理結果',
  reason: '退回原因',
  updated: '有新進展',
  unseen: '您的工單有 {n} 條新進展，點「我的工單」查看。',
  update: '工單 {id} 有新進展：{status}',
  popular: '大家都在問',
  newChat: '新對話',
  handoff: '轉人工',
  send: '發送',
  placeholder: '請輸入問題，如：開藥店要準備什麼材料',
  note: '依據政務服務事項目錄和惠企政策解答；答不了的可以轉人工，由相關部門答覆。',
};

/** The page's current script: the latest message's. */
let current: PageScript = 'simplified';
export const pageScript = (): PageScript => current;
export function setPageScript(s: PageScript): void {
  current = s;
}

/** A label in a script (default: the page's), with {name} placeholders filled. */
export function L(key: LabelKey, vars?: Record<string, string | number>, script: PageScript = current): string {
  let text = (script === 'traditional' ? TRADITIONAL : SIMPLIFIED)[key];
  for (const [k, v] of Object.entries(vars ?? {})) text = text.split(`{${k}}`).join(String(v));
  return text;
}
