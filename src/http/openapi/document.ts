/**
 * Builds docs/openapi.yaml from the route registry (routes/), the zod component schemas
 * (schemas-zod.ts and components/) and the document's head (base.ts). `npm run openapi` writes
 * it; a test checks it is up to date.
 */
import { z } from 'zod';
import { DOCUMENT_HEAD, SHARED_COMPONENTS } from './base';
import { openApiPath, type OpenApiObject, type OpenApiValue, type RouteDoc, type ZodComponent } from './registry';
import { ROUTES } from './routes';
import { ZOD_COMPONENTS } from './schemas-zod';

const SCHEMA_REF = '#/components/schemas/';

/** A union of literals (`anyOf` of `const`s, as zod writes it) as the `enum` a reader expects. */
function literalsAsEnum(value: OpenApiObject): OpenApiObject | undefined {
  const members = value.anyOf;
  if (!Array.isArray(members) || Object.keys(value).some((k) => k !== 'anyOf' && k !== 'description')) return undefined;
  const consts = members.map((m) => (m && typeof m === 'object' && !Array.isArray(m) && 'const' in m ? m.const : undefined));
  if (consts.some((c) => typeof c !== 'number' && typeof c !== 'string')) return undefined;
  const types = new Set(consts.map((c) => (typeof c === 'number' ? (Number.isInteger(c) ? 'integer' : 'number') : 'string')));
  if (types.size !== 1) return undefined;
  return { type: [...types][0]!, enum: consts as OpenApiValue[], ...(value.description === undefined ? {} : { description: value.description }) };
}

/**
 * What zod writes that a reader does not need: the regular expression behind a `format`
 * (date-time, email, …), the safe-integer bounds of every integer, and a union of literals
 * spelled out member by member.
 */
function tidy(value: OpenApiValue): OpenApiValue {
  if (Array.isArray(value)) return value.map(tidy);
  if (value === null || typeof value !== 'object') return value;
  const literals = literalsAsEnum(value);
  if (literals) return literals;
  const out: OpenApiObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'pattern' && typeof value.format === 'string') continue;
    if ((key === 'maximum' || key === 'minimum') && Math.abs(v as number) === Number.MAX_SAFE_INTEGER) continue;
    out[key] = tidy(v);
  }
  return out;
}

const asObject = (v: OpenApiValue | undefined): OpenApiObject | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v : undefined);

/**
 * The properties a `properties` key names: `a`, or `a[].b` for a property of an array's items; in
 * a union (a discriminated one: `oneOf`), that property of every member that has it.
 */
function propertiesAt(schema: OpenApiObject, key: string): OpenApiObject[] {
  let at: OpenApiObject[] = [schema];
  for (const step of key.replace(/\[\]/g, '.[]').split('.')) {
    const members = at.flatMap((s) => [s, ...[...((s.oneOf ?? s.anyOf ?? []) as OpenApiValue[])].map(asObject).filter((m) => m !== undefined)]);
    at = members
      .map((s) => (step === '[]' ? asObject(s.items) : asObject(asObject(s.properties)?.[step])))
      .filter((m) => m !== undefined);
  }
  return at;
}

/** The zod components as JSON Schema, referring to each other by $ref (request shapes: `io: 'input'`). */
function zodSchemas(components: ZodComponent[]): Record<string, OpenApiObject> {
  const registry = z.registry<{ id: string }>();
  for (const c of components) registry.add(c.schema, { id: c.name });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => SCHEMA_REF + id, io: 'input', unrepresentable: 'any' });
  const out: Record<string, OpenApiObject> = {};
  for (const c of components) {
    const { $schema: _s, $id: _i, id: _d, ...schema } = schemas[c.name] as OpenApiObject;
    if (c.description) schema.description = c.description;
    if (c.example !== undefined) schema.example = c.example;
    for (const [key, text] of Object.entries(c.properties ?? {})) {
      const found = propertiesAt(schema, key);
      if (found.length === 0) throw new Error(`openapi: ${c.name} has no property ${key} to describe`);
      for (const property of found) property.description = text;
    }
    for (const [key, example] of Object.entries(c.examples ?? {})) {
      const found = propertiesAt(schema, key);
      if (found.length === 0) throw new Error(`openapi: ${c.name} has no property ${key} to give an example of`);
      for (const property of found) property.example = example;
    }
    out[c.name] = tidy(schema) as OpenApiObject;
  }
  return out;
}

/** The request body schema of a route: the component it is registered as, else inlined. */
function bodySchema(route: RouteDoc, components: ZodComponent[]): OpenApiObject {
  const named = components.find((c) => c.schema === route.body);
  if (named) return { $ref: SCHEMA_REF + named.name };
  const { $schema: _s, ...schema } = z.toJSONSchema(route.body!, { io: 'input', unrepresentable: 'any' }) as OpenApiObject;
  return tidy(schema) as OpenApiObject;
}

function operationOf(route: RouteDoc, components: ZodComponent[]): OpenApiObject {
  const op: OpenApiObject = { ...route.operation };
  if (route.auth) op.security = route.auth;
  if (route.body) {
    const requestBody = (op.requestBody ?? { required: true, content: {} }) as OpenApiObject;
    const content = (requestBody.content ?? {}) as Record<string, OpenApiObject>;
    op.requestBody = { ...requestBody, content: { ...content, 'application/json': { schema: bodySchema(route, components), ...content['application/json'] } } };
  }
  return op;
}

export function buildOpenApi(routes: RouteDoc[] = ROUTES, components: ZodComponent[] = ZOD_COMPONENTS): OpenApiObject {
  const paths: Record<string, Record<string, OpenApiValue>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    const ops = (paths[path] ??= {});
    if (ops[route.method]) throw new Error(`openapi: ${route.method.toUpperCase()} ${route.path} is registered twice`);
    ops[route.method] = operationOf(route, components);
  }
  const all = zodSchemas(components);
  const schemas = Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]!]));
  return { ...DOCUMENT_HEAD, paths, components: { ...SHARED_COMPONENTS, schemas } };
}
