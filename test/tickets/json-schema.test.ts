import { statusUpdateJsonSchema, ticketInputJsonSchema, ticketJsonSchema } from '../../src/tickets/json-schema';

type Obj = { properties?: Record<string, Obj>; required?: string[]; enum?: string[]; const?: string; pattern?: string };

describe('JSON Schema', () => {
  it('describes the ticket with its version and required parts', () => {
    const s = ticketJsonSchema() as Obj & { $id?: string; $schema?: string };
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.$id).toContain('qihu.ticket/v1');
    expect(s.properties?.schema?.const).toBe('qihu.ticket/v1');
    expect(s.required).toEqual(
      expect.arrayContaining(['schema', 'id', 'createdAt', 'channel', 'contact', 'demand', 'triage', 'sla', 'idempotencyKey']),
    );
    // An enterprise's ticket names it (a check JSON Schema cannot express); a person's has none.
    expect(s.required).not.toContain('enterprise');
    expect(s.properties?.applicant?.properties?.kind?.enum).toEqual(['enterprise', 'individual', 'founder']);
    expect(s.properties?.enterprise?.required).toEqual(['name', 'district']);
    expect(s.properties?.demand?.properties?.location).toBeDefined();
    expect(s.properties?.triage?.properties?.level?.enum).toEqual(['市', '区县', '乡镇']);
    expect(s.properties?.id?.pattern).toBe('^QH-\\d{8}-\\d{6}$');
    expect(() => JSON.stringify(s)).not.toThrow();
  });

  it('describes the input and status updates', () => {
    const input = ticketInputJsonSchema() as Obj;
    // New fields are optional: a payload of the earlier shape is still valid.
    expect(input.required).toEqual(['channel', 'contact', 'demand']);
    // in the input, defaults make detail optional
    expect(input.properties?.demand?.required).toEqual(['summary']);
    const update = statusUpdateJsonSchema() as Obj;
    expect(update.properties?.status?.enum).toEqual(['received', 'assigned', 'in_progress', 'resolved', 'rejected', 'closed']);
  });
});
