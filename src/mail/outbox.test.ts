import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { type SmtpServerOptions, startSmtpServer } from '../../test/smtp.ts';
import { grantUserRole } from '../accounts/accounts.service.ts';
import { openRound } from '../rounds/invitations.service.ts';
import { createRoundWithContacts } from '../rounds/rounds.fixtures.ts';
import { signInLinkMarker } from './mail-document.ts';
import { createMailer } from './mailer.ts';
import {
  eraseMailToAddress,
  type NewMail,
  purgeOldMail,
  queueMail,
  type SenderOptions,
  sendDueMail,
} from './outbox.service.ts';

let testApp: TestApp;
const actor = { userId: null, label: 'test' };

before(async () => {
  testApp = await buildTestApp();
});
after(async () => testApp.close());

function mailTo(to: string, subject = `Till ${to}`): NewMail {
  return { kind: 'receipt', to, content: { subject, text: 'Hej!', html: '<p>Hej!</p>' }, createdBy: null };
}

/** A real SMTP server behaving as told, and a sender that sends to it. */
async function startSink(options: SmtpServerOptions = {}) {
  const smtp = await startSmtpServer(options);
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'lagesbild@test', logger: pino({ level: 'silent' }) });
  const sender: SenderOptions = { ...testApp.sender, mailer, senderId: 'outbox-test' };
  return {
    smtp,
    send: () => sendDueMail(testApp.database.db, testApp.clock, sender),
    async close() {
      mailer.close();
      await smtp.close();
    },
  };
}

async function findRow(recipient: string) {
  return testApp.database.db
    .selectFrom('mail_outbox')
    .select(['status', 'attempts', 'last_error', 'claimed_until', 'sent_at', 'body_text'])
    .where('recipient', '=', recipient)
    .executeTakeFirstOrThrow();
}

test('a mail queued in a transaction that rolls back is never sent; the committed one is sent once', async () => {
  const sink = await startSink();
  try {
    const { db } = testApp.database;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await queueMail(trx, testApp.clock, mailTo('rolled-back@kommun.se'));
        throw new Error('the change failed after the mail was queued');
      }),
      /the change failed/,
    );
    await db.transaction().execute((trx) => queueMail(trx, testApp.clock, mailTo('committed@kommun.se')));
    assert.deepEqual(await sink.send(), { sent: 1, failed: 0, deferred: 0 });
    assert.deepEqual(await sink.send(), { sent: 0, failed: 0, deferred: 0 });
    assert.deepEqual(
      sink.smtp.messages.map((mail) => mail.to),
      [['committed@kommun.se']],
    );
    const rows = await db
      .selectFrom('mail_outbox')
      .select('recipient')
      .where('recipient', 'like', '%d@kommun.se')
      .execute();
    assert.deepEqual(rows, [{ recipient: 'committed@kommun.se' }]);
  } finally {
    await sink.close();
  }
});

test('two coordinators opening one round at once: the opening that fails queues nothing, each contact gets one invitation', async () => {
  const sink = await startSink();
  try {
    const { db } = testApp.database;
    const clock = testApp.clock;
    const round = await createRoundWithContacts(db, clock, {
      label: 'samtidigt',
      csv: 'organisation,name,email\n0180,Åsa,asa@stockholm.se\n0114,Eva,eva@upplandsvasby.se\n0115,Olle,olle@vallentuna.se\n',
    });
    const input = { roundId: round.id, baseUrl: testApp.config.baseUrl, actor };
    const outcomes = await Promise.allSettled([openRound(db, clock, input), openRound(db, clock, input)]);
    assert.deepEqual(outcomes.map((outcome) => outcome.status).sort(), ['fulfilled', 'rejected']);
    assert.deepEqual(await sink.send(), { sent: 3, failed: 0, deferred: 0 });
    assert.deepEqual(sink.smtp.messages.map((mail) => mail.to[0]).sort(), [
      'asa@stockholm.se',
      'eva@upplandsvasby.se',
      'olle@vallentuna.se',
    ]);
  } finally {
    await sink.close();
  }
});

test('a server that refuses twice with 451 and then accepts gets the mail once, after 30 s and then 60 s', async () => {
  let refusals = 0;
  const sink = await startSink({
    answer: () => (refusals++ < 2 ? { code: 451, message: '4.7.1 Greylisted, try again later' } : undefined),
  });
  try {
    await queueMail(testApp.database.db, testApp.clock, mailTo('greylisted@kommun.se'));
    assert.deepEqual(await sink.send(), { sent: 0, failed: 0, deferred: 1 });
    const first = await findRow('greylisted@kommun.se');
    assert.equal(first.status, 'queued');
    assert.match(first.last_error ?? '', /^451 4\.7\.1 Greylisted/);
    assert.equal(Date.parse(first.claimed_until) - testApp.clock.now().getTime(), 30_000);

    testApp.clock.advance(29_000);
    assert.deepEqual(await sink.send(), { sent: 0, failed: 0, deferred: 0 }, 'not before its time');
    testApp.clock.advance(1_000);
    assert.deepEqual(await sink.send(), { sent: 0, failed: 0, deferred: 1 });
    assert.equal(
      Date.parse((await findRow('greylisted@kommun.se')).claimed_until) - testApp.clock.now().getTime(),
      60_000,
    );

    testApp.clock.advance(60_000);
    assert.deepEqual(await sink.send(), { sent: 1, failed: 0, deferred: 0 });
    assert.equal(sink.smtp.attempts.length, 3);
    assert.equal(sink.smtp.messages.length, 1);
    const sent = await findRow('greylisted@kommun.se');
    assert.deepEqual([sent.status, sent.attempts], ['sent', 3]);
    testApp.clock.advance(3_600_000);
    assert.deepEqual(await sink.send(), { sent: 0, failed: 0, deferred: 0 });
    assert.equal(sink.smtp.messages.length, 1);
  } finally {
    await sink.close();
  }
});

