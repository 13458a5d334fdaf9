/** The auth routes (docs/api.md, "The route registry": how to add one). */
import { LoginBody } from '../../../auth';
import type { RouteDoc } from '../registry';

export const authRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/login',
    auth: [],
    operation: {
      tags: ['auth'],
      summary: 'The console login page (HTML; src/web/login)',
      description: `Served with a strict Content-Security-Policy (\`default-src 'none'\`, scripts and styles only
from \`/login/login.js\` and \`/login/login.css\`, no framing) and \`Cross-Origin-Opener-Policy:
same-origin\`. The page posts to \`/api/v1/auth/login\` and then goes on to the console.
`,
      operationId: 'loginPage',
      responses: {
        '200': {
          description: 'The page',
          headers: { 'Content-Security-Policy': { $ref: '#/components/headers/LoginPageCsp' } },
          content: { 'text/html': {} },
        },
      },
    },
  },
  {
    method: 'get',
    path: '/login/login.js',
    auth: [],
    operation: {
      tags: ['auth'],
      summary: "The login page's script",
      operationId: 'loginPageScript',
      responses: {
        '200': {
          description: 'The script',
          headers: { 'Content-Security-Policy': { $ref: '#/components/headers/LoginPageCsp' } },
          content: { 'text/javascript': {} },
        },
      },
    },
  },
  {
    method: 'get',
    path: '/login/login.css',
    auth: [],
    operation: {
      tags: ['auth'],
      summary: "The login page's style sheet",
      operationId: 'loginPageStyle',
      responses: {
        '200': {
          description: 'The style sheet',
          headers: { 'Content-Security-Policy': { $ref: '#/components/headers/LoginPageCsp' } },
          content: { 'text/css': {} },
        },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/auth/login',
    auth: [],
    body: LoginBody,
    operation: {
      tags: ['auth'],
      summary: 'Sign in with username and password; sets the session cookie',
      description: `Answers \`200\` with the user, the session's CSRF token (send it back as \`X-CSRF-Token\` on
every unsafe cookie-authenticated request) and the session's absolute expiry, and sets
\`qihu_session\` (HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS). A new session id on
every login; a session the browser already had ends. Wrong username or password: one
generic \`401\` (\`detail: invalid_credentials\`), timed the same for unknown users. Too many
failures per client IP or per username: \`429\` with \`Retry-After\`. The request gets the
origin check (\`403\`, \`detail: csrf_origin_rejected\`, for a cross-site page). The body is at
most 8 KiB. Responses are \`Cache-Control: no-store\`.
`,
      operationId: 'login',
      requestBody: {
        required: true,
        content: { 'application/json': { example: { username: 'zhang.san', password: 'correct-horse-battery' } } },
      },
      responses: {
        '200': {
          description: 'Signed in',
          headers: {
            'Set-Cookie': {
              description: '`qihu_session=<43 chars>; Path=/; HttpOnly; SameSite=Strict; Max-Age=86400[; Secure]`',
              schema: { type: 'string' },
            },
          },
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/LoginResponse' },
              example: {
                user: { username: 'zhang.san', role: 'editor', displayName: '张三' },
                csrfToken: '3q1pXhYw0mB8fK2sVt6LcZrJ9aN4uE7yDgHoQiWbP5M',
                expiresAt: '2026-11-26T10:40:09.000Z',
              },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': {
          description: 'QH_ERR_UNAUTHORIZED (wrong username or password; the same answer for both)',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Error' },
              example: { error: 'QH_ERR_UNAUTHORIZED', message: '需要登录或有效的凭据', detail: 'invalid_credentials' },
            },
          },
        },
        '403': { $ref: '#/components/responses/CsrfRejected' },
        '413': { $ref: '#/components/responses/TooLarge' },
        '429': { $ref: '#/components/responses/RateLimited' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/auth/logout',
    auth: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    operation: {
      tags: ['auth'],
      summary: 'End the cookie session',
      description: `Ends the session and clears the cookie. Cookie-authenticated, so it gets both CSRF checks
(\`X-CSRF-Token\` and the origin). With a bearer token it does nothing and still answers \`204\`.
`,
      operationId: 'logout',
      responses: {
        '204': {
          description: 'Signed out',
          headers: {
            'Set-Cookie': {
              description: '`qihu_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`',
              schema: { type: 'string' },
            },
          },
        },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/CsrfRejected' },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/auth/me',
    auth: [{ bearerToken: [] }, { sessionCookie: [] }],
    operation: {
      tags: ['auth'],
      summary: 'Who is signed in (and, for a session, its CSRF token)',
      description: `A console's script calls this on load: \`401\` means "go to /login". For a cookie session the
answer includes the CSRF token and when the session ends unless used again (idle expiry,
capped by the absolute one). Responses are \`Cache-Control: no-store\`.
`,
      operationId: 'me',
      responses: {
        '200': {
          description: 'The principal',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/AuthMe' },
              examples: {
                session: {
                  summary: 'Signed in to a console',
                  value: {
                    user: { username: 'zhang.san', role: 'editor', displayName: '张三' },
                    via: 'session',
                    csrfToken: '3q1pXhYw0mB8fK2sVt6LcZrJ9aN4uE7yDgHoQiWbP5M',
                    expiresAt: '2026-11-25T18:40:09.000Z',
                  },
                },
                token: {
                  summary: 'An API token',
                  value: { user: { username: 'kb-sync', role: 'editor', displayName: 'kb-sync' }, via: 'token' },
                },
              },
            },
          },
        },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '429': { $ref: '#/components/responses/RateLimited' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/auth/login-info',
    auth: [],
    operation: {
      tags: ['auth'],
      summary: 'What the login page says besides the form',
      description: `Public. In development (no users configured, not production), \`developmentAccounts\` names the
file in DATA_DIR that holds the development accounts' passwords (docs/security.md), so the
login page can say where they are; never the passwords. Otherwise \`{}\`. Responses are
\`Cache-Control: no-store\`.
`,
      operationId: 'loginInfo',
      responses: {
        '200': {
          description: 'The hints',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/LoginInfo' },
              examples: {
                development: {
                  summary: 'No users configured',
                  value: {
                    developmentAccounts: { file: '/srv/qihu/data/development-accounts.json', usernames: ['admin', 'operator', 'editor'] },
                  },
                },
                configured: { summary: 'Users configured', value: {} },
              },
            },
          },
        },
        '503': { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
];
