/** The model page's words for a head and for how sure a guess is. */
import type { Guess, HeadDetail } from '../../../classifier/types';

const HEAD_LABEL: Record<HeadDetail['label'], string> = { category: '分类', department: '部门' };
export const headLabel = (label: HeadDetail['label']): string => HEAD_LABEL[label];

/** At 0.9 and above the held-out guesses were right 97 % of the time (docs/triage.md); under the model's review threshold a person decides. */
const SURE = 0.9;
export function confidenceLevel(g: Pick<Guess, 'confidence' | 'review'>): { key: 'high' | 'medium' | 'low'; text: string } {
  if (g.review) return { key: 'low', text: '低' };
  return g.confidence >= SURE ? { key: 'high', text: '高' } : { key: 'medium', text: '中' };
}

export const pct = (v: number): string => (v * 100).toFixed(1) + ' %';