test('a mail server that cannot be reached is tried again, and the mail goes out once it is back', async () => {
  const down = await startSmtpServer();
  const port = down.port;
  await down.close();
  const mailer = createMailer({
    smtpUrl: `smtp://127.0.0.1:${port}`,
    from: 'lagesbild@test',
    logger: pino({ level: 'silent' }),
  });
  const sender: SenderOptions = { ...testApp.sender, mailer };
  try {
    await queueMail(testApp.database.db, testApp.clock, mailTo('unreachable@kommun.se'));
    assert.deepEqual(await sendDueMail(testApp.database.db, testApp.clock, sender), {
      sent: 0,
      failed: 0,
      deferred: 1,
    });
    assert.match((await findRow('unreachable@kommun.se')).last_error ?? '', /ECONNREFUSED/);
    const back = await startSmtpServer({ port });
    try {
      testApp.clock.advance(30_000);
      assert.deepEqual(await sendDueMail(testApp.database.db, testApp.clock, sender), {
        sent: 1,
        failed: 0,
        deferred: 0,
      });
      assert.deepEqual(
        back.messages.map((mail) => mail.to),
        [['unreachable@kommun.se']],
      );
    } finally {
      await back.close();
    }
  } finally {
    mailer.close();
  }
});

test('a 550 marks the mail failed with the server’s reply, and it is never tried again', async () => {
  const sink = await startSink({ unknownRecipients: ['finns-inte@kommun.se'] });
  try {
    await queueMail(testApp.database.db, testApp.clock, mailTo('finns-inte@kommun.se'));
    assert.deepEqual(await sink.send(), { sent: 0, failed: 1, deferred: 0 });
    const failed = await findRow('finns-inte@kommun.se');
    assert.equal(failed.status, 'failed');
    assert.equal(failed.attempts, 1);
    assert.match(failed.last_error ?? '', /^550 5\.1\.1 <finns-inte@kommun\.se>: Recipient address rejected/);
    testApp.clock.advance(86_400_000);
    assert.deepEqual(await sink.send(), { sent: 0, failed: 0, deferred: 0 });
    assert.equal(sink.smtp.messages.length, 0);
  } finally {
    await sink.close();
  }
});

test('a sign-in link is made when the mail is sent: the outbox stores no token, and the link in the mail works', async () => {
  const sink = await startSink();
  try {
    const { db } = testApp.database;
    const user = await grantUserRole(db, testApp.clock, {
      email: 'lank@kiruna.se',
      grant: { kind: 'organisation', organisationCode: '2584', role: 'respondent' },
      actor,
      signInMail: { language: 'en', redirectTo: '/my' },
    });
    const queued = await findRow('lank@kiruna.se');
    assert.ok(queued.body_text.includes(signInLinkMarker));
    assert.equal(
      (await db.selectFrom('sign_in_links').select('token_hash').where('user_id', '=', user.id).execute()).length,
      0,
      'no link exists before the mail is sent',
    );
    assert.deepEqual(await sink.send(), { sent: 1, failed: 0, deferred: 0 });
    const mail = await sink.smtp.waitForMessage((message) => message.to.includes('lank@kiruna.se'));
    assert.equal(mail.subject, 'Your sign-in link to Lägesbild');
    const token = /\/sign-in\/link\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? '';
    assert.ok(token.length > 20);
    assert.match(
      mail.html,
      new RegExp(`<a href="http://lagesbild\\.test/sign-in/link/${token}">Sign in to Lägesbild</a>`),
    );
    assert.equal(mail.parsed.messageId?.endsWith('@outbox.lagesbild>'), true);
    const stored = JSON.stringify(await db.selectFrom('mail_outbox').selectAll().execute());
    assert.equal(stored.includes(token), false, 'the token is in no outbox row');
    const opened = await testApp.app.inject({ method: 'GET', url: `/sign-in/link/${token}` });
    assert.match(opened.body, /lank@kiruna\.se/);
  } finally {
    await sink.close();
  }
});

test('sign-in mails are deleted 30 days after sending, and a purge erases every mail to an address', async () => {
  const { db } = testApp.database;
  const signIn = (to: string): NewMail => ({ ...mailTo(to), kind: 'sign-in' });
  await queueMail(db, testApp.clock, signIn('gammal-lank@kiruna.se'));
  await queueMail(db, testApp.clock, mailTo('radera@kiruna.se'));
  await queueMail(db, testApp.clock, signIn('radera@kiruna.se'));
  await testApp.sendDueMail();
  testApp.clock.advance(31 * 86_400_000);
  await queueMail(db, testApp.clock, signIn('ny-lank@kiruna.se'));
  await testApp.sendDueMail();
  const count = async (recipient: string) =>
    (await db.selectFrom('mail_outbox').select('id').where('recipient', '=', recipient).execute()).length;

  // Also the sign-in mail of an earlier test here, sent more than 30 days ago by now.
  assert.equal(await purgeOldMail(db, testApp.clock), 3);
  assert.deepEqual(
    [await count('gammal-lank@kiruna.se'), await count('ny-lank@kiruna.se'), await count('radera@kiruna.se')],
    [0, 1, 1],
    'only old sign-in mail goes; a receipt of the same age stays',
  );
  assert.equal(await eraseMailToAddress(db, ' Radera@Kiruna.se '), 1);
  assert.equal(await count('radera@kiruna.se'), 0);
});
