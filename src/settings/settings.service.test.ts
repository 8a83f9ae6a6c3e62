import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { systemClock } from '../clock.ts';
import { resolveSessionSecret } from './settings.service.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

test('a configured secret wins; otherwise one is generated once and shared by every caller', async () => {
  assert.equal(await resolveSessionSecret(database.db, systemClock, 'x'.repeat(40)), 'x'.repeat(40));
  const [first, second] = await Promise.all([
    resolveSessionSecret(database.db, systemClock, null),
    resolveSessionSecret(database.db, systemClock, null),
  ]);
  assert.equal(first, second);
  assert.match(first, /^[0-9a-f]{64}$/);
  assert.equal(await resolveSessionSecret(database.db, systemClock, null), first);
});
