import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { createTestDatabase, type TestDatabase, testDialect } from '../../test/database.ts';
import { type ServeProcess, startServeProcess } from '../../test/serve-process.ts';
import { startSmtpServer } from '../../test/smtp.ts';
import { createSignInLinkIssuer } from '../accounts/accounts.service.ts';
import { createFixedClock, systemClock } from '../clock.ts';
import { ensureOrganisationRegistry } from '../organisations/organisations.service.ts';
import { createMailer } from './mailer.ts';
import { queueMail, sendDueMail } from './outbox.service.ts';

// Real `lagesbild serve` processes, each with the sender that every instance runs, on one database (PostgreSQL
// under TEST_DATABASE_URL, else one SQLite file), against a real SMTP server in this process.

const sessionSecret = 'outbox-processes-secret-0123456789abcdef';
let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
  await ensureOrganisationRegistry(database.db, systemClock);
});
after(async () => database.drop());

async function queueReceipts(prefix: string, count: number): Promise<string[]> {
  const recipients = Array.from(
    { length: count },
    (_, index) => `${prefix}-${String(index).padStart(3, '0')}@kommun.se`,
  );
  await database.db.transaction().execute(async (trx) => {
    for (const to of recipients) {
      await queueMail(trx, systemClock, {
        kind: 'receipt',
        to,
        content: { subject: `Kvittens ${to}`, text: 'Tack!', html: '<p>Tack!</p>' },
        createdBy: null,
      });
    }
  });
  return recipients;
}

async function stopAll(servers: ServeProcess[]): Promise<void> {
  for (const server of servers) server.child.kill('SIGTERM');
  await Promise.all(servers.map((server) => server.exited));
}

test(`two server instances on one database send 200 queued mails exactly once (${testDialect})`, {
  timeout: 120_000,
}, async (t) => {
  // A slow server, so that the batches of both instances overlap.
  const smtp = await startSmtpServer({ delayMs: 40 });
  const environment = { SESSION_SECRET: sessionSecret, SMTP_URL: smtp.url };
  const servers: ServeProcess[] = [];
  try {
    servers.push(await startServeProcess(database, environment));
    servers.push(await startServeProcess(database, environment));
    const recipients = await queueReceipts('tvaa', 200);
    const deadline = Date.now() + 60_000;
    while (smtp.messages.length < 200 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    // Both senders poll every second: another few seconds would show any second copy.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const received = smtp.messages.map((mail) => mail.to[0] ?? '');
    assert.equal(received.length, 200, servers.map((server) => server.output()).join('\n'));
    assert.deepEqual([...new Set(received)].sort(), recipients);
    const rows = await database.db
      .selectFrom('mail_outbox')
      .select(['status', 'claimed_by', 'attempts'])
      .where('recipient', 'like', 'tvaa-%')
      .execute();
    assert.deepEqual([...new Set(rows.map((row) => `${row.status} ${row.attempts}`))], ['sent 1']);
    const senders = new Map<string, number>();
    for (const row of rows) senders.set(row.claimed_by ?? '', (senders.get(row.claimed_by ?? '') ?? 0) + 1);
    t.diagnostic(`mails sent per instance: ${[...senders.values()].join(' + ')}`);
    assert.equal(senders.size, 2, `both instances sent: ${servers.map((server) => server.output()).join('\n')}`);
  } finally {
    await stopAll(servers);
    await smtp.close();
  }
});

test(`a server killed with SIGKILL while sending loses no mail; another sender takes its mails over after the lease (${testDialect})`, {
  timeout: 120_000,
}, async () => {
  // The mail server accepts five messages and then stops answering, so the kill lands in the middle of sending.
  let isStalling = true;
  const smtp = await startSmtpServer({ answer: () => (isStalling && smtp.attempts.length > 5 ? 'hang' : undefined) });
  const recipients = await queueReceipts('kill', 12);
  const server = await startServeProcess(database, { SESSION_SECRET: sessionSecret, SMTP_URL: smtp.url });
  await smtp.waitForAttempts(6, 60_000);
  // Long enough for the accepted mails to be recorded as sent before the kill.
  await new Promise((resolve) => setTimeout(resolve, 500));
  server.child.kill('SIGKILL');
  await server.exited;
  isStalling = false;
  const statuses = async () =>
    (await database.db.selectFrom('mail_outbox').select('status').where('recipient', 'like', 'kill-%').execute())
      .map((row) => row.status)
      .sort();
  const afterKill = await statuses();
  assert.equal(afterKill.filter((status) => status === 'sent').length, 5);
  assert.equal(afterKill.filter((status) => status === 'queued').length, 7, 'nothing is lost');

  const mailer = createMailer({ smtpUrl: smtp.url, from: 'lagesbild@test', logger: pino({ level: 'silent' }) });
  const senderAt = (offsetMs: number) => {
    const clock = createFixedClock(new Date(Date.now() + offsetMs));
    return sendDueMail(database.db, clock, {
      mailer,
      issueSignInLink: createSignInLinkIssuer(clock, 'http://lagesbild.test'),
      senderId: 'taking-over',
    });
  };
  try {
    // The killed server's claimed mails wait for its lease (10 minutes); the rest of its batch go out at once.
    const soon = await senderAt(60_000);
    const later = await senderAt(11 * 60_000);
    assert.equal(soon.sent + later.sent, 7);
    assert.ok(later.sent > 0, 'the mails claimed by the killed server went out after the lease');
    assert.deepEqual(await statuses(), Array(12).fill('sent'));
    const received = smtp.messages.map((mail) => mail.to[0] ?? '').sort();
    assert.deepEqual(received, recipients, 'each mail arrived exactly once');
  } finally {
    mailer.close();
    await smtp.close();
  }
});
