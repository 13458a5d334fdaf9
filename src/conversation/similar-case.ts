/**
 * When a matter goes to a person, how a very similar past case was settled: "类似问题曾由××答复：…".
 * Said only when the composition root gives a `similarCase` lookup and it finds a case similar
 * enough to be the same matter whose reply names the department (src/cases/levels.ts decides both,
 * with cut-offs measured on real replies); otherwise nothing is added. The gist is masked (phone,
 * ID and credit-code numbers) and shown in the user's script; the page renders it as text.
 */
import { maskPersonalData } from '../privacy';
import { inScript, sendText, type SimilarCaseLookup, type Turn } from './turn';

export function noteSimilarCase(lookup: SimilarCaseLookup | undefined, turn: Turn, demand: string | undefined): void {
  if (!lookup || !demand?.trim()) return;
  const found = lookup(demand);
  if (!found) return;
  sendText(turn, 'similar_case', {
    department: inScript(turn, found.department),
    gist: inScript(turn, maskPersonalData(found.gist)),
  });
}
