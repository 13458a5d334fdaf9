/**
 * The 免申即享 scan: every enterprise of the registry against every policy granted without an
 * application, in one pass (each enterprise's facts derived once). An eligible enterprise gets a
 * notice, kept once per policy and enterprise and sent through the sink; an unknown one goes to the
 * policy's verification list with what is missing; an ineligible one gets nothing.
 *
 * Run when such a policy is published and when the registry changes; scans never overlap (each waits
 * for the one before), and scanning again only sends what is new.
 */
import { z } from 'zod';
import { type ConditionItem, itemsOf, type ManualItem } from './eligibility';
import { evaluate, factsOf } from './evaluate';
import type { MatchablePolicy } from './match';
import { noticeId, type MissingItem, type NoticeSink, type NoticeStore, type PolicyNotice, type VerificationRow } from './notices';
import type { EnterpriseDirectory, RegisteredEnterprise } from './registry';
import { normalizeUscc } from '../identifiers';

/** What the scan needs of a policy (a knowledge-base Policy has all of it). */
export interface ScannablePolicy extends MatchablePolicy {
  noApplication?: boolean | undefined;
  benefits?: string | undefined;
  department?: string | undefined;
  howToApply?: string | undefined;
  validTo?: string | undefined;
  source?: string | undefined;
}

export const PolicyScanCounts = z.strictObject({
  policyId: z.string(),
  eligible: z.number().int(),
  unknown: z.number().int(),
  ineligible: z.number().int(),
  /** Notices new in this scan (kept and handed to the sink). */
  noticesSent: z.number().int(),
});
export type PolicyScanCounts = z.infer<typeof PolicyScanCounts>;

export const ScanSummary = z.strictObject({
  on: z.iso.date(),
  enterprises: z.number().int(),
  policies: z.array(PolicyScanCounts),
  /** Notices the sink refused (dropped from the store: the next scan tries again). */
  sendFailures: z.number().int(),
  ms: z.number().int(),
});
export type ScanSummary = z.infer<typeof ScanSummary>;

export interface NoticeServiceDeps {
  registry: EnterpriseDirectory;
  store: NoticeStore;
  sink: NoticeSink;
  /** Told how many notices each scan sent (analytics). */
  onSent?: (count: number) => void | Promise<void>;
  onSendError?: (err: unknown, notice: PolicyNotice) => void;
  now?: () => Date;
}

export interface NoticeService {
  /** Scans the registry against the policies that are 免申即享, have rules and are not past validTo on `on`. */
  scan(policies: readonly ScannablePolicy[], on: string): Promise<ScanSummary>;
  /** What an enterprise has been told (chat shows it when the enterprise gives its credit code). */
  noticesFor(creditCode: string): Promise<PolicyNotice[]>;
}

/** The policies a scan covers. */
export function exemptPolicies(policies: readonly ScannablePolicy[], on: string): ScannablePolicy[] {
  return policies.filter((p) => p.noApplication && p.rules && !(p.validTo && p.validTo < on));
}

const missingOf = (items: Map<string, ConditionItem | ManualItem>, ids: readonly string[]): MissingItem[] =>
  ids.map((id) => {
    const item = items.get(id)!;
    return 'check' in item ? { id, text: item.text } : { id, text: item.text, fact: item.fact };
  });

const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

function noticeOf(policy: ScannablePolicy, e: RegisteredEnterprise, met: string[], at: string): PolicyNotice {
  return {
    id: noticeId(policy.id, e.id),
    policyId: policy.id,
    policyTitle: policy.title,
    enterpriseId: e.id,
    enterpriseName: e.name,
    ...optional('creditCode', e.creditCode),
    ...optional('benefit', policy.benefits),
    ...optional('department', policy.department),
    ...optional('howToApply', policy.howToApply),
    ...optional('validTo', policy.validTo),
    ...optional('source', policy.source),
    met,
    createdAt: at,
  };
}

export function createNoticeService(deps: NoticeServiceDeps): NoticeService {
  const now = deps.now ?? (() => new Date());
  let running: Promise<unknown> = Promise.resolve();

  async function scanOnce(all: readonly ScannablePolicy[], on: string): Promise<ScanSummary> {
    const started = Date.now();
    const at = now().toISOString();
    const policies = exemptPolicies(all, on);
    const items = policies.map((p) => new Map(itemsOf(p.rules!).map((i) => [i.id, i] as const)));
    const counts: PolicyScanCounts[] = policies.map((p) => ({ policyId: p.id, eligible: 0, unknown: 0, ineligible: 0, noticesSent: 0 }));
    const toVerify: VerificationRow[][] = policies.map(() => []);
    let enterprises = 0;
    let sendFailures = 0;
    for await (const e of deps.registry.list()) {
      enterprises++;
      if (!policies.length) continue;
      const facts = factsOf(e, on);
      for (let i = 0; i < policies.length; i++) {
        const policy = policies[i]!;
        const result = evaluate(policy.rules!, facts);
        const c = counts[i]!;
        if (result.verdict === 'ineligible') {
          c.ineligible++;
        } else if (result.verdict === 'unknown') {
          c.unknown++;
          toVerify[i]!.push({
            policyId: policy.id,
            policyTitle: policy.title,
            enterpriseId: e.id,
            enterpriseName: e.name,
            ...optional('creditCode', e.creditCode),
            missing: missingOf(items[i]!, result.unknown),
            scannedAt: at,
          });
        } else {
          c.eligible++;
          const notice = noticeOf(policy, e, result.met, at);
          if (!(await deps.store.add(notice))) continue;
          try {
            await deps.sink.enqueue(notice);
            c.noticesSent++;
          } catch (err) {
            sendFailures++;
            await deps.store.forget(notice.id);
            deps.onSendError?.(err, notice);
          }
        }
      }
    }
    for (let i = 0; i < policies.length; i++) await deps.store.putVerification(policies[i]!.id, toVerify[i]!);
    const sent = counts.reduce((n, c) => n + c.noticesSent, 0);
    if (sent) await deps.onSent?.(sent);
    return { on, enterprises, policies: counts, sendFailures, ms: Date.now() - started };
  }

  return {
    scan(policies, on) {
      const next = running.then(() => scanOnce(policies, on));
      running = next.catch(() => undefined);
      return next;
    },
    noticesFor(creditCode) {
      return deps.store.forCreditCode(normalizeUscc(creditCode));
    },
  };
}
