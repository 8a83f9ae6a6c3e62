import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { createSignInLinkIssuer } from '../../src/accounts/accounts.service.ts';
import { createFixedClock, systemClock } from '../../src/clock.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { sendDueMail } from '../../src/mail/outbox.service.ts';
import { ensureOrganisationRegistry } from '../../src/organisations/organisations.service.ts';
import { createTestDatabase, type TestDatabase, testDialect } from '../database.ts';
import { createOpenRound } from '../factories.ts';
import { databaseUrlOf, spawnCli } from '../serve-process.ts';
import { startSmtpServer } from '../smtp.ts';

// Finding 9 of the security review: a reminder pass killed with SIGKILL left its claimed slot `pending` forever, so
// that organisation never got the reminder. With the outbox the pass queues every due reminder in one transaction
// before sending, and a killed sender's mails are taken over once its lease ends.

let database: TestDatabase;
const contacts = ['0180', '1480', '1280'].map((code) => ({ code, contactEmail: `ciso-${code}@kommun.se` }));

before(async () => {
  database = await createTestDatabase();
  await ensureOrganisationRegistry(database.db, systemClock);
  const now = Date.now();
  // Real processes use the real clock: the round closes in three days, so its seven-day reminder is due now.
  await createOpenRound(database.db, {
    opensAt: new Date(now - 20 * 86_400_000).toISOString(),
    closesAt: new Date(now + 3 * 86_400_000).toISOString(),
    organisations: contacts,
  });
});
after(async () => database.drop());

test(`a reminder pass killed mid-way sends each reminder exactly once after all (${testDialect})`, {
  timeout: 120_000,
}, async () => {
  // The mail server accepts the first reminder and then stops answering: the kill lands while the pass sends.
  let isStalling = true;
  const smtp = await startSmtpServer({ answer: () => (isStalling && smtp.attempts.length > 1 ? 'hang' : undefined) });
  const environment = {
    DATABASE_URL: databaseUrlOf(database),
    SMTP_URL: smtp.url,
    BASE_URL: 'http://lagesbild.test',
    SESSION_SECRET: 'reminder-kill-secret-0123456789abcdef01',
  };
  const remindersTo = (address: string) =>
    smtp.messages.filter((mail) => mail.to.includes(address) && /^Påminnelse/.test(mail.subject)).length;
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'lagesbild@test', logger: pino({ level: 'silent' }) });
  try {
    const killed = spawnCli(['reminders', 'run'], environment);
    await smtp.waitForAttempts(2, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    killed.child.kill('SIGKILL');
    assert.equal(await killed.finished, null, killed.output());
    assert.equal(smtp.messages.length, 1);
    isStalling = false;

    // The next pass, right away: nothing is sent twice, and the killed pass's reminders are still claimed by it.
    const next = spawnCli(['reminders', 'run'], environment);
    assert.equal(await next.finished, 0, next.output());
    assert.match(next.output(), /Reminders: 0 queued, 3 already queued before/);
    assert.match(next.output(), /Mail: 0 sent/);
    assert.equal(smtp.messages.length, 1);

    // Once the lease (10 minutes) has run out, any sender takes the killed pass's reminders over.
    const afterLease = createFixedClock(new Date(Date.now() + 11 * 60_000));
    const tally = await sendDueMail(database.db, afterLease, {
      mailer,
      issueSignInLink: createSignInLinkIssuer(afterLease, 'http://lagesbild.test'),
      senderId: 'after-the-lease',
    });
    assert.deepEqual(tally, { sent: 2, failed: 0, deferred: 0 });
    for (const { contactEmail } of contacts) assert.equal(remindersTo(contactEmail), 1, contactEmail);
  } finally {
    mailer.close();
    await smtp.close();
  }
});
