/**
 * The route registry: which path prefixes need which role. Every route under these prefixes is
 * guarded by construction by the gate (middleware.ts `gate`), whatever router declares it; the
 * route audit (route-audit.ts) proves it. Longest prefix first.
 */
import type { Role } from './tokens';

export const PROTECTED_PREFIXES: readonly { prefix: string; role: Role }[] = [
  { prefix: '/api/v1/admin/kb', role: 'editor' },
  // The enterprise registry, 免申即享 notices and policy analytics: editors keep them with the policies.
  { prefix: '/api/v1/admin/enterprises', role: 'editor' },
  { prefix: '/api/v1/admin/policies', role: 'editor' },
  { prefix: '/api/v1/admin', role: 'admin' },
  { prefix: '/api/v1/hotline', role: 'operator' },
  { prefix: '/api/v1/supervision', role: 'supervisor' },
];

/** The roots the gate is mounted on (each prefix that is not under another one). */
export const PROTECTED_ROOTS: readonly string[] = PROTECTED_PREFIXES.map((p) => p.prefix).filter(
  (p, _i, all) => !all.some((other) => other !== p && isUnder(p, other)),
);

/** Express matches paths case-insensitively (and ignores a trailing slash); so does this. */
function isUnder(path: string, prefix: string): boolean {
  const p = path.toLowerCase();
  return p === prefix || p.startsWith(prefix + '/');
}

/** The role a request path needs, or undefined for a path outside the protected prefixes. */
export function requiredRoleForPath(path: string): Role | undefined {
  return PROTECTED_PREFIXES.find((p) => isUnder(path, p.prefix))?.role;
}

/** Whether `principalRole` may use something that needs `required`: the same role, or admin. */
export function roleSatisfies(principalRole: Role, required: Role): boolean {
  return principalRole === required || principalRole === 'admin';
}
