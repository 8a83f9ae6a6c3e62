import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Fastify from 'fastify';
import { isAllowed, listRegisteredRoutes, registerPolicies } from '../../src/http/policy.ts';
import { buildTestApp, type TestApp } from '../app.ts';
import { allRoles, fillRoute, injectMethod, visitorFor } from './roles.ts';

let testApp: TestApp;
before(async () => {
  testApp = await buildTestApp();
});
after(async () => {
  await testApp.close();
});

function isRefusal(status: number, location: string | undefined): boolean {
  return status === 401 || status === 403 || (status === 302 && (location ?? '').startsWith('/sign-in'));
}

test('a route without a declared policy stops the application from starting', async () => {
  const app = Fastify({ logger: false });
  registerPolicies(app);
  await assert.rejects(async () => {
    app.get('/forgotten', async () => 'secret');
    await app.ready();
  }, /Route GET \/forgotten declares no policy/);
});

test('every registered route answers each role exactly as its declared policy says', async () => {
  const routes = listRegisteredRoutes(testApp.app).filter((route) => route.method !== 'HEAD');
  assert.ok(routes.length >= 10, `only ${routes.length} routes found`);
  const failures: string[] = [];
  let checks = 0;
  for (const route of routes) {
    for (const role of allRoles) {
      // A fresh visitor per call: a route such as POST /sign-out ends the session it is called with.
      const { user, visitor } = await visitorFor(testApp, role);
      const { path, params } = fillRoute(route.url);
      const response = await testApp.app.inject({
        method: injectMethod(route.method),
        url: path,
        headers: {
          cookie: visitor.cookies,
          'x-csrf-token': visitor.csrfToken,
          // A fresh address per call keeps the sign-in rate limits out of the way of this test.
          'x-forwarded-for': `10.9.${checks % 250}.${Math.floor(checks / 250) % 250}`,
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
        },
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}' }),
      });
      checks += 1;
      const expected = isAllowed(route.policy, user, params);
      const refused = isRefusal(response.statusCode, response.headers.location?.toString());
      const label = `${route.method} ${route.url} as ${role}: ${response.statusCode}`;
      if (response.statusCode >= 500) failures.push(`${label} (server error)`);
      else if (expected && refused) failures.push(`${label} (refused, but the policy ${route.policy.kind} allows it)`);
      else if (!expected && !refused)
        failures.push(`${label} (not refused, but the policy ${route.policy.kind} refuses it)`);
    }
  }
  console.log(`route inventory: ${routes.length} routes checked against ${allRoles.length} roles (${checks} requests)`);
  assert.deepEqual(failures, []);
});
