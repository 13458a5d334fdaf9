/**
 * Component schemas written as JSON Schema: response shapes the code builds without a zod schema
 * of its own. A shape that gets one moves to schemas-zod.ts.
 */
import type { OpenApiObject } from './registry';

export const JSON_SCHEMAS_3: Record<string, OpenApiObject> = {
};
