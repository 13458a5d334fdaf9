/**
 * The pages, each a router the composition root (src/server.ts) mounts: the public chat page at /,
 * the login page, the operator console, the editor console, the editors' inbox and analytics, and
 * the 督办 (supervision) pages.
 * Each serves its files with a strict Content-Security-Policy.
 */
export { createWebRouter, chatPageCsp, CHAT_DIR, type WebRouterOptions } from './router';
export { createLoginPageRouter, LOGIN_PAGE_CSP } from './login/router';
export { createOperatorPageRouter, OPERATOR_PAGE_CSP } from './operator/router';
export { createEditorPageRouter, EDITOR_PAGE_CSP, EDITOR_DIR, type EditorPageRouterOptions } from './editor/router';
export { createInsightsPagesRouter, INSIGHTS_PAGE_CSP } from './inbox/router';
export { createSupervisionPageRouter, SUPERVISION_PAGE_CSP } from './supervision/router';
