/**
 * The gist of a reply: what it says about the matter, without the greeting, the acknowledgement,
 * the thanks and the date every reply carries ("网友“UU008…”您好！您的留言已收悉。现将有关情况回复
 * 如下：… 感谢您对我们工作的支持！2019年5月9日"). What the panel shows first, and what the chat quotes.
 */

/** Openings, removed from the start one after another, as long as one matches. */
const OPENINGS: RegExp[] = [
  /^关于[“"][^”"]{1,120}[”"]的(?:回复|答复)[：:，,]?/u,
  /^(?:尊敬的|亲爱的)?(?:网友)?(?:[“"][^”"]{1,30}[”"])?(?:网友)?[：:，,]?\s*(?:您好|你好)[！!，,。：:]?/u,
  /^(?:尊敬的|亲爱的)?网友[：:，,]/u,
  /^[^。！!？?]{0,60}?(?:已收悉|收悉|已阅办|已阅)[。！!，,；;]?/u,
  /^(?:首先)?(?:非常)?感谢您[^。！!]{0,40}[。！!，,]/u,
  /^[^。！!？?：:]{0,60}?如下[：:]/u,
];

/** Closings, removed from the end: a date, a signature, thanks. */
const CLOSINGS: RegExp[] = [
  /\s*20\d{2}年\d{1,2}月\d{1,2}日\s*$/u,
  /(?<=[。！!？?])\s*[^。！!？?，,：:]{2,30}(?:局|委员会|委|办公室|办事处|中心|政府|街道|公司|集团|支队|大队|管委会)\s*$/u,
  /(?:^|[。！!])[^。！!]{0,12}(?:再次)?(?:衷心)?感谢[^。！!]{0,60}[。！!]?\s*$/u,
  /(?:^|[。！!])\s*(?:特此)?(?:回复|答复)[。！!]?\s*$/u,
];

function strip(text: string, patterns: readonly RegExp[], atEnd: boolean): string {
  let out = text;
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of patterns) {
      const next = out.replace(p, (m) => (atEnd && /^[。！!]/u.test(m) ? m[0]! : '')).trim();
      if (next !== out && next.length > 0) {
        out = next;
        changed = true;
      }
    }
  }
  return out;
}

/**
 * The reply without its formulas, at most `maxChars` characters (cut after a sentence when one
 * ends late enough, else with "…"). A reply that is nothing but formulas stays as it is.
 */
export function replyGist(reply: string, maxChars = 160): string {
  const text = strip(strip(reply.replace(/\s+/gu, ' ').trim(), OPENINGS, false), CLOSINGS, true);
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  const head = chars.slice(0, maxChars).join('');
  const end = Math.max(head.lastIndexOf('。'), head.lastIndexOf('；'), head.lastIndexOf('！'));
  return end >= maxChars / 2 ? head.slice(0, end + 1) : head + '…';
}
