/**
 * The route registry: every route qihu serves, with what docs/openapi.yaml says about it.
 *
 * `npm run openapi` builds the document from it (document.ts); test/chat/openapi.test.ts checks
 * that the committed file is the generated one and that every route Express mounts is listed here.
 * Request bodies are the zod schemas the routes parse with; the component schemas of
 * schemas-zod.ts are generated from the domains' zod schemas with `z.toJSONSchema`.
 */
import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A JSON value as YAML writes it (the OpenAPI fragments kept as data). */
export type OpenApiValue = string | number | boolean | null | OpenApiValue[] | { [key: string]: OpenApiValue };
export type OpenApiObject = { [key: string]: OpenApiValue };

export interface RouteDoc {
  method: HttpMethod;
  /** Express form (`/api/v1/tickets/:id`); the document writes `{id}`. */
  path: string;
  /** OpenAPI security requirements (absent: public). */
  auth?: OpenApiObject[];
  /** The zod schema the route parses its JSON body with: its component $ref, or inlined. */
  body?: z.ZodType;
  /** tags, summary, description, operationId, parameters, requestBody (examples), responses. */
  operation: OpenApiObject & { summary: string; operationId?: string; responses: OpenApiObject };
}

/** `/a/:id` → `/a/{id}` */
export const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

/** A component schema generated from a zod schema (schemas-zod.ts). */
export interface ZodComponent {
  name: string;
  schema: z.ZodType;
  /** The schema's description in the document. */
  description?: string;
  /** Descriptions of properties, `name` or `name[].inner` within an array's items (each must exist in the schema). */
  properties?: Record<string, string>;
  /** Examples of properties, keyed as `properties` is. */
  examples?: Record<string, OpenApiValue>;
  /** An example of the whole shape (the test parses it with `schema`). */
  example?: OpenApiValue;
}
