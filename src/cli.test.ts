import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../test/database.ts';
import { runCli } from './cli.ts';

let database: TestDatabase;
let environment: Record<string, string>;

before(async () => {
  database = await createTestDatabase({ isMigrated: false });
  environment = {
    DATABASE_URL: database.config.dialect === 'postgres' ? database.config.url : `sqlite:${database.config.file}`,
    SESSION_SECRET: 'cli-test-secret-long-enough-for-the-check',
    BASE_URL: 'http://lagesbild.test',
    LOG_LEVEL: 'silent',
  };
});
after(async () => {
  await database.drop();
});

async function run(argv: string[], env = environment) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('--help lists every command with one line each', async () => {
  const { code, out } = await run(['--help']);
  assert.equal(code, 0);
  for (const command of ['serve', 'migrate', 'orgs sync', 'admin create']) {
    assert.match(out, new RegExp(`^  ${command} +\\S`, 'm'), command);
  }
});

test('bad arguments: unknown command, unknown option, missing value exit 2 with a message', async () => {
  const unknown = await run(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /Unknown command "frobnicate"/);
  const badOption = await run(['orgs', 'sync', '--dryrun']);
  assert.equal(badOption.code, 2);
  assert.match(badOption.err, /Unknown option '--dryrun'[\s\S]*Usage: lagesbild orgs sync/);
  const missing = await run(['admin', 'create']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /--email is required/);
  const extra = await run(['migrate', 'now']);
  assert.equal(extra.code, 2);
  assert.match(extra.err, /Unexpected argument "now"/);
});

test('invalid configuration exits 1 with one clear line', async () => {
  const { code, err } = await run(['migrate'], { ...environment, PORT: 'abc' });
  assert.equal(code, 1);
  assert.match(err, /^Invalid PORT: expected a port number between 0 and 65535\.$/);
});

test('migrate, then orgs sync twice (idempotent), then a dry run of an update file', async () => {
  const migrated = await run(['migrate']);
  assert.equal(migrated.code, 0);
  assert.match(migrated.out, /Applied 20261129_1900_core/);
  assert.match((await run(['migrate'])).out, /up to date/);

  const first = await run(['orgs', 'sync']);
  assert.equal(first.code, 0);
  assert.match(first.out, /311 organisations changed, 0 unchanged\./);
  assert.match((await run(['orgs', 'sync'])).out, /^0 organisations changed, 311 unchanged\.$/m);

  const file = join(tmpdir(), `orgs-update-${process.pid}.csv`);
  writeFileSync(file, 'lanskod,region,lan\n03,Region Uppland,Uppsala län\n');
  const dry = await run(['orgs', 'sync', '--file', file, '--dry-run']);
  assert.equal(dry.code, 0);
  assert.match(dry.out, /^renamed +03 Region Uppland \(name: Region Uppsala -> Region Uppland\)$/m);
  assert.match(dry.out, /1 organisation would change, 0 unchanged\. Dry run: nothing was written\./);

  writeFileSync(file, 'lanskod,region,lan\n3,Region Uppland,Uppsala län\n');
  const invalid = await run(['orgs', 'sync', '--file', file]);
  assert.equal(invalid.code, 1);
  assert.match(invalid.err, /line 2: lanskod "3" is not two digits/);
  const missingFile = await run(['orgs', 'sync', '--file', '/nonexistent.csv']);
  assert.equal(missingFile.code, 2);
  assert.match(missingFile.err, /Cannot read \/nonexistent\.csv: no such file/);
});

test('admin create prints a one-time sign-in link', async () => {
  const { code, out } = await run(['admin', 'create', '--email', 'Admin@Example.se']);
  assert.equal(code, 0);
  assert.match(out, /Administrator admin@example\.se is ready/);
  assert.match(out, /^http:\/\/lagesbild\.test\/sign-in\/link\/[A-Za-z0-9_-]{43}$/m);
});

test('facts prints every Fakta sentence of a round, marking those the disclosure policy withholds', async () => {
  // Runs after the organisations are synced above. Eight kommuner: six of eight have a CISO; all eight brief yearly,
  // so that national figure (no exemption set) and its sentence are withheld.
  const codes = ['0180', '0114', '0115', '0117', '0120', '0123', '0125', '0126'];
  const file = join(tmpdir(), `facts-${process.pid}.csv`);
  const rows = codes.flatMap((code, index) => [
    `2023,${code},ciso_designated,${index < 6 ? 'ja' : 'nej'}`,
    `2023,${code},annual_briefing,ja`,
  ]);
  writeFileSync(file, `round,org,question,value\n${rows.join('\n')}\n`);
  assert.equal((await run(['import', 'responses', file])).code, 0);
  const swedish = await run(['facts', '--round', '2023']);
  assert.equal(swedish.code, 0);
  assert.deepEqual(swedish.out.split('\n'), [
    'I 6 av de 8 kommuner som svarade finns rollen informationssäkerhetssamordnare (CISO) utpekad.',
    'I samtliga 8 kommuner som svarade genomförs minst en föredragning årligen av informationssäkerhetsläget i den egna organisationen. [undanhålls vid publicering]',
  ]);
  assert.match((await run(['facts', '--round', '2023', '--lang', 'en'])).out, / \[withheld from publication\]$/);
});
