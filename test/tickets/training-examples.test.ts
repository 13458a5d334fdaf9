/** The ticket history as the triage model's labels: the last department that took a demand decides. */
import { join } from 'node:path';
import { loadRouting, trainingExampleOf, type TicketState } from '../../src/tickets';
import { makeState, makeTicket } from '../support/tickets';

const table = loadRouting(join(__dirname, '../../knowledge-base/routing.json'));
const at = '2026-11-26T10:00:00+08:00';

const withHistory = (state: TicketState, ...departments: string[]): TicketState => ({
  ...state,
  status: departments.length ? 'assigned' : state.status,
  history: [...state.history, ...departments.map((department) => ({ status: 'assigned' as const, at, department }))],
});

describe('trainingExampleOf', () => {
  const ticket = makeTicket(1, {});
  const triaged = { ...ticket, triage: { ...ticket.triage, department: '市住房和城乡建设局', category: { level1: '城乡建设', level2: '建筑市场' } } };

  it('leaves out a demand no department has taken', () => {
    expect(trainingExampleOf(triaged, makeState(triaged), table)).toBeUndefined();
  });

  it('keeps triage’s category when the department it chose took the demand', () => {
    const example = trainingExampleOf(triaged, withHistory(makeState(triaged), '住建局'), table);
    expect(example).toEqual({ text: expect.stringContaining(triaged.demand.summary), category: '城乡建设', department: '市住房和城乡建设局' });
  });

  it('takes the department of the last reassignment (转办) and its category from the routing table', () => {
    const example = trainingExampleOf(triaged, withHistory(makeState(triaged), '住建局', '人社局'), table);
    expect(example).toMatchObject({ category: '劳动和社会保障', department: '市人力资源和社会保障局' });
  });

  it('leaves out a 待研判 demand until a person moves it from the fallback department', () => {
    const fallback = table.file.fallback;
    const waiting = { ...ticket, triage: { ...ticket.triage, review: true, department: fallback.department, category: fallback.category } };
    expect(trainingExampleOf(waiting, withHistory(makeState(waiting), fallback.department), table)).toBeUndefined();
    expect(trainingExampleOf(waiting, withHistory(makeState(waiting), fallback.department, '教育局'), table)).toMatchObject({ category: '教育文体', department: '市教育局' });
  });

  it('keeps a department the table does not know under the name the backend gave', () => {
    expect(trainingExampleOf(triaged, withHistory(makeState(triaged), '某某街道办'), table)).toMatchObject({ category: '城乡建设', department: '某某街道办' });
  });
});
