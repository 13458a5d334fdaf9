/** Component schemas of the policy routes (the zod schemas their handlers build with). */
import { ScanSummary } from '../../../policies';
import { ImpactAnswer, PolicySuggestions, PolicyVocabulary, VerdictCounts } from '../../editor-policies-router';
import { PolicyMatchAnswer } from '../../policies-router';
import { PolicyStatsView } from '../../../policies';
import { EnterprisePage, NoticePage, RegistryImportReport, VerificationPage } from '../../policy-admin-router';
import type { ZodComponent } from '../registry';

export const POLICY_COMPONENTS: ZodComponent[] = [
  { name: 'PolicyMatchResponse', schema: PolicyMatchAnswer, properties: { 'results[].items': "Each item's text, the fact tested and the enterprise's value (absent when unknown)" } },
  { name: 'VerdictCounts', schema: VerdictCounts },
  {
    name: 'PolicyImpact',
    schema: ImpactAnswer,
    description: "Every registry enterprise's verdict before and after an eligibility change, on one date.",
    properties: { changed: 'Enterprises whose verdict the change moves into each verdict (null without a before)' },
  },
  { name: 'EnterprisePage', schema: EnterprisePage, properties: { info: 'What the registry holds', 'items[].creditCode': 'Masked' } },
  { name: 'PolicyNoticePage', schema: NoticePage, description: 'Notices kept (sent), newest first; credit codes masked' },
  { name: 'PolicyVerificationPage', schema: VerificationPage, description: '可能符合: what to verify; credit codes masked' },
  {
    name: 'PolicyStats',
    schema: PolicyStatsView,
    properties: { policiesMatched: 'Most often eligible first', 'policiesMatched[].title': 'null: no longer in the published knowledge base', missingFacts: 'Most often missing first' },
  },
  { name: 'PolicyVocabulary', schema: PolicyVocabulary, properties: { 'facts[].operators': 'The operators a condition on the fact may use' } },
  { name: 'PolicySuggestions', schema: PolicySuggestions, properties: { 'items[].text': 'The clause fragment the item came from' } },
  { name: 'RegistryImportReport', schema: RegistryImportReport, properties: { synthetic: 'Rows marked 合成数据', info: 'A written import only', scan: 'A written import only: the 免申即享 scan it ran' } },
  { name: 'ScanSummary', schema: ScanSummary, properties: { sendFailures: 'Notices the sink refused (tried again at the next scan)' } },
];
