import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { lagesbildArguments, repositoryRoot } from '../../test/compiled-product.ts';
import { startSmtpServer } from '../../test/smtp.ts';
import { buildApp } from '../app.ts';
import { createFixedClock } from '../clock.ts';
import { openDatabase } from '../db/connection.ts';
import { createMailer } from '../mail/mailer.ts';
import { startReminderRunner } from './reminder-runner.ts';
import { insertTestResponse } from './rounds.fixtures.ts';
import { createRound, importContacts, openRound } from './rounds.service.ts';

let testApp: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const actor = { userId: null, label: 'test' };

before(async () => {
  smtp = await startSmtpServer();
  testApp = await buildTestApp({ smtpUrl: smtp.url });
});
after(async () => {
  await testApp.close();
  await smtp.close();
});

function remindersTo(address: string): number {
  return smtp.messages.filter((mail) => mail.to.includes(address) && /^Påminnelse/.test(mail.subject)).length;
}

/** A second instance: its own connection pool (or SQLite handle) on the same database, its own app and mailer. */
async function startSecondInstance() {
  const handle = openDatabase(testApp.database.config, { poolSize: 3, onPoolError: () => {} });
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'lagesbild@test', logger: pino({ level: 'silent' }) });
  const app = await buildApp({
    config: testApp.config,
    sessionSecret: 'test-secret-that-is-long-enough-to-pass-validation',
    db: handle.db,
    clock: testApp.clock,
    mailer,
    logger: false,
  });
  await app.ready();
  return { handle, mailer, app };
}

test('two instances run the reminder schedule at once and each reminder arrives exactly once per slot', async () => {
  const { db } = testApp.database;
  const clock = testApp.clock;
  const round = await createRound(
    db,
    clock,
    {
      label: 'påminnelser',
      kommunVersion: 'skr-2023',
      regionVersion: 'skr-2023',
      population: 'list',
      organisationCodes: ['0180', '0114', '0115', '1280', '01', '2584'],
      opensAt: '2026-03-01T09:00',
      closesAt: '2026-03-31T23:59',
      reminderDays: [14, 7, 2],
    },
    actor,
  );
  await importContacts(db, clock, {
    roundId: round.id,
    csv: [
      'organisation,name,email',
      '0180,Åsa,asa@stockholm.se',
      '0114,Eva,eva@upplandsvasby.se',
      '0115,Olle,olle@vallentuna.se',
      '1280,Malin,malin@malmo.se',
      '01,Per,per@regionstockholm.se',
    ].join('\n'),
    actor,
  });
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'lagesbild@test', logger: pino({ level: 'silent' }) });
  await openRound(db, clock, mailer, { roundId: round.id, baseUrl: testApp.config.baseUrl, actor });
  await insertTestResponse(db, {
    roundId: round.id,
    organisationCode: '0180',
    status: 'submitted',
    at: clock.now().toISOString(),
  });
  await insertTestResponse(db, {
    roundId: round.id,
    organisationCode: '0114',
    status: 'in_progress',
    at: clock.now().toISOString(),
  });

  const second = await startSecondInstance();
  const passes = [0, 0];
  const errors: unknown[] = [];
  const runFor = (index: number, instance: { db: typeof db; mailer: typeof mailer }) =>
    startReminderRunner({
      db: instance.db,
      clock,
      mailer: instance.mailer,
      baseUrl: testApp.config.baseUrl,
      intervalMs: 5,
      onError: (error) => errors.push(error),
      onPass: () => {
        passes[index] = (passes[index] ?? 0) + 1;
      },
    });
  const waitForPasses = async (count: number) => {
    const start = passes.map((value) => value);
    while (passes.some((value, index) => value - (start[index] ?? 0) < count)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const runners = [runFor(0, { db, mailer }), runFor(1, { db: second.handle.db, mailer: second.mailer })];
  try {
    await waitForPasses(3);
    assert.equal(smtp.messages.filter((mail) => /^Påminnelse/.test(mail.subject)).length, 0, 'nothing is due yet');

    clock.advance(Date.parse('2026-03-25T08:00:00.000Z') - clock.now().getTime());
    await waitForPasses(5);
    const nonResponders = ['eva@upplandsvasby.se', 'olle@vallentuna.se', 'malin@malmo.se', 'per@regionstockholm.se'];
    for (const address of nonResponders) assert.equal(remindersTo(address), 1, address);
    assert.equal(remindersTo('asa@stockholm.se'), 0, 'a submitted organisation is not reminded');

    clock.advance(Date.parse('2026-03-30T08:00:00.000Z') - clock.now().getTime());
    await waitForPasses(5);
    for (const address of nonResponders) assert.equal(remindersTo(address), 2, address);
  } finally {
    await Promise.all(runners.map((runner) => runner.stop()));
    await second.app.close();
    await second.handle.destroy();
  }
  assert.deepEqual(errors, []);
  const log = await db
    .selectFrom('mail_log')
    .select(['organisation_code', 'slot', 'status'])
    .where('round_id', '=', round.id)
    .where('kind', '=', 'reminder')
    .orderBy('slot')
    .orderBy('organisation_code')
    .execute();
  assert.deepEqual(
    log.map((row) => `${row.slot} ${row.organisation_code} ${row.status}`),
    ['01', '0114', '0115', '1280']
      .flatMap((code) => [`days:2 ${code} sent`])
      .concat(['01', '0114', '0115', '1280'].map((code) => `days:7 ${code} sent`)),
  );
  const reminder = smtp.messages.find((mail) => mail.to.includes('malin@malmo.se') && /^Påminnelse/.test(mail.subject));
  assert.match(reminder?.text ?? '', /Vi har ännu inte fått in svaret från Malmö/);
  assert.match(reminder?.text ?? '', /Det är 7 dagar kvar\./);
});

