import type { Candidate, Check } from '../check.ts';
import { MUTATING, routes } from '../routes.ts';

/**
 * Routes without authentication: a route that lacks what the file's other routes use, or (when no route in the file
 * shows any authentication) a route that changes data. Login, signup, webhooks, health checks and similar public
 * endpoints are left out. Authentication applied where the router is mounted is invisible here, which the message says.
 */

const PUBLIC = /(login|logout|signin|sign-in|signup|sign-up|register|oauth|auth|token|refresh|callback|webhook|health|ready|live|ping|status|metrics|public|forgot|reset|recover|verify|confirm|csrf|docs|openapi|swagger)/i;

export const missingAuth: Check = (source) => {
  const all = routes(source);
  const guarded = all.filter((r) => r.auth !== undefined);
  const found: Candidate[] = [];
  for (const route of all) {
    if (route.auth !== undefined || PUBLIC.test(route.path)) continue;
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
