/**
 * Words that carry no meaning for retrieval: particles, pronouns, politeness and filler.
 * Kept short on purpose: words like 怎么 or 多久 stay, because FAQ questions and field
 * detection need them; their weight comes from IDF instead.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `的 了 吗 呢 吧 啊 呀 嘛 么 哦 哈 噢 嗯 呗 啦 咯 哇 之 地 得 着 过
   我 我们 你 你们 您 他 她 它 他们 咱 咱们 俺 本人 自己 大家
   请问 请 问 问一下 一下 下 想 想要 想问 打算 准备好 麻烦 帮 帮忙 帮我 劳驾 谢谢 你好 您好 好的 在吗 老师
   是 在 有 和 与 及 或 或者 也 都 就 还 又 而 且 并 但 但是 因为 所以 如果 然后 那么 这样 那样 就是
   这 那 这个 那个 这些 那些 个 些 一个 一些 某 该 其 此
   能 能否 可以 可不可以 不可以 能不能 不能 才 才能 会 要 需 应该 得要 必须 自己 不能自己 一般 大概 大约 具体
   现在 目前 刚 刚刚 已经 今天 昨天 明天 去年 今年 最近 马上 一直
   什么 啥 哪些 哪个 怎么 怎样 怎么样 如何 吗 多少 几 为什么
   里 中 上 里面 这里 那里 给 把 被 对 从 到 向 跟 让 用 以 为
   一 二 两 个人 东西 事 事情 情况 问题 知道 告诉 说 看 弄 搞 做`
    .split(/\s+/)
    .filter(Boolean),
);
