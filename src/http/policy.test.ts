import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CurrentUser } from '../accounts/accounts.service.ts';
import { isAllowed, type Policy, policies } from './policy.ts';

function user(overrides: Partial<CurrentUser>): CurrentUser {
  return {
    id: 'u',
    email: 'u@x.se',
    name: null,
    globalRole: null,
    createdAt: '',
    lastSignedInAt: null,
    deactivatedAt: null,
    memberships: [],
    ...overrides,
  };
}

const administrator = user({ globalRole: 'administrator' });
const analyst = user({ globalRole: 'analyst' });
const respondent = user({ memberships: [{ organisationCode: '0180', role: 'respondent' }] });
const reader = user({ memberships: [{ organisationCode: '0180', role: 'reader' }] });
const otherRespondent = user({ memberships: [{ organisationCode: '1480', role: 'respondent' }] });

const answerPolicy: Policy = { kind: 'organisation', role: 'respondent', param: 'code', isOpenToCoordinators: false };
const readPolicy: Policy = { kind: 'organisation', role: 'reader', param: 'code', isOpenToCoordinators: true };

test('each policy admits exactly the expected users', () => {
  const params = { code: '0180' };
  const cases: Array<[Policy, Array<CurrentUser | null>, Array<CurrentUser | null>]> = [
    [policies.anonymous, [null, respondent, administrator], []],
    [policies.signedIn, [respondent, reader, analyst, administrator], [null]],
    [policies.analyst, [analyst, administrator], [null, respondent, reader]],
    [policies.administrator, [administrator], [null, analyst, respondent]],
    [answerPolicy, [respondent], [null, reader, otherRespondent, analyst, administrator]],
    [readPolicy, [respondent, reader, analyst, administrator], [null, otherRespondent]],
  ];
  for (const [policy, allowed, refused] of cases) {
    for (const candidate of allowed)
      assert.equal(isAllowed(policy, candidate, params), true, `${policy.kind} should admit ${candidate?.email}`);
    for (const candidate of refused)
      assert.equal(isAllowed(policy, candidate, params), false, `${policy.kind} should refuse`);
  }
});

test('an organisation policy reads the code from the named parameter only', () => {
  assert.equal(isAllowed(answerPolicy, respondent, { code: '1480' }), false);
  assert.equal(isAllowed(answerPolicy, respondent, {}), false);
  assert.equal(isAllowed(answerPolicy, otherRespondent, { code: '1480' }), true);
});
