export { buildOpenApi } from './document';
export { openApiPath, type RouteDoc, type HttpMethod, type ZodComponent } from './registry';
export { ROUTES } from './routes';
