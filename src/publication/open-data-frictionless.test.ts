import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Package } from 'datapackage';
import { buildTestApp, type TestApp, TestVisitor } from '../../test/app.ts';
import { pressRelease2023Shares, publishForTest, seedPressReleaseRounds } from '../reports/report.fixtures.ts';

// The open data package read back by Frictionless Data's own JavaScript library (datapackage-js, which validates the
// descriptor against the tabular-data-package profile and reads every row through tableschema-js: types, missing
// values, constraints, primary keys and foreign keys).

const questionKeys = [...Object.keys(pressRelease2023Shares), 'security_hours_per_year', 'cooperation_partners'];
let testApp: TestApp;
let visitor: TestVisitor;
let folder: string;

before(async () => {
  testApp = await buildTestApp();
  const { db } = testApp.database;
  await seedPressReleaseRounds(db, testApp.clock, questionKeys);
  await publishForTest(db, testApp.clock, '2019');
  await publishForTest(db, testApp.clock, '2023');
  visitor = new TestVisitor(testApp.app);
  folder = await mkdtemp(join(tmpdir(), 'lagesbild-frictionless-'));
});
after(async () => {
  await testApp?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** Downloads a published data package as a harvester would: the descriptor and every file it names. */
async function download(path: string, target: string): Promise<Record<string, unknown>> {
  const response = await visitor.get(`${path}/datapackage.json`);
  assert.equal(response.statusCode, 200, path);
  const descriptor: { resources: { path: string }[] } = JSON.parse(response.body);
  await writeFile(join(target, 'datapackage.json'), response.body);
  for (const resource of descriptor.resources) {
    const file = await visitor.get(`${path}/${resource.path}`);
    assert.equal(file.statusCode, 200, resource.path);
    await writeFile(join(target, resource.path), file.rawPayload);
  }
  return JSON.parse(response.body);
}

interface Descriptor {
  resources: { name: string; schema: { foreignKeys?: unknown[] } }[];
}

/**
 * Reads a downloaded package with datapackage-js: the descriptor against the tabular-data-package profile, then
 * every row of every resource cast by its Table Schema (types, missing values, constraints, primary keys), and
 * every foreign key. tableschema-js replaces a key's fields by the referenced row while it resolves the first
 * foreign key, so a second key sharing a field (here `round`) cannot match; each foreign key is therefore checked
 * in a copy of the descriptor that keeps only that key.
 */
async function frictionlessErrors(target: string): Promise<string[]> {
  const descriptor: Descriptor = JSON.parse(await readFile(join(target, 'datapackage.json'), 'utf8'));
  const errors: string[] = [];
  const readAll = async (variant: Descriptor, relations: boolean, only?: string) => {
    const dataPackage = await Package.load(variant, { basePath: target });
    errors.push(...dataPackage.errors.map((error) => `descriptor: ${error.message}`));
    for (const resource of dataPackage.resources) {
      if (only && resource.name !== only) continue;
      if (!resource.valid) errors.push(...resource.errors.map((error) => `${resource.name}: ${error.message}`));
      try {
        const rows = await resource.read({ relations });
        if (rows.length === 0) errors.push(`${resource.name}: no rows`);
      } catch (error) {
        errors.push(`${resource.name}: ${(error as Error).message}`);
      }
    }
  };
  const withoutKeys = structuredClone(descriptor);
  for (const resource of withoutKeys.resources) delete resource.schema.foreignKeys;
  await readAll(withoutKeys, false);
  for (const [index, resource] of descriptor.resources.entries())
    for (const foreignKey of resource.schema.foreignKeys ?? []) {
      const variant = structuredClone(withoutKeys);
      const target = variant.resources[index];
      if (target) target.schema.foreignKeys = [foreignKey];
      await readAll(variant, true, resource.name);
    }
  return errors;
}

test('Frictionless Data’s validator accepts the data package of a round and of every round without errors', async () => {
  for (const [name, path] of [
    ['round', '/published/2023/open-data'],
    ['all', '/published/open-data'],
  ] as const) {
    const target = join(folder, name);
    await mkdir(target);
    await download(path, target);
    assert.deepEqual(await frictionlessErrors(target), [], path);
  }
});

test('the same validator refuses a package whose figures name a question the codebook lacks', async () => {
  const target = join(folder, 'broken');
  await mkdir(target);
  await download('/published/2023/open-data', target);
  const figures = (await visitor.get('/published/2023/open-data/figures.csv')).body;
  const [header = '', first = '', ...rest] = figures.split('\r\n');
  const columns = header.split(',');
  const broken = first.split(',');
  broken[columns.indexOf('question_key')] = 'no_such_question';
  await writeFile(join(target, 'figures.csv'), [header, broken.join(','), ...rest].join('\r\n'));
  const errors = await frictionlessErrors(target);
  assert.ok(
    errors.some((error) => error.startsWith('figures:')),
    errors.join('\n'),
  );
});
