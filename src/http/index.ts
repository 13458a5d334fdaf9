/**
 * The JSON API: the Express app (headers, body limits, 404, error handler), one createXRouter(deps)
 * per route group, and the chat endpoint answered on the node:http server ahead of Express.
 * The composition root (src/server.ts) mounts them.
 */
export * from './app';
export * from './error-handler';
export * from './security-headers';
export * from './json-body';
export * from './health-router';
export * from './ask-router';
export * from './chat-endpoint';
export * from './tickets-router';
export * from './hotline-router';
export * from './hotline-tickets-router';
export * from './editor-router';
export * from './inbox-router';
export * from './policies-router';
export * from './supervision-router';
export * from './cases-router';
export * from './editor-cases-router';
