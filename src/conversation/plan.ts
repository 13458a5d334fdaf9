/**
 * What the hand-off intake asks, and in which order. It depends on the demand and on who files it:
 *
 *   诉求 ─▶ 问题地点 (the demand's category concerns a place: a street light, a road, noise …; or it
 *           is a complaint, which a department must locate: skippable)
 *        ─▶ 企业名称 (or "个人" / "还没注册": then no enterprise fields)
 *        ─▶ 统一社会信用代码 (an enterprise's application or own case: the department must find its records)
 *        ─▶ 所在区县 (an enterprise's; a person's unless the place already names it)
 *        ─▶ 联系人 ─▶ 联系电话
 *
 * The demand is judged once per summary text (`assess`): the routing table says whether its
 * category concerns a place (tickets' assessDemand, knowledge-base/routing.json `located`), and
 * the engine whether it is about a service item or policy, or the enterprise's own case. A report
 * (a complaint, a place) needs no credit code.
 */
import { toSimplified, type HandoffReason } from '../engine';
import type { ApplicantKind } from '../tickets/schema';
import { placeOf } from './extract';
import type { Intake, IntakeSlot } from './state';
import type { DialogDeps } from './turn';

export type Assessment = NonNullable<Intake['assessed']>;

/** Reasons that make a demand a report: the department needs the place and the facts, not records. */
const REPORTS: readonly HandoffReason[] = ['complaint'];
/** The enterprise's own case ("我们的补贴为什么还没到账"): its records must be found. */
const OWN_CASE: readonly HandoffReason[] = ['specific_case'];
/** How many of the engine's candidates may show that the demand is about an item or a policy. */
const CANDIDATES_LOOKED_AT = 3;

/** Slots about who files: the contact details of an earlier ticket may fill them. */
export const WHO_SLOTS: readonly IntakeSlot[] = ['name', 'creditCode', 'district', 'contactName', 'phone'];
/** Slots the user may not be able to give: "没有代码", "说不清具体位置" skip them. */
export const SKIPPABLE: readonly IntakeSlot[] = ['creditCode', 'location'];

/** The applicant as far as known: a company name given means an enterprise. */
export function applicantOf(intake: Intake): ApplicantKind | undefined {
  return intake.applicant ?? (intake.values.name ? 'enterprise' : undefined);
}

/** What the demand needs (a place? the company's records?), judged again only when the summary changes. */
export function assess(deps: DialogDeps, intake: Intake): Assessment | undefined {
  const summary = intake.values.summary;
  if (!summary) return undefined;
  if (intake.assessed?.summary === summary) return intake.assessed;
  const text = intake.values.detail || summary;
  // Triage matches simplified text.
  const { located } = deps.tickets.assessDemand(toSimplified(text));
  const decision = deps.engine().ask(text);
  const signal = decision.kind === 'handoff' ? decision.reason : undefined;
  const report = REPORTS.includes(intake.reason) || (signal !== undefined && REPORTS.includes(signal));
  const ownCase = OWN_CASE.includes(intake.reason) || (signal !== undefined && OWN_CASE.includes(signal));
  const aboutService =
    signal !== 'out_of_scope' && decision.candidates.slice(0, CANDIDATES_LOOKED_AT).some((c) => c.kind === 'item' || c.kind === 'policy');
  intake.assessed = { summary, located, report, application: !located && !report && (ownCase || aboutService) };
  return intake.assessed;
}

/**
 * The district the ticket will carry: an enterprise's as given; for a person or founder the reported
 * place's when it names one, else the one given.
 */
export function districtOf(deps: DialogDeps, intake: Intake): { district: string; town?: string } | undefined {
  const v = intake.values;
  const given = v.district ? (v.town ? { district: v.district, town: v.town } : { district: v.district }) : undefined;
  if (applicantOf(intake) === 'enterprise') return given;
  return placeOf(deps.districts, v.location) ?? given;
}

/** The slots this intake asks for, in order (given or not). */
export function slotsToAsk(deps: DialogDeps, intake: Intake): IntakeSlot[] {
  const assessed = assess(deps, intake);
  const kind = applicantOf(intake);
  const out: IntakeSlot[] = ['summary'];
  if (assessed?.located || assessed?.report) out.push('location');
  if (kind === undefined || kind === 'enterprise') out.push('name');
  if (kind === 'enterprise' && assessed?.application) out.push('creditCode');
  out.push('district', 'contactName', 'phone');
  return out.filter((s) => !intake.skipped.includes(s));
}

/** Whether a slot holds its value (a person's district may come from the place). */
export function isGiven(deps: DialogDeps, intake: Intake, slot: IntakeSlot): boolean {
  if (slot === 'district') return districtOf(deps, intake) !== undefined;
  return Boolean(intake.values[slot]);
}

/** The first slot still to ask, or undefined when the summary can be shown. */
export function nextSlot(deps: DialogDeps, intake: Intake): IntakeSlot | undefined {
  return slotsToAsk(deps, intake).find((s) => !isGiven(deps, intake, s));
}

/** Slots to show and to offer for change: those asked, and any other that holds a value. */
export function shownSlots(deps: DialogDeps, intake: Intake): IntakeSlot[] {
  const asked = new Set(slotsToAsk(deps, intake));
  const kind = applicantOf(intake);
  const order: IntakeSlot[] = ['name', 'creditCode', 'district', 'contactName', 'phone', 'summary', 'location'];
  return order.filter((s) => asked.has(s) || (intake.values[s] && (kind === 'enterprise' || (s !== 'name' && s !== 'creditCode'))));
}
