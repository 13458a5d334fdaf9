/** Han characters, as `\\p{Script=Han}` says, without a regex per character. */
const HAN = /\p{Script=Han}/u;

// Per BMP code point: 0 not yet known, 1 Han, 2 not Han. Each is tested with the regex once, so
// the answer is exactly \p{Script=Han}'s, at the cost of an array read.
const hanBmp = new Uint8Array(0x10000);

/** Whether a code point (or a lone surrogate) is a Han character, as `\p{Script=Han}` says. */
export function isHanCodePoint(cp: number): boolean {
  if (cp > 0xffff) return HAN.test(String.fromCodePoint(cp));
  let known = hanBmp[cp]!;
  if (known === 0) hanBmp[cp] = known = HAN.test(String.fromCharCode(cp)) ? 1 : 2;
  return known === 1;
}

/** How many Han characters a text holds. */
export function countHan(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    if (isHanCodePoint(cp)) n++;
    i += cp > 0xffff ? 2 : 1;
  }
  return n;
}
