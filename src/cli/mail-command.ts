import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createSignInLinkIssuer } from '../accounts/accounts.service.ts';
import type { Command } from '../cli.ts';
import { recordBounces } from '../mail/bounces.service.ts';
import { type BounceReport, readBounceMessage, splitMailbox } from '../mail/bounces.ts';
import { createMailer } from '../mail/mailer.ts';
import { type SenderOptions, type SendTally, sendDueMail } from '../mail/outbox.service.ts';
import { withPrivacyLink } from '../privacy/privacy-mail.ts';
import { type CommandContext, UsageError, withDatabase } from './context.ts';

/** What a command needs to send the outbox's due mail as one more sender beside the servers. */
export function createCommandSender(context: CommandContext, name: string): SenderOptions {
  return {
    // Every mail the service sends ends with the link to the privacy notice.
    mailer: withPrivacyLink(
      createMailer({ smtpUrl: context.config.smtpUrl, from: context.config.mailFrom, logger: context.logger }),
      context.config.baseUrl,
    ),
    issueSignInLink: createSignInLinkIssuer(context.clock, context.config.baseUrl),
    senderId: `${hostname()}:${process.pid}:${name}:${randomUUID().slice(0, 8)}`,
  };
}

/** The line a command prints after sending, and its exit code: 1 when a mail failed for good. */
export function reportSending(context: CommandContext, tally: SendTally): number {
  context.out(`Mail: ${tally.sent} sent, ${tally.failed} failed, ${tally.deferred} to be tried again later.`);
  return tally.failed > 0 ? 1 : 0;
}

export const mailSendDueCommand: Command = {
  name: ['mail', 'send-due'],
  summary: 'Send the mail waiting in the outbox, once each (for cron; safe beside running servers)',
  usage: 'lagesbild mail send-due',
  options: {},
  async run(context) {
    const sender = createCommandSender(context, 'send-due');
    try {
      const tally = await withDatabase(context, (handle) => sendDueMail(handle.db, context.clock, sender));
      return reportSending(context, tally);
    } finally {
      sender.mailer.close();
    }
  },
};

/** Every file of a folder and its subfolders (a Maildir's cur/ and new/), or the file itself. */
async function listMessageFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => !entry.name.startsWith('.'))
      .map((entry) => (entry.isDirectory() ? listMessageFiles(join(path, entry.name)) : [join(path, entry.name)])),
  );
  return nested.flat().sort();
}

export const mailBouncesCommand: Command = {
  name: ['mail', 'bounces'],
  summary: 'Read bounce messages (RFC 3464 delivery reports) and mark the mails that bounced as failed',
  usage: 'lagesbild mail bounces FILE|FOLDER   (one message, an mbox file, or a folder such as a Maildir)',
  options: {},
  positionals: ['FILE'],
  async run(context, _values, positionals) {
    const [path = ''] = positionals;
    const files = await listMessageFiles(path).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        `Cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file or folder' : error.message}.`,
      );
    });
    const reports: BounceReport[] = [];
    let messages = 0;
    for (const file of files) {
      for (const message of splitMailbox(await readFile(file, 'utf8'))) {
        messages += 1;
        reports.push(...(await readBounceMessage(message)));
      }
    }
    if (reports.length === 0) {
      context.err(`No delivery report (RFC 3464) was found in the ${messages} messages of ${path}.`);
      return 1;
    }
    const tally = await withDatabase(context, (handle) => recordBounces(handle.db, context.clock, reports));
    context.out(
      `Bounces: ${reports.length} delivery reports in ${messages} messages; ${tally.marked} mails marked failed, ${tally.ignored} not failures (delayed or delivered).`,
    );
    if (tally.unmatched.length > 0) {
      context.out(`No mail sent to these addresses was found: ${[...new Set(tally.unmatched)].join(', ')}`);
    }
    return 0;
  },
};
