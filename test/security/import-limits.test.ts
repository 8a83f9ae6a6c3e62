import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../src/cli.ts';
import { createTestDatabase, type TestDatabase, testAuditKey } from '../database.ts';
import { zipBomb } from '../zip-bomb.ts';

// Finding 12: imports were read whole with no limit (a 1.1 MB XLSX bomb took 1.4 GB) and Latin-1 was stored
// garbled. Now size, rows and a workbook's expanded size are limited before parsing, and non-UTF-8 is refused.
let database: TestDatabase;
let folder: string;
before(async () => {
  database = await createTestDatabase();
  folder = mkdtempSync(join(tmpdir(), 'lagesbild-import-limits-'));
});
after(async () => {
  await database.drop();
  rmSync(folder, { recursive: true, force: true });
});

async function importFile(file: string, environment: Record<string, string> = {}) {
  const lines: string[] = [];
  const url = database.config.dialect === 'postgres' ? database.config.url : `sqlite:${database.config.file}`;
  const before = process.memoryUsage().rss;
  const code = await runCli(
    ['import', 'responses', file, '--dry-run'],
    { out: (line) => lines.push(line), err: (line) => lines.push(line) },
    {
      DATABASE_URL: url,
      LOG_LEVEL: 'silent',
      SESSION_SECRET: 'cli-test-secret-that-is-long-enough-0123456789',
      AUDIT_KEY: testAuditKey,
      ...environment,
    },
  );
  return { code, output: lines.join('\n'), grewBy: process.memoryUsage().rss - before };
}

test('a workbook that expands beyond the limit is refused before it is unpacked', async () => {
  const file = join(folder, 'bomb.xlsx');
  const bomb = zipBomb(1024 * 1024 * 1024);
  assert.ok(bomb.length < 2 * 1024 * 1024, `the bomb is small (${bomb.length} bytes)`);
  writeFileSync(file, bomb);
  const run = await importFile(file);
  assert.equal(run.code, 1, run.output);
  assert.match(run.output, /arbetsboken packas upp till minst 1024 MB, mer än gränsen 100 MB \(IMPORT_MAX_XLSX_MB\)/);
  assert.ok(run.grewBy < 200 * 1024 * 1024, `memory grew by ${Math.round(run.grewBy / 1024 / 1024)} MB`);
});

test('a file larger than IMPORT_MAX_FILE_MB, or with more rows than IMPORT_MAX_ROWS, is refused', async () => {
  const big = join(folder, 'big.csv');
  const row = 'round,org,question,value\n';
  writeFileSync(big, row + '2019,0180,q,ja\n'.repeat(80_000));
  const tooLarge = await importFile(big, { IMPORT_MAX_FILE_MB: '1' });
  assert.equal(tooLarge.code, 1, tooLarge.output);
  assert.match(tooLarge.output, /filen är 1\.1 MB, större än gränsen 1 MB \(IMPORT_MAX_FILE_MB\)/);
  const tooMany = await importFile(big, { IMPORT_MAX_ROWS: '1000' });
  assert.equal(tooMany.code, 1, tooMany.output);
  assert.match(tooMany.output, /filen har fler än 1000 rader \(IMPORT_MAX_ROWS\)/);
});

test('a Latin-1 CSV is refused, naming the encoding and the first bad line', async () => {
  const file = join(folder, 'latin1.csv');
  writeFileSync(file, Buffer.from('round,org,question,value\n2019,0180,q1,ja\n2019,0180,kommentar,Växjö\n', 'latin1'));
  const run = await importFile(file);
  assert.equal(run.code, 1, run.output);
  assert.match(run.output, /filen är inte UTF-8: rad 3 har byten 0xe4 som inte är giltig UTF-8/);
});

test('a workbook whose directory understates its size is inflated only up to the limit, then refused', async () => {
  const file = join(folder, 'lying-bomb.xlsx');
  // Declares 2 kB, expands to 1 GB: the directory check passes, the real count stops at IMPORT_MAX_XLSX_MB.
  writeFileSync(file, zipBomb(1024 * 1024 * 1024, 2048));
  const started = Date.now();
  const run = await importFile(file, { IMPORT_MAX_XLSX_MB: '20' });
  assert.equal(run.code, 1, run.output);
  assert.match(run.output, /packas upp till mer än gränsen 20 MB \(IMPORT_MAX_XLSX_MB\), fast den uppger mindre/);
  assert.ok(run.grewBy < 200 * 1024 * 1024, `memory grew by ${Math.round(run.grewBy / 1024 / 1024)} MB`);
  assert.ok(Date.now() - started < 10_000, 'stopped at the limit instead of inflating the whole gigabyte');
});

test('a CSV is read as a stream that stops at the row limit, before a later line is even decoded', async () => {
  const file = join(folder, 'long-then-latin1.csv');
  const rows = '2019,0180,q,ja\n'.repeat(5000);
  // Line 5002 is Latin-1: a reader of the whole file would report that; the stream stops at row 1001.
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(`round,org,question,value\n${rows}`), Buffer.from('2019,0180,q,Växjö\n', 'latin1')]),
  );
  const limited = await importFile(file, { IMPORT_MAX_ROWS: '1000' });
  assert.equal(limited.code, 1, limited.output);
  assert.match(limited.output, /filen har fler än 1000 rader \(IMPORT_MAX_ROWS\)/);
  assert.doesNotMatch(limited.output, /UTF-8/);
  // Within the limit the whole file is read, and its Latin-1 line is found and named.
  const whole = await importFile(file);
  assert.equal(whole.code, 1, whole.output);
  assert.match(whole.output, /filen är inte UTF-8: rad 5002 har byten 0xe4/);
});