function runCliProcess(environment: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, lagesbildArguments(['reminders', 'run']), {
      cwd: repositoryRoot,
      env: { ...process.env, ...environment, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

test('two processes running `lagesbild reminders run` at once send each due reminder once', async (t) => {
  // Real processes use the real clock, so this round is due now.
  const clock = createFixedClock(new Date());
  const { db } = testApp.database;
  const now = clock.now().getTime();
  const codes = ['0120', '0123', '0125', '0126', '0127', '0128', '0136', '0138', '0139', '0140'];
  const round = await createRound(
    db,
    clock,
    {
      label: 'processer',
      kommunVersion: 'skr-2023',
      regionVersion: '',
      population: 'list',
      organisationCodes: codes,
      opensAt: new Date(now - 20 * 86_400_000).toISOString(),
      closesAt: new Date(now + 3 * 86_400_000).toISOString(),
      reminderDays: [7],
    },
    actor,
  );
  await importContacts(db, clock, {
    roundId: round.id,
    csv: ['organisation,name,email', ...codes.map((code) => `${code},Kontakt ${code},ciso${code}@kommun.se`)].join(
      '\n',
    ),
    actor,
  });
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'lagesbild@test', logger: pino({ level: 'silent' }) });
  await openRound(db, clock, mailer, { roundId: round.id, baseUrl: testApp.config.baseUrl, actor });

  const config = testApp.database.config;
  const environment = {
    DATABASE_URL: config.dialect === 'postgres' ? config.url : `sqlite:${config.file}`,
    SMTP_URL: smtp.url,
    BASE_URL: 'http://lagesbild.test',
    SESSION_SECRET: 'test-secret-that-is-long-enough-to-pass-validation',
  };
  const results = await Promise.all([runCliProcess(environment), runCliProcess(environment)]);
  for (const result of results) assert.equal(result.code, 0, result.output);
  const sentCounts = results.map((result) => Number(/Reminders: (\d+) sent/.exec(result.output)?.[1]));
  assert.equal((sentCounts[0] ?? 0) + (sentCounts[1] ?? 0), codes.length, results.map((r) => r.output).join('\n'));
  for (const code of codes) assert.equal(remindersTo(`ciso${code}@kommun.se`), 1, code);
  t.diagnostic(`reminders sent by the two processes: ${sentCounts.join(' + ')}`);
});
