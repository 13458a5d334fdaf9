/** Component schemas of the policy routes (the zod schemas their handlers build with). */
import { ScanSummary } from '../../../policies';
import { ImpactAnswer, VerdictCounts } from '../../editor-policies-router';
import { PolicyMatchAnswer } from '../../policies-router';
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
  { name: 'ScanSummary', schema: ScanSummary, properties: { sendFailures: 'Notices the sink refused (tried again at the next scan)' } },
];
