import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { openDatabase } from './connection.ts';
import { prepareListQuery, prepareQuery } from './prepared-query.ts';

let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
  await database.db
    .insertInto('municipality_groups')
    .values([
      { code: 'T1', name: 'Test group 1', main_group_code: 'TA', main_group_name: 'Test main A', definition: 'test' },
      { code: 'T2', name: 'Test group 2', main_group_code: 'TB', main_group_name: 'Test main B', definition: 'test' },
    ])
    .execute();
});

after(async () => {
  await database.drop();
});

const groupQuery = prepareQuery((db, { code, mainGroup }: { code: string; mainGroup: string }) =>
  db
    .selectFrom('municipality_groups')
    .select(['code', 'name'])
    .where('code', '=', code)
    .where('main_group_code', '=', mainGroup)
    // A value the builder fixes stays as it was compiled.
    .where('name', 'like', 'Test%'),
);

test('a prepared query runs with each execution’s own parameters, compiled once', async () => {
  assert.deepEqual(await groupQuery.execute(database.db, { code: 'T1', mainGroup: 'TA' }), [
    { code: 'T1', name: 'Test group 1' },
  ]);
  assert.deepEqual(await groupQuery.executeTakeFirst(database.db, { code: 'T2', mainGroup: 'TB' }), {
    code: 'T2',
    name: 'Test group 2',
  });
  assert.equal(await groupQuery.executeTakeFirst(database.db, { code: 'T2', mainGroup: 'TA' }), undefined);
});

test('a prepared query runs inside a transaction and sees its uncommitted writes', async () => {
  await database.db
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto('municipality_groups')
        .values({
          code: 'T3',
          name: 'Test group 3',
          main_group_code: 'TC',
          main_group_name: 'Test main C',
          definition: 'test',
        })
        .execute();
      assert.deepEqual(await groupQuery.executeTakeFirst(trx, { code: 'T3', mainGroup: 'TC' }), {
        code: 'T3',
        name: 'Test group 3',
      });
      throw new Error('roll back');
    })
    .catch((error: unknown) => assert.equal((error as Error).message, 'roll back'));
  assert.equal(await groupQuery.executeTakeFirst(database.db, { code: 'T3', mainGroup: 'TC' }), undefined);
});

test('a prepared query works on a second handle of the same database and on one with other plugins', async () => {
  const second = openDatabase(database.config);
  try {
    assert.equal((await groupQuery.executeTakeFirst(second.db, { code: 'T1', mainGroup: 'TA' }))?.name, 'Test group 1');
    const withPlugin = second.db.withPlugin({
      transformQuery: ({ node }) => node,
      transformResult: async ({ result }) => ({ ...result, rows: result.rows.map((row) => ({ ...row, seen: 1 })) }),
    });
    assert.deepEqual(await groupQuery.executeTakeFirst(withPlugin, { code: 'T2', mainGroup: 'TB' }), {
      code: 'T2',
      name: 'Test group 2',
      seen: 1,
    });
  } finally {
    await second.destroy();
  }
});

test('a parameter used to shape the SQL instead of as a value is refused', async () => {
  const misused = prepareQuery((db, { column }: { column: string }) =>
    db
      .selectFrom('municipality_groups')
      .select('code')
      .where('code', '=', 'T1')
      .orderBy(column === 'x' ? 'name' : 'code'),
  );
  await assert.rejects(() => misused.execute(database.db, { column: 'code' }), /uses its parameter column/);
});

test('a prepared list query runs with lists of any length, of values or of rows, each count compiled once', async () => {
  const insertGroups = prepareListQuery(
    (db, _params: object, rows: readonly { code: string; name: string; main_group_code: string }[]) =>
      db
        .insertInto('municipality_groups')
        .values(rows.map((row) => ({ ...row, main_group_name: 'Test main L', definition: 'test' }))),
  );
  const rows = Array.from({ length: 70 }, (_, index) => ({
    code: `L${index}`,
    name: `List group ${index}`,
    main_group_code: 'TL',
  }));
  await insertGroups.execute(database.db, {}, rows.slice(0, 2));
  await insertGroups.execute(database.db, {}, rows.slice(2, 4));
  // Longer than the lists kept compiled: built for the one execution.
  await insertGroups.execute(database.db, {}, rows.slice(4));
  const namesOf = prepareListQuery((db, { mainGroup }: { mainGroup: string }, codes: readonly string[]) =>
    db
      .selectFrom('municipality_groups')
      .select('name')
      .where('main_group_code', '=', mainGroup)
      .where('code', 'in', [...codes])
      .orderBy('name'),
  );
  assert.deepEqual(await namesOf.execute(database.db, { mainGroup: 'TL' }, ['L1']), [{ name: 'List group 1' }]);
  assert.deepEqual(await namesOf.execute(database.db, { mainGroup: 'TL' }, ['L3', 'L2']), [
    { name: 'List group 2' },
    { name: 'List group 3' },
  ]);
  assert.deepEqual(await namesOf.execute(database.db, { mainGroup: 'TA' }, ['L3', 'T1']), [{ name: 'Test group 1' }]);
  const all = await namesOf.execute(
    database.db,
    { mainGroup: 'TL' },
    rows.map((row) => row.code),
  );
  assert.equal(all.length, 70);
});
