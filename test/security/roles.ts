import { randomUUID } from 'node:crypto';
import {
  type CurrentUser,
  findCurrentUser,
  grantUserRole,
  openSession,
  type UserGrant,
} from '../../src/accounts/accounts.service.ts';
import { sessionCookieName } from '../../src/http/sessions.ts';
import { type TestApp, TestVisitor } from '../app.ts';

export const ownOrganisation = '0180';
export const otherOrganisation = '1480';

export type RoleName = 'anonymous' | 'other-respondent' | 'own-respondent' | 'analyst' | 'administrator';

const grants: Record<Exclude<RoleName, 'anonymous'>, UserGrant> = {
  'other-respondent': { kind: 'organisation', organisationCode: otherOrganisation, role: 'respondent' },
  'own-respondent': { kind: 'organisation', organisationCode: ownOrganisation, role: 'respondent' },
  analyst: { kind: 'global', role: 'analyst' },
  administrator: { kind: 'global', role: 'administrator' },
};

export type RoleVisitor = { role: RoleName; user: CurrentUser | null; visitor: TestVisitor };

/**
 * A signed-in visitor for a role, with a fresh session and a CSRF token. Sessions are opened directly rather than
 * through the link routes, whose rate limit (10 a minute) these tests would exceed; link sign-in has its own tests.
 */
export async function visitorFor(testApp: TestApp, role: RoleName): Promise<RoleVisitor> {
  const visitor = new TestVisitor(testApp.app);
  if (role === 'anonymous') {
    await visitor.get('/sign-in');
    return { role, user: null, visitor };
  }
  const account = await grantUserRole(testApp.database.db, testApp.clock, {
    email: `${role}@security.test`,
    grant: grants[role],
    actor: { userId: null, label: 'test' },
  });
  const token = await openSession(testApp.database.db, testApp.clock, account.id);
  visitor.cookies = `${sessionCookieName}=${token}`;
  await visitor.get('/sign-in');
  const user = (await findCurrentUser(testApp.database.db, account.id)) ?? null;
  return { role, user, visitor };
}

export const allRoles: RoleName[] = ['anonymous', 'other-respondent', 'own-respondent', 'analyst', 'administrator'];

/** Fills a route's path parameters: the own organisation for codes, known ids where the test made them, else random. */
export function fillRoute(
  url: string,
  known: Record<string, string> = {},
): { path: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const path = url
    .replace(/:(\w+)/g, (_match, name: string) => {
      const value =
        known[name] ??
        (/code|organisation/i.test(name)
          ? ownOrganisation
          : /language|lang/i.test(name)
            ? 'sv'
            : /token/i.test(name)
              ? 'A'.repeat(43)
              : randomUUID());
      params[name] = value;
      return encodeURIComponent(value);
    })
    .replace(/\*$/, 'styles.css');
  return { path, params };
}

const injectMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type InjectMethod = (typeof injectMethods)[number];

/** Narrows a registered route's method to one app.inject accepts. */
export function injectMethod(method: string): InjectMethod {
  const found = injectMethods.find((candidate) => candidate === method);
  if (!found) throw new Error(`Unexpected HTTP method ${method}`);
  return found;
}
