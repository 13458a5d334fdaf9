/**
 * The ticket history as labelled messages for the triage model (src/classifier): what a person
 * settled is the label. A demand counts once a department took it (an `assigned` status from the
 * routing backend); the last department it was assigned to is its department, so a reassignment
 * (转办) corrects the first guess, and when that department is not the one triage chose, the
 * category is the category the routing table gives that department. Demands nobody has taken yet
 * teach nothing and are left out, and so do 待研判 demands (triage.review) until a person moves them
 * from the fallback department to another.
 */
import type { TrainingExample } from '../classifier';
import type { Ticket, TicketState } from './schema';
import { resolveDepartment, type RoutingTable } from './triage';

export function trainingExampleOf(ticket: Ticket, state: TicketState, table: RoutingTable): TrainingExample | undefined {
  const reported = state.history.filter((h) => h.status === 'assigned' && h.department).at(-1)?.department;
  if (!reported) return undefined;
  // The backend may name a department by an alias (人社局): the table's own name is the label.
  const assigned = resolveDepartment(table, reported) ?? reported;
  const reassigned = assigned !== ticket.triage.department;
  // A 待研判 demand still with the fallback department (the 12345 centre) awaits a person's decision: no label yet.
  if (ticket.triage.review && !reassigned) return undefined;
  const category = reassigned ? (table.departments.get(assigned)?.category.level1 ?? ticket.triage.category.level1) : ticket.triage.category.level1;
  const text = [ticket.demand.summary, ticket.demand.detail ?? ''].join('\n').trim();
  return { text, category, department: assigned };
}
