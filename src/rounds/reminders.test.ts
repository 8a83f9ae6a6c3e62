import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { testAuditKey } from '../../test/database.ts';
import { spawnCli } from '../../test/serve-process.ts';
import { startSmtpServer } from '../../test/smtp.ts';
import { createSignInLinkIssuer } from '../accounts/accounts.service.ts';
import { buildApp } from '../app.ts';
import { createFixedClock } from '../clock.ts';
import { openDatabase } from '../db/connection.ts';
import { createMailer } from '../mail/mailer.ts';
import { sendDueMail } from '../mail/outbox.service.ts';
import { startMailSender } from '../mail/outbox-sender.ts';
import { openRound } from './invitations.service.ts';
import { startReminderRunner } from './reminder-runner.ts';
import { insertTestResponse } from './rounds.fixtures.ts';
import { createRound, importContacts } from './rounds.service.ts';

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

/**
 * A second instance: its own app and mailer and, on PostgreSQL, its own connection pool on the same database. On
 * SQLite it shares the first one's handle: better-sqlite3 waits for a lock synchronously, so a second handle in the
 * same process would stall the very event loop that has to finish the first handle's transaction (two processes,
 * as in production, are the next test's and test/mail's business).
 */
async function startSecondInstance() {
  const handle =
    testApp.database.config.dialect === 'postgres'
      ? openDatabase(testApp.database.config, { poolSize: 3, onPoolError: () => {}, auditKey: testAuditKey })
      : { db: testApp.database.db, destroy: async () => {} };
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'lagesbild@test', logger: pino({ level: 'silent' }) });
  const app = await buildApp({
    config: testApp.config,
    sessionSecret: 'test-secret-that-is-long-enough-to-pass-validation',
    db: handle.db,
    clock: testApp.clock,
    logger: false,
  });
  await app.ready();
  return { handle, mailer, app };
}

