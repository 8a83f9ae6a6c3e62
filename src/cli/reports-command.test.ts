import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { runCli } from '../cli.ts';
import { createFixedClock } from '../clock.ts';
import { ensureOrganisationRegistry } from '../organisations/organisations.service.ts';
import { seedRound } from '../reports/report.fixtures.ts';
import { createProgressReporter } from './reports-command.ts';

let database: TestDatabase;
const databaseUrl = () =>
  database.config.dialect === 'postgres' ? database.config.url : `sqlite:${database.config.file}`;
const folder = mkdtempSync(join(tmpdir(), 'lagesbild-cli-reports-'));

before(async () => {
  database = await createTestDatabase();
  const clock = createFixedClock(new Date('2026-03-01T08:00:00Z'));
  await ensureOrganisationRegistry(database.db, clock);
  await seedRound(database.db, clock, {
    label: '2023',
    versions: { kommun: null, region: 'skr-2023' },
    questionKeys: ['ciso_designated', 'incident_method'],
    responseShare: 1,
  });
});
after(async () => {
  await database?.drop();
  rmSync(folder, { recursive: true, force: true });
});

test('reports feedback writes one PDF per organisation that answered', async () => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ['reports', 'feedback', '--round', '2023', '--out', join(folder, 'out')],
    { out: (line) => out.push(line), err: (line) => err.push(line) },
    { DATABASE_URL: databaseUrl(), SESSION_SECRET: 'a-session-secret-that-is-long-enough-123', LOG_LEVEL: 'silent' },
  );
  assert.equal(code, 0, err.join('\n'));
  const files = readdirSync(join(folder, 'out'));
  assert.equal(files.length, 21);
  for (const file of files)
    assert.equal(
      readFileSync(join(folder, 'out', file))
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );
  assert.match(out.join('\n'), /^21 feedback reports written to .* in [\d.]+ s\.$/);
});

test('without --round the command names its usage and exits with 2', async () => {
  const err: string[] = [];
  const code = await runCli(
    ['reports', 'feedback', '--out', folder],
    { out: () => {}, err: (line) => err.push(line) },
    {},
  );
  assert.equal(code, 2);
  assert.match(err.join('\n'), /Usage: lagesbild reports feedback --round LABEL --out DIR/);
});

test('progress is a bar redrawn in place on a terminal and a line per tenth otherwise', () => {
  const written: string[] = [];
  const terminal = createProgressReporter({ isTTY: true, write: (text) => written.push(text) > 0 }, 'Run');
  terminal(5, 10);
  terminal(10, 10);
  assert.equal(written[0], '\rRun [###############...............] 5/10 50 %');
  assert.equal(written.at(-1), '\n');
  const lines: string[] = [];
  const pipe = createProgressReporter({ write: (text) => lines.push(text) > 0 }, 'Run');
  for (let done = 0; done <= 40; done += 1) pipe(done, 40);
  assert.equal(lines.length, 11);
  assert.equal(lines[10], 'Run 40/40\n');
});
