/**
 * Every Chinese sentence the conversation layer says, keyed by a stable ASCII code. Logic uses the
 * codes; wording lives only here (the engine's hand-off texts and the ticket validation texts live
 * in their own message maps and are reused, not copied).
 */
import { convertScript, type Script } from '../engine';

export const TEXT = {
  welcome: '您好！我是企呼我应智能助手，可以解答企业办事和惠企政策方面的问题，也可以帮您转人工、查询工单进度。请问有什么可以帮您？',
  welcome_resume: '您之前的转人工登记还没有提交，我们接着来。',
  greeting: '您好！我是企呼我应智能助手，可以解答企业办事和惠企政策方面的问题，也可以帮您转人工、查询工单进度。请问有什么可以帮您？您可以这样问我：',
  // small talk that is not a government-service question: a polite word and what the assistant can do
  chitchat: '这个我可帮不上忙，抱歉～我是企呼我应智能助手，专门解答企业办事和惠企政策方面的问题，也可以帮您转人工、查询工单进度。您可以这样问我：',
  about_bot: '我是企呼我应智能助手，可以解答企业办事和惠企政策方面的问题（要什么材料、多久办好、在哪办、能否网上办），也可以帮您登记诉求转人工、查询工单进度。您可以这样问我：',
  thanks: '不客气！还有其他问题随时问我。',
  goodbye: '再见，祝您办事顺利！',
  ack: '好的，还有什么可以帮您？',
  feedback_positive: '谢谢您的肯定！还有其他问题随时问我。',
  feedback_negative: '抱歉没能帮上忙。您可以换个说法再问，也可以转人工由工作人员处理。',
  feedback_helpful: '感谢您的反馈！',
  feedback_unhelpful: '感谢反馈，我们会改进这条答复。需要的话可以转人工。',
  clarify_declined: '好的。请换个说法描述您要办理的事项，或者转人工。',

  // robustness
  invalid_message: '这条消息我没能看懂。请用文字描述您要办理的事项或遇到的问题；也可以说“转人工”。',
  too_long: '消息太长了（超过2000字）。请分几次发送，或简要描述您的问题。',
  unavailable: '抱歉，系统暂时繁忙，请稍后再试；急事可拨打12345热线。',
  not_saved: '（提示：系统暂时没能保存对话进度，继续提问时请说出完整的事项名称。）',

  // live hand-off to a person (live/*.ts, live-handoff.ts, states/live-agent.ts)
  live_queued: '正在为您转接人工客服，您前面还有{ahead}位。客服接入后会在这里直接回复您；等待时可以先描述您的问题。',
  live_queued_estimate:
    '正在为您转接人工客服，您前面还有{ahead}位，按最近的接入速度估计约需等待{minutes}分钟。客服接入后会在这里直接回复您；等待时可以先描述您的问题。',
  live_waiting: '已转告客服，请稍候；您前面还有{ahead}位。',
  live_waiting_estimate: '已转告客服，请稍候；您前面还有{ahead}位，预计约{minutes}分钟。',
  live_place: '排队有进展：您前面还有{ahead}位。',
  live_place_estimate: '排队有进展：您前面还有{ahead}位，预计约{minutes}分钟。',
  live_already: '正在为您转接人工客服，请稍候。',
  live_taken: '客服{operator}已接入，为您服务。',
  live_ended: '客服{operator}已结束本次人工服务。还有问题可以继续问我，需要时再说“转人工”。',
  live_handed_back: '客服{operator}已把对话转回智能助手，您可以继续提问。',
  live_left: '已取消排队。还有什么可以帮您？',
  live_ticket: '客服{operator}已为您转为工单登记，请补充以下信息。',
  live_timeout: '抱歉，{minutes}分钟内没有客服空闲接入。我先帮您登记工单，由承办部门在3个工作日内答复（复杂事项7个工作日）；急事请拨打{hotline}热线。',
  live_closed: '现在不是人工客服时间（{hours}）。我先帮您登记工单，由承办部门在3个工作日内答复（复杂事项7个工作日）；急事请拨打{hotline}热线。',
  live_no_operator: '现在没有人工客服在线。我先帮您登记工单，由承办部门在3个工作日内答复（复杂事项7个工作日）；急事请拨打{hotline}热线。',
  live_not_this_channel: '当前的连接方式不能直接连线人工客服（人工服务时间：{hours}，需网页对话保持实时连接）。我先帮您登记工单，由承办部门在3个工作日内答复（复杂事项7个工作日）；急事请拨打{hotline}热线。',
  live_department: '承办部门：{department}。急事请拨打{hotline}热线。',
  choice_leave_queue: '取消排队',

  // hand-off intake
  ask_name: '请问贵企业的名称是？（营业执照上的全称）',
  ask_creditCode: '请提供企业的统一社会信用代码（18位，见营业执照）。',
  ask_district: '企业位于哪个区县？请从下面选择，或直接输入。',
  ask_contactName: '请问联系人怎么称呼？',
  ask_phone: '请留一个联系电话（手机号，或带区号的固定电话），工作人员会通过它联系您。',
  ask_summary: '请简要描述您的诉求或遇到的问题。',
  ask_location: '请问具体在什么位置？请说地址或附近的标志性地点（如“幸福路与人民路交叉口东侧”）。',
  // the same questions to a person or a founder (no enterprise yet)
  ask_district_person: '请问您所在（或问题地点所在）的区县是？请从下面选择，或直接输入。',
  ask_contactName_person: '请问您怎么称呼？（如“张先生”）',
  choice_individual: '以个人身份反映',
  choice_founder: '企业还没注册',
  choice_no_code: '暂时提供不了',
  choice_no_location: '说不清具体位置',
  no_code_ok: '好的，没有代码也可以登记，工作人员会通过企业名称核实。',
  no_location_ok: '好的，工作人员会电话联系您确认位置。',
  reuse_offer: '沿用上次的联系方式：{who}？',
  reuse_yes: '沿用',
  reuse_no: '重新填写',
  invalid_location: '地点需要2到200个字',
  // {problem}: a sentence without final punctuation, from here or from the ticket messages
  retry: '{problem}。{question}',
  invalid_name: '企业名称需要2到100个字',
  invalid_contactName: '联系人称呼需要1到50个字，不能只有数字',
  invalid_summary: '诉求内容不能为空',
  intake_continue: '正在为您登记转人工，请继续填写。',
  intake_paused: '先回答您的新问题；如仍需转人工，说“转人工”即可继续登记（已填写的信息会保留）。',
  intake_cancelled: '好的，已取消登记。还有其他问题可以继续问我。',
  nothing_to_cancel: '好的。还有什么可以帮您？',
  // the summary: a head, one line per value given ("{label}：{value}"), a tail
  confirm_head: '请核对以下信息：',
  confirm_line: '{label}：{value}',
  confirm_tail: '确认无误请点“确认提交”。',
  field_applicant: '诉求人',
  field_summary: '诉求',
  applicant_individual: '个人',
  applicant_founder: '企业筹备中（尚未注册）',
  confirm_hint: '请选择“确认提交”、“修改”或“取消”。',
  which_slot: '请问要修改哪一项？',
  label_name: '企业名称',
  label_creditCode: '统一社会信用代码',
  label_district: '所在区县',
  label_contactName: '联系人',
  label_phone: '联系电话',
  label_summary: '诉求内容',
  label_location: '问题地点',
  modify_prefix: '修改',
  choice_submit: '确认提交',
  choice_modify: '修改',
  choice_cancel: '取消',
  choice_handoff: '转人工',
  // {department}, {gist}: a past case's, from the knowledge base (similar-case.ts)
  similar_case: '供参考：类似问题曾由{department}答复：{gist}',
  ticket_filed: '已为您登记转办，工单号 {id}，将于{due}前答复（{days}个工作日）。在本对话中发送工单号可以随时查询办理进度。',
  ticket_failed: '抱歉，提交时系统出了点问题，您填写的信息已保留，请稍后点“确认提交”重试；急事可拨打12345热线。',

  // status and satisfaction
  status_head: '工单 {id}\n当前状态：{status}',
  status_department: '承办部门：{department}',
  status_due: '答复期限：{due}前（{light}）',
  status_answer: '办理结果：{answer}',
  status_reason: '退回原因：{reason}',
  status_rate: '请为本次办理打分（1-5分，5分为非常满意）。',
  status_rated: '您已评价：{score}分，感谢！',
  status_not_found: '没有找到工单 {id}，请核对工单号（格式如 QH-20261125-000123）。',
  status_not_yours: '工单的进度只告诉提交它的人。如是您在这台设备上提交的，请点上方的“我的工单”查看；也可以拨打12345热线查询。',
  status_need_id: '请提供工单号（格式如 QH-20261125-000123），我来帮您查询办理进度。',
  score_label: '{score}分',
  rate_thanks: '感谢您的评价（{score}分）！',
  rate_sorry: '感谢您的评价（{score}分）。很抱歉让您不满意，您的意见会反馈给承办部门。',
  due: '{month}月{day}日 {time}',

  // answer cards
  faq_label: '解答',
  fact_time_limit: '办理时限',
  fact_location: '办理地点',
  fact_hours: '办公时间',
  fact_phone: '咨询电话',
  fact_online: '网上办理',
  fact_online_yes: '支持',
  fact_online_no: '暂不支持',
  fact_fees: '收费',
  fact_visits: '跑动次数',
  fact_level: '政策层级',
  fact_validity: '有效期',
  validity: '{from}至{to}',
  valid_from_open: '发布之日',
  valid_to_open: '另行通知',
  fact_no_application: '免申即享',
  fact_yes: '是',
  material_copies: '{copies}份',
  material_optional: '非必需',
} as const;

export type TextCode = keyof typeof TEXT;

/**
 * Questions offered with a greeting or after small talk: what the assistant can do, as buttons.
 * Each is answered by the sample knowledge base (test/conversation/smalltalk.test.ts checks it).
 */
export const EXAMPLE_QUESTIONS = ['开药店要什么材料', '小微企业稳岗返还有什么条件', '营业执照丢了怎么补办', '我要投诉'] as const;

/**
 * The wording for a code in the session's script. Variables are filled after conversion, so what
 * the user typed (a company name, a credit code) comes back exactly as typed.
 */
export function say(code: TextCode, script: Script, vars: Record<string, string | number> = {}): string {
  return convertScript(TEXT[code], script).replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}
