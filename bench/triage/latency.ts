/**
 * Classify latency in a process of its own that holds only the model, as the `classify` command and
 * a server's triage do: `tsx bench/triage/latency.ts <model.json> <texts.json>` prints
 * {"p50","p99","n"} in milliseconds over three rounds of the texts after one round of warm-up.
 */
import { readFileSync } from 'node:fs';
import { readModelFile, TriageClassifier } from '../../src/classifier';
import { median, percentile } from '../lib/stats';

const [modelFile, textsFile] = process.argv.slice(2);
const classifier = new TriageClassifier(readModelFile(modelFile!));
const texts = JSON.parse(readFileSync(textsFile!, 'utf8')) as string[];
const samples: number[] = [];
for (let round = 0; round < 4; round++) {
  for (const text of texts) {
    const t = performance.now();
    classifier.classify(text);
    if (round > 0) samples.push(performance.now() - t);
  }
}
process.stdout.write(JSON.stringify({ p50: median(samples), p99: percentile(samples, 99), n: samples.length }) + '\n');
