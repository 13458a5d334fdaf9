/**
 * The classify path's vectorizer (integer keys, reused buffers) gives the very vector, bit for bit,
 * that the training path's string features give: the same columns, in order, with the same values,
 * message after message (no count left over from the one before), for astral characters,
 * traditional script, anonymised places, n-gram orders it has no integer key for, and text past
 * the length limit.
 */
import { DEFAULT_FEATURES, extractFeatures, type FeatureOptions } from '../../src/classifier';
import { CompiledVocabulary } from '../../src/classifier/compiled-vocabulary';
import { fitVocabulary, vectorize } from '../../src/classifier/vectorizer';
import { hasHotlineData, hotlineMessages } from '../support/triage-model';

const ODD = [
  '',
  '   ',
  '𠮷野家门口的路灯坏了𠀀𠀀，𠮷野家',
  '我們園區門口的路燈壞了三個月沒人修',
  'ＡＢＣ１２３ A市B3区 K8县 路灯 abc abc',
  '\u200b\ufeff测试\u0000测试',
  'x'.repeat(2000),
  '路灯路灯路灯路灯路灯 路灯',
  '😀😀 emoji 表情 😀',
];

function expectSame(compiled: CompiledVocabulary, vocab: ReturnType<typeof fitVocabulary>, text: string): void {
  const expected = vectorize(vocab, extractFeatures(text, vocab.features));
  const got = compiled.vectorize(text);
  expect(Array.from(got.indices)).toEqual(Array.from(expected.indices));
  // toEqual on numbers is exact: the same double, not a close one.
  expect(Array.from(got.values)).toEqual(Array.from(expected.values));
}

(hasHotlineData ? describe : describe.skip)('the compiled vocabulary on real hotline messages', () => {
  const messages = () => hotlineMessages().map((m) => m.text);
  // A vocabulary from every fifth message (no training needed: only the columns and idf matter).
  const fitted = (features: FeatureOptions, extra: string[] = []) =>
    fitVocabulary([...messages().filter((_, i) => i % 5 === 0), ...extra].map((t) => extractFeatures(t, features)), features, 2);

  it('gives the training path vector for held-out messages and odd ones, with the default features', () => {
    const vocab = fitted(DEFAULT_FEATURES, [...ODD, ...ODD]);
    const compiled = new CompiledVocabulary(vocab);
    for (const text of [...messages().filter((_, i) => i % 5 === 1).slice(0, 400), ...ODD]) expectSame(compiled, vocab, text);
  });

  it('gives it for n-gram orders without an integer key (word trigrams, character 4- and 5-grams)', () => {
    const features = { wordNgrams: [1, 2, 3], charNgrams: [1, 2, 3, 4, 5], maxChars: 300 };
    const vocab = fitted(features, [...ODD, ...ODD]);
    const compiled = new CompiledVocabulary(vocab);
    for (const text of [...messages().filter((_, i) => i % 5 === 2).slice(0, 150), ...ODD]) expectSame(compiled, vocab, text);
  });

  it('gives it for n-gram orders listed in another order (bigrams before words, 3-grams before 1-grams)', () => {
    const features = { wordNgrams: [2, 1], charNgrams: [3, 1], maxChars: 200 };
    const vocab = fitted(features);
    const compiled = new CompiledVocabulary(vocab);
    for (const text of [...messages().filter((_, i) => i % 5 === 3).slice(0, 150), ...ODD]) expectSame(compiled, vocab, text);
  });
});
