import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { accessibilityRoutes } from './accessibility/accessibility.routes.tsx';
import { accessRoutes } from './accounts/access.routes.tsx';
import { accountRoutes } from './accounts/accounts.routes.tsx';
import { membershipInvitationRoutes } from './accounts/membership-invitations.routes.tsx';
import { auditRoutes } from './audit/audit.routes.tsx';
import { registerAdmission } from './http/admission.ts';
import type { AppDeps, AppInstance } from './http/app-instance.ts';
import { registerCsrf } from './http/csrf.ts';
import { registerErrorHandler } from './http/errors.tsx';
import { healthRoutes } from './http/health.routes.ts';
import { registerLanguage } from './http/language.ts';
import { lazySerializers, lazyTypeBoxValidators } from './http/lazy-compilers.ts';
import { registerPolicies } from './http/policy.ts';
import { registerSecurityHeaders, securityHeaderOptions } from './http/security-headers.ts';
import { registerSessions } from './http/sessions.ts';
import { organisationRoutes } from './organisations/organisations.routes.tsx';
import { codePath } from './paths.ts';
import { privacyRoutes } from './privacy/privacy.routes.tsx';
import { publicationRoutes } from './publication/publication.routes.tsx';
import { publicationAdminRoutes } from './publication/publication-admin.routes.tsx';
import { questionnaireRoutes } from './questionnaires/questionnaires.routes.tsx';
import { reportJobRoutes } from './reports/report-jobs.routes.tsx';
import { registerReportWarmUp } from './reports/report-warm-up.ts';
import { reportRoutes } from './reports/reports.routes.tsx';
import { microdataRoutes } from './responses/microdata.routes.ts';
import { plausibilityRoutes } from './responses/plausibility.routes.tsx';
import { responseRoutes } from './responses/responses.routes.tsx';
import { responseApiRoutes } from './responses/responses-api.routes.ts';
import { tryQuestionnaireRoutes } from './responses/try-questionnaire.routes.tsx';
import { resultRoutes } from './results/results.routes.tsx';
import { roundRoutes } from './rounds/rounds.routes.tsx';
import { homeRoutes } from './web/home.routes.tsx';

export type { AppDeps, AppInstance };

const staticFolder = codePath('web', 'static');

/** A hop count as the function Fastify applies to each address from the connection back (its typing lacks numbers). */
function fastifyTrustProxy(trustProxy: AppDeps['config']['trustProxy']) {
  return typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy;
}

/** Builds the web application around the collaborators it is given; tests call this with their own. */
export async function buildApp(given: AppDeps & { logger?: FastifyBaseLogger | false }): Promise<AppInstance> {
  const deps = given;
  const app: AppInstance = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    // Off unless TRUST_PROXY names the proxies: otherwise any client could pick its address with X-Forwarded-For.
    trustProxy: fastifyTrustProxy(deps.config.trustProxy),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    schemaController: { compilersFactory: { buildSerializer: lazySerializers() } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(lazyTypeBoxValidators);
  registerAdmission(app);

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
  registerSecurityHeaders(app, securityHeaderOptions(deps.config.isSecureCookies));
  await app.register(fastifyRateLimit, { global: false, keyGenerator: (request) => request.ip });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Lägesbild API', version: '1' },
      servers: [{ url: deps.config.baseUrl }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  await app.register(fastifyStatic, { root: staticFolder, prefix: '/static/', index: false, maxAge: '1h' });

  registerPolicies(app);
  registerLanguage(app);
  registerSessions(app, deps);
  if (deps.isReportWarmUpEnabled) registerReportWarmUp(app);
  registerCsrf(app, { secret: deps.sessionSecret, isSecure: deps.config.isSecureCookies });
  registerErrorHandler(app);

  await app.register(async (scope) => healthRoutes(scope, deps));
  await app.register(async (scope) => homeRoutes(scope, deps));
  await app.register(async (scope) => organisationRoutes(scope, deps));
  await app.register(async (scope) => accountRoutes(scope, deps));
  await app.register(async (scope) => accessRoutes(scope, deps));
  await app.register(async (scope) => microdataRoutes(scope, deps));
  await app.register(async (scope) => plausibilityRoutes(scope, deps));
  await app.register(async (scope) => tryQuestionnaireRoutes(scope, deps));
  await app.register(async (scope) => membershipInvitationRoutes(scope, deps));
  const oidc = deps.config.oidc;
  if (oidc) {
    // Loaded only when single sign-on is configured: openid-client is not small.
    const { oidcRoutes } = await import('./accounts/oidc.routes.tsx');
    await app.register(async (scope) => oidcRoutes(scope, deps, { settings: oidc }));
  }
  await app.register(async (scope) => auditRoutes(scope, deps));
  await app.register(async (scope) => questionnaireRoutes(scope, deps));
  await app.register(async (scope) => responseRoutes(scope, deps));
  await app.register(async (scope) => responseApiRoutes(scope, deps));
  await app.register(async (scope) => resultRoutes(scope, deps));
  await app.register(async (scope) => roundRoutes(scope, deps));
  await app.register(async (scope) => reportRoutes(scope, deps));
  await app.register(async (scope) => reportJobRoutes(scope, deps));
  await app.register(async (scope) => publicationRoutes(scope, deps));
  await app.register(async (scope) => publicationAdminRoutes(scope, deps));
  await app.register(async (scope) => accessibilityRoutes(scope, deps));
  await app.register(async (scope) => privacyRoutes(scope, deps));
  return app;
}
