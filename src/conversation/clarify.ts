/**
 * The reply to a clarify question: "第二个", "2", "第2个", "最后一个", or the option's name (or a part
 * of it, or one of its aliases). Anything else is a new question and the options are dropped.
 */
import { compactForms } from './intents';
import type { OfferedEntry } from './state';

const ORDINAL = /^(?:选|要|是|就|我选|我要)?第?(10|[1-9]|[一二两三四五六七八九十])(?:个|项|条|种|号|点)?(?:吧|了)?$/u;
const LAST = /^(?:选|要|是|就)?最后(?:一个|一项|那个|这个|一条)?$/u;
const CN_NUMBERS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

export function pickOption(
  text: string,
  options: readonly OfferedEntry[],
  namesOf: (entryId: string) => readonly string[],
): OfferedEntry | undefined {
  const { compact, bare } = compactForms(text);
  if (!compact) return undefined;
  for (const form of [compact, bare]) {
    const n = ORDINAL.exec(form)?.[1];
    if (n !== undefined) return options[(CN_NUMBERS[n] ?? Number(n)) - 1];
    if (LAST.test(form)) return options[options.length - 1];
  }
  if (Array.from(bare).length < 2) return undefined;
  const scored = options.map((o) => {
    const names = [o.title, ...namesOf(o.entryId)].map((n) => compactForms(n).compact).filter((n) => n.length >= 2);
    const exact = names.some((n) => n === bare || n === compact);
    const partial = names.some((n) => n.includes(bare) || bare.includes(n));
    return { o, exact, partial };
  });
  const exact = scored.filter((s) => s.exact);
  if (exact.length === 1) return exact[0]!.o;
  const partial = scored.filter((s) => s.partial);
  return partial.length === 1 ? partial[0]!.o : undefined;
}
