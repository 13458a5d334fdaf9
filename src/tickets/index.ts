/**
 * Tickets (see docs/tickets.md): the contract (schema.ts, the only ticket definition) and its codes
 * and wording, validation of phone numbers, credit codes and districts, triage, the working-day
 * calendar and SLA, preparation (pure), the service that stores a ticket with its outbox entry, the
 * dispatcher that delivers it, the signing of what goes to and comes from the routing backend, and
 * the 督办 view over the stored tickets (digests, the list by SLA colour, a ticket's timeline, the
 * daily summary).
 * TicketStore is the interface storage implements.
 */
export * from './messages';
export * from './schema';
export * from './issues';
export * from './json-schema';
export * from './uscc';
export * from './phone';
export * from './districts';
export * from './triage';
export * from './training-examples';
export * from './triage-model-views';
export * from './calendar';
export * from './sla';
export * from './ticket-id';
export * from './prepare';
export * from './preview';
export * from './search';
export * from './access';
export * from './my-tickets';
export * from './events';
export * from './digest';
export * from './supervision';
export * from './supervision-schema';
export * from './supervision-summary';
export * from './supervision-export';
export * from './timeline';
export * from './store';
export * from './service';
export * from './backoff';
export * from './signing';
export * from './dispatcher';
