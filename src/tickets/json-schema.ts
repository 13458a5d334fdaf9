/**
 * JSON Schema of the ticket contract, generated from the zod schemas so it cannot drift from them.
 * Served at GET /api/v1/schema/ticket for the routing backend's developers.
 * Custom checks (credit-code check characters, status-specific required fields) are not
 * expressible in JSON Schema; the descriptions point to docs/tickets.md for them.
 */
import { z } from 'zod';
import { StatusUpdate, Ticket, TicketInput, TICKET_SCHEMA_VERSION } from './schema';

const ID_BASE = 'https://qihu.example/schema';

export type JsonSchema = z.core.JSONSchema.BaseSchema;

function withMeta(schema: JsonSchema, name: string, description: string): JsonSchema {
  return {
    ...schema,
    $id: `${ID_BASE}/${TICKET_SCHEMA_VERSION}/${name}`,
    title: `${TICKET_SCHEMA_VERSION} ${name}`,
    description,
  };
}

/** The stored and delivered ticket (output shape: defaults filled, values normalised). */
export function ticketJsonSchema(): JsonSchema {
  return withMeta(
    z.toJSONSchema(Ticket, { target: 'draft-2020-12' }),
    'Ticket',
    'A demand the assistant could not answer, as delivered to the routing backend. applicant.kind says who files it (absent on tickets before the field: an enterprise); an enterprise\'s ticket has `enterprise`, any other has applicant.district. enterprise.creditCode, when present, also passes the GB 32100-2015 and GB 11714 check characters; contact.phone is normalised (13800138000 or 0591-87654321[-ext]).',
  );
}

/** What a channel submits to create a ticket (input shape: optional fields may be omitted). */
export function ticketInputJsonSchema(): JsonSchema {
  return withMeta(
    z.toJSONSchema(TicketInput, { target: 'draft-2020-12', io: 'input' }),
    'TicketInput',
    'Submitted by a channel. Without applicant (or with kind enterprise) `enterprise` is required; an individual or founder without one gives applicant.district. Phone numbers and credit codes may contain spaces, dashes or +86; they are normalised and check-verified on submission.',
  );
}

/** What the routing backend posts back. */
export function statusUpdateJsonSchema(): JsonSchema {
  return withMeta(
    z.toJSONSchema(StatusUpdate, { target: 'draft-2020-12' }),
    'StatusUpdate',
    'A status report from the routing backend. department is required for assigned, answer for resolved, reason for rejected.',
  );
}
