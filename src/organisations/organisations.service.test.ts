import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { AppError } from '../app-error.ts';
import { createFixedClock } from '../clock.ts';
import { listOrganisations, syncOrganisations } from './organisations.service.ts';

const clock = createFixedClock(new Date('2026-01-15T10:00:00Z'));
const actor = { userId: null, label: 'test' };
let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

test('syncing the shipped data loads 290 kommuner and 21 regioner, and a second sync changes nothing', async () => {
  const first = await syncOrganisations(database.db, clock, { source: { kind: 'shipped' }, isDryRun: false, actor });
  assert.equal(first.changes.length, 311);
  assert.ok(first.changes.every((change) => change.kind === 'new'));
  const all = await listOrganisations(database.db, {});
  assert.equal(all.filter((organisation) => organisation.type === 'kommun').length, 290);
  assert.equal(all.filter((organisation) => organisation.type === 'region').length, 21);

  const second = await syncOrganisations(database.db, clock, { source: { kind: 'shipped' }, isDryRun: false, actor });
  assert.equal(second.changes.length, 0);
  assert.equal(second.unchanged, 311);
});

test('filters: type, municipality group, main group, county and accent-insensitive search', async () => {
  const a1 = await listOrganisations(database.db, { group: 'A1' });
  assert.deepEqual(a1.map((organisation) => organisation.name).sort(), ['Göteborg', 'Malmö', 'Stockholm']);
  const groupSizes = { A1: 3, A2: 43, B3: 23, B4: 63, B5: 24, C6: 27, C7: 51, C8: 35, C9: 21 };
  for (const [group, size] of Object.entries(groupSizes)) {
    assert.equal((await listOrganisations(database.db, { group })).length, size, group);
  }
  assert.equal((await listOrganisations(database.db, { mainGroup: 'A' })).length, 46);
  const gotland = await listOrganisations(database.db, { county: '09' });
  assert.deepEqual(
    gotland.map((organisation) => `${organisation.type} ${organisation.code}`),
    ['kommun 0980', 'region 09'],
  );
  const found = await listOrganisations(database.db, { search: 'malmo' });
  assert.deepEqual(
    found.map((organisation) => organisation.code),
    ['1280'],
  );
  const region = await listOrganisations(database.db, { type: 'region', search: 'vastra' });
  assert.deepEqual(
    region.map((organisation) => organisation.name),
    ['Västra Götalandsregionen'],
  );
});

const updateCsv = [
  'kommunkod,kommun,lanskod,lan,kommungrupp_2023,ersatt_av',
  '0114,Väsby,01,Stockholms län,A2,',
  '0115,Vallentuna,01,Stockholms län,A2,0117',
  '0199,Nykommun,01,Stockholms län,A2,',
].join('\n');

test('an update CSV: the dry run lists renamed, merged and new organisations and writes nothing', async () => {
  const report = await syncOrganisations(database.db, clock, {
    source: { kind: 'csv', text: updateCsv, fileName: 'update.csv' },
    isDryRun: true,
    actor,
  });
  assert.deepEqual(
    report.changes.map((change) => [change.kind, change.code]),
    [
      ['renamed', '0114'],
      ['merged', '0115'],
      ['new', '0199'],
    ],
  );
  assert.deepEqual(report.changes[0]?.fields, { name: ['Upplands Väsby', 'Väsby'] });
  const [unchanged] = await listOrganisations(database.db, { search: '0114' });
  assert.equal(unchanged?.name, 'Upplands Väsby');
  assert.equal((await listOrganisations(database.db, { search: '0199' })).length, 0);
});

test('an update CSV applied: renamed, merged (inactive, replaced by), new; then idempotent', async () => {
  await syncOrganisations(database.db, clock, {
    source: { kind: 'csv', text: updateCsv, fileName: 'update.csv' },
    isDryRun: false,
    actor,
  });
  const [renamed, merged, created] = await Promise.all(
    ['0114', '0115', '0199'].map(async (code) => (await listOrganisations(database.db, { search: code }))[0]),
  );
  assert.equal(renamed?.name, 'Väsby');
  assert.equal(merged?.isActive, false);
  assert.equal(merged?.replacedBy, '0117');
  assert.equal(created?.municipalityGroup, 'A2');
  assert.equal((await listOrganisations(database.db, { search: '0115', isActiveOnly: true })).length, 0);
  const again = await syncOrganisations(database.db, clock, {
    source: { kind: 'csv', text: updateCsv, fileName: 'update.csv' },
    isDryRun: false,
    actor,
  });
  assert.equal(again.changes.length, 0);
});

test('an invalid CSV names every bad line and writes nothing', async () => {
  const text = [
    'kommunkod,kommun,lanskod,lan,kommungrupp_2023',
    '0114,Upplands Väsby,01,Stockholms län,A2',
    '114,Kort kod,01,Stockholms län,A2',
    '0115,,01,Stockholms län,Z9',
    '1280,Malmö,01,Stockholms län,A1',
  ].join('\n');
  await assert.rejects(
    syncOrganisations(database.db, clock, {
      source: { kind: 'csv', text, fileName: 'bad.csv' },
      isDryRun: false,
      actor,
    }),
    (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'validation');
      assert.match(error.message, /bad\.csv: 3 invalid rows; nothing was changed/);
      assert.deepEqual(
        error.fields.map((field) => field.field),
        ['line 3', 'line 4', 'line 5'],
      );
      assert.match(error.fields[1]?.message ?? '', /the name is empty; kommungrupp "Z9" is not one of/);
      assert.match(error.fields[2]?.message ?? '', /kommunkod 1280 does not belong to län 01/);
      return true;
    },
  );
  const [still] = await listOrganisations(database.db, { search: '0114' });
  assert.equal(still?.name, 'Väsby');
});

test('a header of the wrong shape is refused with the expected headers', async () => {
  await assert.rejects(
    syncOrganisations(database.db, clock, {
      source: { kind: 'csv', text: 'code,name\n1,x', fileName: 'x.csv' },
      isDryRun: true,
      actor,
    }),
    /x\.csv: unknown header "code,name". Expected "kommunkod,kommun,lanskod,lan,kommungrupp_2023"/,
  );
});
