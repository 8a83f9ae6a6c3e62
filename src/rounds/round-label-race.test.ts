import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { visitorFor } from '../../test/security/roles.ts';

// Rounds created at the same moment under one label: the label check and the insert are two steps, and PostgreSQL
// runs the requests side by side, so the database's unique constraint decides. The losers get the form's "taken"
// answer, never a 500.

let testApp: TestApp;
before(async () => {
  testApp = await buildTestApp();
});
after(async () => testApp.close());

test('eight requests creating rounds under two labels at once: one round per label, the rest told the label is taken', async () => {
  const { visitor } = await visitorFor(testApp, 'administrator');
  const form = {
    population: 'list',
    organisationCodes: '0180 0114, 1280 01',
    kommunVersion: 'skr-2023',
    regionVersion: 'skr-2023',
    opensAt: '2026-03-01T09:00',
    closesAt: '2026-03-31T23:59',
    reminderDays: '14, 7, 2',
  };
  const responses = await Promise.all(
    Array.from({ length: 8 }, (_, index) =>
      testApp.app.inject({
        method: 'POST',
        url: '/rounds',
        payload: { ...form, label: `samtidig-${index % 2}` },
        headers: { cookie: visitor.cookies, 'x-csrf-token': visitor.csrfToken, accept: 'application/json' },
      }),
    ),
  );
  const statuses = responses.map((response) => response.statusCode).sort();
  assert.deepEqual(statuses, [303, 303, 422, 422, 422, 422, 422, 422]);
  for (const response of responses.filter((candidate) => candidate.statusCode === 422)) {
    assert.match(response.body, /label/);
  }
  const rounds = await testApp.database.db.selectFrom('rounds').select('label').orderBy('label').execute();
  assert.deepEqual(
    rounds.map((round) => round.label),
    ['samtidig-0', 'samtidig-1'],
  );
});

test('a label with a NUL character is refused as invalid, not passed to the database', async () => {
  const { visitor } = await visitorFor(testApp, 'administrator');
  const response = await testApp.app.inject({
    method: 'POST',
    url: '/rounds',
    payload: { label: 'a\u0000b', population: 'list', organisationCodes: '0180', kommunVersion: 'skr-2023' },
    headers: { cookie: visitor.cookies, 'x-csrf-token': visitor.csrfToken, accept: 'application/json' },
  });
  assert.equal(response.statusCode, 422);
  assert.match(response.body, /label/);
});
