import type { Candidate, Check } from '../check.ts';
import { MUTATING, routes } from '../routes.ts';

/**
 * Routes without authentication: a route that lacks what the file's other routes use, or (when no route in the file
 * shows any authentication) a route that changes data. Login, signup, webhooks, health checks and similar public
 * endpoints are left out. Authentication applied where the router is mounted is invisible here, which the message says.
 */

/** Routes under these roots are public by nature (health probes, docs, the auth endpoints themselves). */
const PUBLIC_ROOTS = /^(auth|oauth2?|login|logout|signin|sign-in|signup|sign-up|register|token|refresh|callback|webhooks?|health|healthz|ready|readyz|live|livez|ping|status|metrics|public|docs|openapi(\.json|\.yaml)?|swagger)$/i;
/** Steps of an authentication flow, public wherever they sit (/users/:id/verify). */
const AUTH_FLOW = /^(login|logout|signin|signup|register|callback|forgot|reset|recover|recovery|verify|verification|confirm|csrf|token|refresh)$/i;

export const missingAuth: Check = (source) => {
  const all = routes(source);
  const guarded = all.filter((r) => r.auth !== undefined);
  const found: Candidate[] = [];
  for (const route of all) {
    if (route.auth !== undefined || isPublicPath(route.path)) continue;
    const label = `${route.method} ${route.path}`;
    if (guarded.length > 0) {
      const names = [...new Set(guarded.map((r) => r.auth))].slice(0, 3).join(', ');
      found.push({ rule: 'missing-auth', at: [route.node], message: `${label} has no authentication, while other routes in this file use ${names}.`, fix: `Add the same authentication (${names}) to this route, or document why it is public.` });
    } else if (MUTATING.has(route.method)) {
      found.push({
        rule: 'missing-auth',
        at: [route.node],
        message: `${label} changes data and no authentication is visible for it (none on the route, its router or a router-wide middleware in this file).`,
        fix: 'Require authentication (middleware, dependency or decorator) and an authorization check on this route; if the router is mounted behind auth elsewhere, say so next to the route.',
      });
    }
  }
  return found;
};

/**
 * Whole path segments decide, so /authors, /deliveries and /orders/:id/status stay protected while
 * /health, /auth/login, /password-recovery/{email} and /api/v1/users/:id/verify are public.
 */
export function isPublicPath(routePath: string): boolean {
  const segments = routePath.split('/').filter((s) => s && !/^[:{<]/.test(s) && !/^(api|v\d+)$/i.test(s));
  return (segments[0] !== undefined && PUBLIC_ROOTS.test(segments[0])) || segments.some((s) => s.split(/[-_.]/).some((word) => AUTH_FLOW.test(word)));
}
