import { hanBigrams, normalise, Tokenizer } from '../../src/engine/text';
import { convertScript, toSimplified } from '../../src/zh';

describe('normalise', () => {
  it('folds full-width characters, lower-cases and strips punctuation', () => {
    expect(normalise('ＩＣＰ许可证，怎么办？ＡＢＣ１２３').text).toBe('icp许可证 怎么办 abc123');
  });

  it('converts traditional to simplified and remembers the script', () => {
    const n = normalise('辦理藥品經營許可證需要什麼材料');
    expect(n.text).toBe('办理药品经营许可证需要什么材料');
    expect(n.script).toBe('traditional');
    expect(normalise('办理药品经营许可证需要什么材料').script).toBe('simplified');
  });

  it('drops control characters and replacement characters', () => {
    expect(normalise('营业\u0000执照\uFFFD\u200b').text).toBe('营业 执照');
  });
});

describe('Tokenizer', () => {
  it('keeps user dictionary words whole and drops stopwords', () => {
    const tokenizer = new Tokenizer(['药品零售许可']);
    const words = tokenizer.words(normalise('我想问一下药品零售许可的材料').text);
    expect(words).toContain('药品零售许可');
    expect(words).not.toContain('我');
    expect(words).not.toContain('的');
  });

  it('adds Han bigrams so one wrong character still matches most of a word', () => {
    expect(hanBigrams('许可正')).toEqual(['~许可', '~可正']);
  });
});

describe('script conversion', () => {
  it('round-trips a sentence', () => {
    const traditional = convertScript('办理时限为10个工作日', 'traditional');
    expect(traditional).toBe('辦理時限為10個工作日');
    expect(toSimplified(traditional)).toBe('办理时限为10个工作日');
  });
});
