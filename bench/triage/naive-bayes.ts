/**
 * The baseline the issue names: multinomial naive Bayes over jieba words (Laplace smoothing),
 * the usual first model for this data. Kept only to be printed beside qihu's classifier.
 */
import { extractFeatures } from '../../src/classifier/features';

// The whole message, as the baseline is usually run.
const WORDS = { wordNgrams: [1], charNgrams: [], maxChars: Number.MAX_SAFE_INTEGER };

export interface NaiveBayes {
  classify(text: string): string;
}

export function trainNaiveBayes(texts: readonly string[], labels: readonly string[]): NaiveBayes {
  const classes = [...new Set(labels)].sort();
  const wordCounts = classes.map(() => new Map<string, number>());
  const totals = classes.map(() => 0);
  const docs = classes.map(() => 0);
  const vocab = new Set<string>();
  texts.forEach((t, i) => {
    const c = classes.indexOf(labels[i]!);
    docs[c]!++;
    for (const [w, n] of extractFeatures(t, WORDS)) {
      vocab.add(w);
      wordCounts[c]!.set(w, (wordCounts[c]!.get(w) ?? 0) + n);
      totals[c]! += n;
    }
  });
  const prior = docs.map((d) => Math.log(d / texts.length));
  return {
    classify(text) {
      const features = extractFeatures(text, WORDS);
      let best = 0;
      let bestScore = -Infinity;
      classes.forEach((_, c) => {
        let s = prior[c]!;
        const denom = Math.log(totals[c]! + vocab.size);
        for (const [w, n] of features) if (vocab.has(w)) s += n * (Math.log((wordCounts[c]!.get(w) ?? 0) + 1) - denom);
        if (s > bestScore) [best, bestScore] = [c, s];
      });
      return classes[best]!;
    },
  };
}
