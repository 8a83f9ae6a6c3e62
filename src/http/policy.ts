import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CurrentUser, OrganisationRole } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';

/**
 * Who may use a route. Every route declares one in `config.policy`; registering a route without one fails at
 * start-up, so no route is public by accident.
 */
export type Policy =
  | { kind: 'anonymous' }
  | { kind: 'signed-in' }
  | { kind: 'analyst' }
  | { kind: 'administrator' }
  | {
      kind: 'organisation';
      /** respondent: may change the organisation's answers; reader: may read them. A respondent is also a reader. */
      role: OrganisationRole;
      /** The route parameter that holds the organisation code. */
      param: string;
      /** Whether analysts and administrators pass too (they read every organisation's answers). */
      isOpenToCoordinators: boolean;
    };

export const policies = {
  anonymous: { kind: 'anonymous' },
  signedIn: { kind: 'signed-in' },
  analyst: { kind: 'analyst' },
  administrator: { kind: 'administrator' },
} as const satisfies Record<string, Policy>;

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy;
  }
}

export function isCoordinator(user: CurrentUser | null): boolean {
  return user?.globalRole === 'administrator' || user?.globalRole === 'analyst';
}

/** Decides one request; pure, so the route inventory test can call it for every role. */
export function isAllowed(
  policy: Policy,
  user: CurrentUser | null,
  params: Record<string, string | undefined>,
): boolean {
  switch (policy.kind) {
    case 'anonymous':
      return true;
    case 'signed-in':
      return user !== null;
    case 'analyst':
      return isCoordinator(user);
    case 'administrator':
      return user?.globalRole === 'administrator';
    case 'organisation': {
      if (!user) return false;
      if (policy.isOpenToCoordinators && isCoordinator(user)) return true;
      const code = params[policy.param];
      const membership = user.memberships.find((candidate) => candidate.organisationCode === code);
      if (!membership) return false;
      return policy.role === 'reader' || membership.role === 'respondent';
    }
  }
}

/** One registered route with its declared policy, as the route inventory test sees it. */
export type RegisteredRoute = {
  method: string;
  url: string;
  policy: Policy;
  /** Whether the route declares a querystring schema (the abuse test sends hostile query strings to it). */
  hasQuerystring: boolean;
};

// Keyed by the root instance, so each app built (one per test file, one per server) has its own inventory.
const routeInventories = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Lists every route registered on an app after registerPolicies, with its policy; tests enumerate these. */
export function listRegisteredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return routeInventories.get(app) ?? [];
}

/** Makes every route declare a policy and enforces it before the handler runs. */
export function registerPolicies(app: FastifyInstance): void {
  const inventory: RegisteredRoute[] = [];
  routeInventories.set(app, inventory);
  app.addHook('onRoute', (route) => {
    // Routes added by @fastify/swagger-ui and @fastify/static cannot carry our config; they serve only public
    // documentation and assets, and are declared anonymous here, in one place.
    if (!route.config?.policy && (route.url.startsWith('/api/docs') || route.url.startsWith('/static/'))) {
      route.config = { ...route.config, policy: policies.anonymous };
    }
    const policy = route.config?.policy;
    if (!policy) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no policy (config.policy).`);
    }
    for (const method of [route.method].flat()) {
      inventory.push({ method, url: route.url, policy, hasQuerystring: route.schema?.querystring !== undefined });
    }
  });
  // Enforced in preValidation, before body and parameter validation, so a refused caller learns nothing about a
  // route's schema; this hook is registered before the CSRF check's, so it runs first.
  app.addHook('preValidation', async (request: FastifyRequest, _reply: FastifyReply) => {
    // A session ended by a removal of access answers 403 with the reason on whatever it asks next, once per browser.
    if (request.isSessionRevoked) throw new AppError('forbidden', 'accounts.session.revoked');
    const policy = request.routeOptions.config.policy;
    // Routes that Fastify adds itself (404 handler) carry no config; they serve nothing protected.
    if (!policy) return;
    if (isAllowed(policy, request.user, readStringParams(request.params))) return;
    throw new AppError(request.user ? 'forbidden' : 'unauthenticated', request.user ? 'forbidden' : 'unauthenticated');
  });
}

/** Route parameters as strings; Fastify's router only ever yields strings, but the type says unknown. */
export function readStringParams(params: unknown): Record<string, string | undefined> {
  if (typeof params !== 'object' || params === null) return {};
  return Object.fromEntries(
    Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