test('two instances run the reminder schedule and the outbox at once; each reminder arrives exactly once per slot', async () => {
  const { db } = testApp.database;
  const clock = testApp.clock;
  const round = await createRound(
    db,
    clock,
    {
      label: 'paminnelser',
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
      '1280,Mia,mia@malmo.se',
      '01,Per,per@regionstockholm.se',
    ].join('\n'),
    actor,
  });
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'lagesbild@test', logger: pino({ level: 'silent' }) });
  await openRound(db, clock, { roundId: round.id, baseUrl: testApp.config.baseUrl, actor });
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
  // Each instance runs both loops, as `serve` does: the reminder pass queues, the outbox's sender sends.
  const runFor = (index: number, instance: { db: typeof db; mailer: typeof mailer }) => {
    const reminders = startReminderRunner({
      db: instance.db,
      clock,
      baseUrl: testApp.config.baseUrl,
      intervalMs: 5,
      onError: (error) => errors.push(error),
      onPass: () => {
        passes[index] = (passes[index] ?? 0) + 1;
      },
    });
    const sender = startMailSender({
      db: instance.db,
      clock,
      mailer: instance.mailer,
      issueSignInLink: createSignInLinkIssuer(clock, testApp.config.baseUrl),
      senderId: `instance-${index}`,
      intervalMs: 5,
      onError: (error) => errors.push(error),
    });
    return { stop: () => Promise.all([reminders.stop(), sender.stop()]) };
  };
  const waitForPasses = async (count: number) => {
    const start = passes.map((value) => value);
    while (passes.some((value, index) => value - (start[index] ?? 0) < count)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const runners = [runFor(0, { db, mailer }), runFor(1, { db: second.handle.db, mailer: second.mailer })];
  const waitForMail = async (pattern: RegExp, count: number) => {
    const deadline = Date.now() + 10_000;
    while (smtp.messages.filter((mail) => pattern.test(mail.subject)).length < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  try {
    // The invitations go out first; the clock moves on only once they are sent, since a clock that jumps weeks
    // ahead during a send ends its lease, as a sender that hangs that long would.
    await waitForMail(/^Inbjudan/, 6);
    await waitForPasses(3);
    assert.equal(smtp.messages.filter((mail) => /^Påminnelse/.test(mail.subject)).length, 0, 'nothing is due yet');

    clock.advance(Date.parse('2026-03-25T08:00:00.000Z') - clock.now().getTime());
    await waitForPasses(5);
    await waitForMail(/^Påminnelse/, 5);
    await waitForPasses(3);
    // Malmö has two contacts: each is reminded.
    const nonResponders = [
      'eva@upplandsvasby.se',
      'olle@vallentuna.se',
      'malin@malmo.se',
      'mia@malmo.se',
      'per@regionstockholm.se',
    ];
    for (const address of nonResponders) assert.equal(remindersTo(address), 1, address);
    assert.equal(remindersTo('asa@stockholm.se'), 0, 'a submitted organisation is not reminded');

    clock.advance(Date.parse('2026-03-30T08:00:00.000Z') - clock.now().getTime());
    await waitForPasses(5);
    await waitForMail(/^Påminnelse/, 10);
    await waitForPasses(3);
    for (const address of nonResponders) assert.equal(remindersTo(address), 2, address);
    const invitations = smtp.messages.filter((mail) => /^Inbjudan/.test(mail.subject)).map((mail) => mail.to[0]);
    assert.equal(new Set(invitations).size, invitations.length, `invitations sent once each: ${invitations}`);
  } finally {
    await Promise.all(runners.map((runner) => runner.stop()));
    await second.app.close();
    second.mailer.close();
    mailer.close();
    await second.handle.destroy();
  }
  assert.deepEqual(errors, []);
  const log = await db
    .selectFrom('mail_outbox')
    .select(['organisation_code', 'slot', 'status'])
    .where('round_id', '=', round.id)
    .where('kind', '=', 'reminder')
    .orderBy('slot')
    .orderBy('organisation_code')
    .execute();
  assert.deepEqual(
    log.map((row) => `${row.slot} ${row.organisation_code} ${row.status}`).sort(),
    ['days:2', 'days:7']
      .flatMap((slot) => [
        ...['01', '0114', '0115', '1280'].map((code) => `${slot} ${code} sent`),
        `${slot}|mia@malmo.se 1280 sent`,
      ])
      .sort(),
  );
  const reminder = smtp.messages.find((mail) => mail.to.includes('malin@malmo.se') && /^Påminnelse/.test(mail.subject));
  assert.match(reminder?.text ?? '', /Vi har ännu inte fått in svaret från Malmö/);
  assert.match(reminder?.text ?? '', /Enkäten stänger 2026-03-31 23:59 \(svensk tid\)\./);
});

async function runCliProcess(environment: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const run = spawnCli(['reminders', 'run'], environment);
  return { code: await run.finished, output: run.output() };
}

test('two processes running `lagesbild reminders run` at once queue and send each due reminder once', async (t) => {
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
  await openRound(db, clock, { roundId: round.id, baseUrl: testApp.config.baseUrl, actor });
  // The invitations go out first, as a server would have sent them, so that only the reminders are left.
  await sendDueMail(db, clock, testApp.sender);

  const config = testApp.database.config;
  const environment = {
    DATABASE_URL: config.dialect === 'postgres' ? config.url : `sqlite:${config.file}`,
    SMTP_URL: smtp.url,
    BASE_URL: 'http://lagesbild.test',
    SESSION_SECRET: 'test-secret-that-is-long-enough-to-pass-validation',
  };
  const results = await Promise.all([runCliProcess(environment), runCliProcess(environment)]);
  for (const result of results) assert.equal(result.code, 0, result.output);
  const output = results.map((r) => r.output).join('\n');
  const count = (pattern: RegExp) => results.map((result) => Number(pattern.exec(result.output)?.[1]));
  const queued = count(/Reminders: (\d+) queued/);
  const sent = count(/Mail: (\d+) sent/);
  assert.equal((queued[0] ?? 0) + (queued[1] ?? 0), codes.length, output);
  assert.equal((sent[0] ?? 0) + (sent[1] ?? 0), codes.length, output);
  for (const code of codes) assert.equal(remindersTo(`ciso${code}@kommun.se`), 1, code);
  t.diagnostic(`reminders queued ${queued.join(' + ')}, sent ${sent.join(' + ')} by the two processes`);
});
