import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { runCommand } from '../../test/security/cli-helpers.ts';
import { readBounceMessage, splitMailbox } from './bounces.ts';
import { queueMail } from './outbox.service.ts';

/** A delivery status notification as Postfix writes one (RFC 3464), for one recipient. */
function buildBounce(input: { recipient: string; action: string; status: string; messageId?: string }): string {
  const boundary = 'B0UND4RY';
  return [
    'From: MAILER-DAEMON@mx.kommun.se (Mail Delivery System)',
    'To: lagesbild@skr.se',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    "I'm sorry to have to inform you that your message could not be delivered.",
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.kommun.se',
    'Arrival-Date: Sun, 1 Mar 2026 09:00:01 +0100 (CET)',
    '',
    `Final-Recipient: rfc822; ${input.recipient}`,
    `Original-Recipient: rfc822;${input.recipient}`,
    `Action: ${input.action}`,
    `Status: ${input.status}`,
    'Remote-MTA: dns; mail.kommun.se',
    `Diagnostic-Code: smtp; 550 ${input.status} <${input.recipient}>:`,
    '    Recipient address rejected: User unknown in virtual mailbox table',
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    'From: lagesbild@skr.se',
    `To: ${input.recipient}`,
    'Subject: Inbjudan',
    ...(input.messageId ? [`Message-ID: ${input.messageId}`] : []),
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

let testApp: TestApp;
let folder: string;
before(async () => {
  testApp = await buildTestApp();
  folder = mkdtempSync(join(tmpdir(), 'lagesbild-bounces-'));
});
after(async () => {
  rmSync(folder, { recursive: true, force: true });
  await testApp.close();
});

test('a delivery report is read: recipient, action, status, diagnostic and the returned Message-ID', async () => {
  const reports = await readBounceMessage(
    buildBounce({ recipient: 'Fel@Malmo.se', action: 'failed', status: '5.1.1', messageId: '<abc@outbox.lagesbild>' }),
  );
  assert.deepEqual(reports, [
    {
      recipient: 'fel@malmo.se',
      action: 'failed',
      status: '5.1.1',
      diagnostic: '550 5.1.1 <Fel@Malmo.se>: Recipient address rejected: User unknown in virtual mailbox table',
      messageId: '<abc@outbox.lagesbild>',
    },
  ]);
  assert.deepEqual(await readBounceMessage('Subject: Hej\r\n\r\nInte en studs.\r\n'), []);
  const mbox = `From MAILER-DAEMON Sun Mar  1 09:00:01 2026\n${buildBounce({ recipient: 'a@b.se', action: 'failed', status: '5.1.1' })}\nFrom MAILER-DAEMON Sun Mar  1 09:00:02 2026\n${buildBounce({ recipient: 'c@d.se', action: 'delayed', status: '4.4.1' })}`;
  assert.equal(splitMailbox(mbox).length, 2);
  assert.equal(splitMailbox('Subject: one message\n\nbody').length, 1);
});

test('`lagesbild mail bounces` marks the bounced mails failed, matched by Message-ID or else by address', async () => {
  const { db } = testApp.database;
  for (const to of ['fel@malmo.se', 'gammal@lund.se', 'ok@lund.se']) {
    await queueMail(db, testApp.clock, {
      kind: 'receipt',
      to,
      content: { subject: 'Kvittens', text: 'Tack', html: '<p>Tack</p>' },
      createdBy: null,
    });
  }
  assert.deepEqual(await testApp.sendDueMail(), { sent: 3, failed: 0, deferred: 0 });
  const messageId = testApp.sentMail.find((mail) => mail.to === 'fel@malmo.se')?.messageId ?? '';
  assert.match(messageId, /^<[0-9a-f-]{36}@outbox\.lagesbild>$/);

  const maildir = join(folder, 'Maildir');
  writeFileSync(join(folder, 'not-a-bounce.eml'), 'Subject: Hej\r\n\r\nHej\r\n');
  assert.equal((await runCommand(testApp.database, ['mail', 'bounces', join(folder, 'not-a-bounce.eml')])).code, 1);
  mkdirSync(join(maildir, 'cur'), { recursive: true });
  mkdirSync(join(maildir, 'new'), { recursive: true });
  writeFileSync(
    join(maildir, 'cur', '1.eml'),
    buildBounce({ recipient: 'fel@malmo.se', action: 'failed', status: '5.1.1', messageId }),
  );
  writeFileSync(
    join(maildir, 'new', '2.eml'),
    buildBounce({ recipient: 'gammal@lund.se', action: 'failed', status: '5.2.1' }),
  );
  writeFileSync(
    join(maildir, 'new', '3.eml'),
    buildBounce({ recipient: 'ok@lund.se', action: 'delayed', status: '4.4.1' }),
  );
  writeFileSync(
    join(maildir, 'new', '4.eml'),
    buildBounce({ recipient: 'okand@lund.se', action: 'failed', status: '5.1.1' }),
  );

  const run = await runCommand(testApp.database, ['mail', 'bounces', maildir]);
  assert.equal(run.code, 0, run.err);
  assert.match(
    run.out,
    /Bounces: 4 delivery reports in 4 messages; 2 mails marked failed, 1 not failures \(delayed or delivered\)\./,
  );
  assert.match(run.out, /No mail sent to these addresses was found: okand@lund\.se/);
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['recipient', 'status', 'last_error'])
    .orderBy('recipient')
    .execute();
  assert.deepEqual(
    rows.map((row) => [row.recipient, row.status]),
    [
      ['fel@malmo.se', 'failed'],
      ['gammal@lund.se', 'failed'],
      ['ok@lund.se', 'sent'],
    ],
  );
  assert.match(rows[0]?.last_error ?? '', /^Bounced: 5\.1\.1 550 5\.1\.1 <fel@malmo\.se>: Recipient address rejected/);
});
