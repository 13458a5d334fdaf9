/**
 * Chinese text, for every layer that matches or shows it: Han characters (han.ts) and simplified ⇄
 * traditional conversion (script.ts, OpenCC). Questions are matched in simplified Chinese; answers go
 * back in the script the user wrote in.
 */
export { isHanCodePoint, countHan } from './han';
export { toSimplified, convertScript, detectScript, type Script } from './script';
export { sharedJieba, addJiebaWords, isDictionaryWord } from './jieba';
export { readings } from './sound';
export { wordCount, totalWordCount } from './word-frequency';
