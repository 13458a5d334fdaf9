/**
 * What every HTTP channel shares (the JSON API, the login routes, the pages, the Botkit web chat):
 * the one catalogue of API errors, request-body errors and raw bodies, and the chat's rate limits.
 * Imports nothing of qihu's above the foundation (util, log), so auth, the pages and the
 * conversation channels use it without importing src/http.
 */
export * from './errors';
export * from './body-errors';
export * from './rate-limit';
