import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { down, up } from '../../src/db/migrations/20261201_1402_round-label-slugs.ts';
import { createTestDatabase, type TestDatabase } from '../database.ts';
import { createOpenRound } from '../factories.ts';

// Finding 11: rounds stored with a free-text label before labels were restricted get a valid slug, and their
// text is kept as the display name.

let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

test('the migration turns free-text labels into unique slugs and keeps the text as display name', async () => {
  await down(database.db);
  const ids = [];
  for (const label of ['Kommuner 2026', 'Kommuner-2026', '../../utanför', 'Regioner 2026', '2023']) {
    ids.push(await createOpenRound(database.db, { label, organisations: [] }));
  }
  await up(database.db);
  const rows = await database.db.selectFrom('rounds').select(['id', 'label', 'display_name']).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  assert.deepEqual(
    ids.map((id) => [byId.get(id)?.label, byId.get(id)?.display_name]),
    [
      ['Kommuner-2026-2', 'Kommuner 2026'],
      ['Kommuner-2026', null],
      ['utanfor', '../../utanför'],
      ['Regioner-2026', 'Regioner 2026'],
      ['2023', null],
    ],
  );
});
