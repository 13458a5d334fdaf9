/**
 * The enterprise profile (企业画像) that policies are matched against. Every field may be missing:
 * a missing fact makes the conditions that need it unknown, never unmet.
 */
import { z } from 'zod';
import { normalizeUscc, validateUscc } from '../identifiers';
import { toSimplified } from '../zh';

/** Closed vocabulary of qualifications (资质) a policy may require. */
export const QUALIFICATIONS = [
  '高新技术企业',
  '科技型中小企业',
  '专精特新中小企业',
  '专精特新"小巨人"企业',
  '创新型中小企业',
  '规模以上工业企业',
  '技术先进型服务企业',
  '国家级企业技术中心',
  '省级企业技术中心',
  '瞪羚企业',
  '独角兽企业',
  '上市企业',
  '外商投资企业',
  '个体工商户',
] as const;
export const Qualification = z.enum(QUALIFICATIONS);
export type Qualification = z.infer<typeof Qualification>;

/** 纳税信用等级. */
export const TaxCredit = z.enum(['A', 'B', 'M', 'C', 'D']);

/** GB/T 4754-2017 code: a section letter, then 2 (大类), 3 (中类) or 4 (小类) digits, e.g. C3911. */
export const IndustryCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-T](\d{2}|\d{3}|\d{4})?$/, '行业代码应为 GB/T 4754-2017 代码，如 C3911'));

const Amount = z.number().finite().nonnegative();

export const EnterpriseProfile = z.strictObject({
  id: z.string().trim().min(1).max(100).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  creditCode: z
    .string()
    .transform(normalizeUscc)
    .refine((code) => validateUscc(code).ok, '统一社会信用代码校验不通过')
    .optional(),
  /** Folded like every text qihu matches (NFKC, traditional → simplified): 東城區 is 东城区. */
  district: z
    .string()
    .transform((s) => toSimplified(s.normalize('NFKC')).trim())
    .pipe(z.string().min(1).max(50))
    .optional(),
  industry: IndustryCode.optional(),
  establishedOn: z.iso.date().optional(),
  employees: z.number().int().nonnegative().optional(),
  /** 营业收入, 万元, last year. */
  revenue: Amount.optional(),
  /** 资产总额, 万元. */
  assets: Amount.optional(),
  /** 注册资本, 万元. */
  registeredCapital: Amount.optional(),
  qualifications: z.array(Qualification).max(QUALIFICATIONS.length).optional(),
  /** R&D spending as a share of revenue, %. */
  rdRatio: z.number().finite().min(0).max(100).optional(),
  taxCredit: TaxCredit.optional(),
});
export type EnterpriseProfile = z.infer<typeof EnterpriseProfile>;
