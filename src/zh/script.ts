/**
 * Simplified ⇄ traditional conversion (OpenCC tables via opencc-js). Questions are matched in
 * simplified Chinese; answers go back in the script the user wrote in.
 */
import * as OpenCC from 'opencc-js';
import { isHanCodePoint } from './han';

/** The script a text is written in (the engine's Script). */
export type Script = 'simplified' | 'traditional';

// OpenCC's standard traditional table also folds Taiwan and Hong Kong variants (臺, 裏, 綫, 牀).
const fromTraditional = OpenCC.Converter({ from: 't', to: 'cn' });
// The simplified-to-Taiwan tables cost about 70 MB: built only when a traditional answer is needed.
let toTraditional: ((text: string) => string) | undefined;

export function toSimplified(text: string): string {
  return fromTraditional(text);
}

export function convertScript(text: string, script: Script): string {
  if (script !== 'traditional') return text;
  const convert = (toTraditional ??= OpenCC.Converter({ from: 'cn', to: 'tw' }));
  return convert(text);
}

/**
 * A text is traditional when conversion changes enough of its Han characters. A single changed
 * character is not enough: some characters (e.g. 著, 於) are valid in simplified text too.
 */
export function detectScript(original: string, simplified: string): Script {
  // OpenCC maps character for character, so the two align; when they do not, compare code points.
  if (original.length !== simplified.length) return detectByCodePoints(Array.from(original), Array.from(simplified));
  let han = 0;
  let changed = 0;
  for (let i = 0; i < original.length; ) {
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (isHanCodePoint(cp)) {
      han++;
      if (cp !== simplified.codePointAt(i)) changed++;
    }
    i += width;
  }
  return scriptOf(han, changed);
}

function detectByCodePoints(a: string[], b: string[]): Script {
  if (a.length !== b.length) return 'traditional';
  let han = 0;
  let changed = 0;
  for (let i = 0; i < a.length; i++) {
    if (isHanCodePoint(a[i]!.codePointAt(0)!)) {
      han++;
      if (a[i] !== b[i]) changed++;
    }
  }
  return scriptOf(han, changed);
}

const scriptOf = (han: number, changed: number): Script => (changed >= 2 || (han > 0 && changed / han >= 0.15) ? 'traditional' : 'simplified');
