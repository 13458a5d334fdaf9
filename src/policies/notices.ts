/**
 * 免申即享 notices: what an enterprise is told when a policy granted without an application applies
 * to it, and the verification list (待核实) of enterprises the data cannot decide. Only `eligible`
 * verdicts become notices; `unknown` ones go to the verification list for an editor, never to a
 * notice. The stores (memory here; file and Redis under src/storage) keep one notice per policy and
 * enterprise, so scanning again never tells an enterprise twice.
 */
import { z } from 'zod';
import { FactName } from './eligibility';

export const PolicyNotice = z.object({
  /** `<policyId>|<enterpriseId>`: the deduplication key. */
  id: z.string().min(1),
  policyId: z.string().min(1),
  policyTitle: z.string().min(1),
  enterpriseId: z.string().min(1),
  enterpriseName: z.string().min(1),
  creditCode: z.string().optional(),
  benefit: z.string().optional(),
  department: z.string().optional(),
  howToApply: z.string().optional(),
  validTo: z.iso.date().optional(),
  source: z.string().optional(),
  /** The item ids the enterprise met (every data-decidable item of the policy). */
  met: z.array(z.string()),
  createdAt: z.iso.datetime(),
});
export type PolicyNotice = z.infer<typeof PolicyNotice>;

export const noticeId = (policyId: string, enterpriseId: string): string => `${policyId}|${enterpriseId}`;

/** One item an editor has to check for an enterprise: its text (原文), and the fact when data is missing (absent: a manual item). */
export const MissingItem = z.object({ id: z.string(), text: z.string(), fact: FactName.optional() });
export type MissingItem = z.infer<typeof MissingItem>;

/** An enterprise that may be eligible for a 免申即享 policy: what to verify before it is told. */
export const VerificationRow = z.object({
  policyId: z.string().min(1),
  policyTitle: z.string().min(1),
  enterpriseId: z.string().min(1),
  enterpriseName: z.string().min(1),
  creditCode: z.string().optional(),
  missing: z.array(MissingItem),
  scannedAt: z.iso.datetime(),
});
export type VerificationRow = z.infer<typeof VerificationRow>;

export interface Page<T> {
  total: number;
  items: T[];
}

export interface PageQuery {
  policyId?: string | undefined;
  offset: number;
  limit: number;
}

export interface NoticeStore {
  /** Keeps the notice unless one for the same policy and enterprise is kept already: true when kept now. */
  add(notice: PolicyNotice): Promise<boolean>;
  /** Drops a notice (one that could not be sent is dropped so the next scan tries again). */
  forget(id: string): Promise<void>;
  /** The notices of one enterprise (credit code normalised), newest first. */
  forCreditCode(creditCode: string): Promise<PolicyNotice[]>;
  /** Newest first. */
  list(query: PageQuery): Promise<Page<PolicyNotice>>;
  /** Replaces one policy's verification list with a scan's (an empty list clears it). */
  putVerification(policyId: string, rows: readonly VerificationRow[]): Promise<void>;
  /** Every policy's list, policies in id order, enterprises in registry order. */
  verification(query: PageQuery): Promise<Page<VerificationRow>>;
  close(): Promise<void>;
}

/** Where a new notice is sent (the signed NOTIFY_URL outbox, kind `policy_notice`, is one). */
export interface NoticeSink {
  enqueue(notice: PolicyNotice): Promise<void>;
}

/** A sink that keeps what it is given: tests, and a server without NOTIFY_URL. */
export function memoryNoticeSink(): NoticeSink & { readonly sent: PolicyNotice[] } {
  const sent: PolicyNotice[] = [];
  return {
    sent,
    async enqueue(notice) {
      sent.push(notice);
    },
  };
}

const page = <T>(rows: readonly T[], q: PageQuery): Page<T> => ({ total: rows.length, items: rows.slice(q.offset, q.offset + q.limit) });

/** The notice store's logic over plain maps: the memory store, and the file store's state between writes. */
export class NoticeState {
  readonly notices = new Map<string, PolicyNotice>();
  readonly verifications = new Map<string, VerificationRow[]>();

  add(notice: PolicyNotice): boolean {
    if (this.notices.has(notice.id)) return false;
    this.notices.set(notice.id, notice);
    return true;
  }

  forCreditCode(code: string): PolicyNotice[] {
    return [...this.notices.values()].filter((n) => n.creditCode === code).reverse();
  }

  list(q: PageQuery): Page<PolicyNotice> {
    const all = [...this.notices.values()].reverse();
    return page(q.policyId ? all.filter((n) => n.policyId === q.policyId) : all, q);
  }

  verification(q: PageQuery): Page<VerificationRow> {
    if (q.policyId) return page(this.verifications.get(q.policyId) ?? [], q);
    const ids = [...this.verifications.keys()].sort();
    return page(
      ids.flatMap((id) => this.verifications.get(id)!),
      q,
    );
  }
}

export function memoryNoticeStore(): NoticeStore {
  const state = new NoticeState();
  return {
    add: async (n) => state.add(n),
    forget: async (id) => void state.notices.delete(id),
    forCreditCode: async (code) => state.forCreditCode(code),
    list: async (q) => state.list(q),
    async putVerification(policyId, rows) {
      if (rows.length) state.verifications.set(policyId, [...rows]);
      else state.verifications.delete(policyId);
    },
    verification: async (q) => state.verification(q),
    close: async () => {},
  };
}
