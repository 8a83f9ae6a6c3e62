import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import pino from 'pino';
import { prepareFirstAdministrator } from '../../src/accounts/accounts.service.ts';
import { verifyAuditLog } from '../../src/audit/audit.service.ts';
import { createFixedClock } from '../../src/clock.ts';
import type { DatabaseConfig } from '../../src/config.ts';
import { prepareDatabase } from '../../src/main.ts';
import { resolveSessionSecret } from '../../src/settings/settings.service.ts';
import { testDialect } from '../database.ts';

// Finding 10: instances started at once on a database that does not exist yet all come up. On PostgreSQL the
// CREATE DATABASE of all but one fails, with 42P04 when the winner had committed and with 23505 when they ran at
// the same moment (which the first start did not tolerate); then their migrations and registry loads meet.
const clock = createFixedClock(new Date('2026-03-01T08:00:00Z'));
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

// In one process SQLite cannot show the race (its connections wait for each other on one thread), and its file
// needs no CREATE DATABASE: the test is PostgreSQL's.
const testOnPostgres = testDialect === 'postgres' ? test : () => {};

function newDatabaseConfig(): DatabaseConfig {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `lagesbild_race_${process.pid}_${randomBytes(4).toString('hex')}`;
    cleanups.push(async () => {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    });
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return { dialect: 'postgres', url: url.toString() };
  }
  throw new Error('TEST_DATABASE_URL is needed');
}

testOnPostgres(
  'instances starting at once on a new database all start, with one registry and one first administrator',
  async () => {
    const logger = pino({ level: 'silent' });
    // No AUDIT_KEY: the instances also race to generate the key file, and must all use the one written.
    const keyFolder = mkdtempSync(join(tmpdir(), 'lagesbild-race-key-'));
    cleanups.push(async () => rmSync(keyFolder, { recursive: true, force: true }));
    // Several rounds, because the losing CREATE DATABASE fails with 23505 only when the two overlap closely.
    for (let round = 0; round < 3; round += 1) {
      const database = newDatabaseConfig();
      const auditKey = { key: null, file: join(keyFolder, `round-${round}.key`) };
      const starts = await Promise.allSettled(
        [0, 1, 2, 3].map(async () => {
          const handle = await prepareDatabase({ database, auditKey }, logger, clock);
          try {
            await resolveSessionSecret(handle.db, clock, null);
            await prepareFirstAdministrator(handle.db, clock, {
              email: 'admin@lagesbild.local',
              baseUrl: 'http://localhost',
            });
            const organisations = await handle.db
              .selectFrom('organisations')
              .select((eb) => eb.fn.countAll<number>().as('count'))
              .executeTakeFirstOrThrow();
            const administrators = await handle.db
              .selectFrom('users')
              .select((eb) => eb.fn.countAll<number>().as('count'))
              .executeTakeFirstOrThrow();
            const verification = await verifyAuditLog(handle.db);
            assert.equal(verification.isIntact, true, JSON.stringify(verification));
            return [Number(organisations.count), Number(administrators.count)];
          } finally {
            await handle.destroy();
          }
        }),
      );
      for (const start of starts) {
        if (start.status === 'rejected') assert.fail(`round ${round}: a start failed: ${String(start.reason)}`);
        assert.deepEqual(start.value, [311, 1]);
      }
    }
  },
);
