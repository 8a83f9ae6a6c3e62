import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { BounceReport } from './bounces.ts';
import { findLatestSentOutboxRow, findOutboxRow, markOutboxRowFailed } from './outbox.repository.ts';
import { readOutboxId } from './outbox.service.ts';

export type { BounceReport };

/** What reading a batch of bounces did: mails now marked failed, and failed addresses no sent mail matched. */
export type BounceTally = { marked: number; unmatched: string[]; ignored: number };

/**
 * Marks the mails that bounced as failed, with the reported status and diagnostic as the reason, so the round's
 * pages show the address as failing. A report is matched to the mail it quotes (its Message-ID), else to the newest
 * mail sent to the address. Reports that are not failures (delayed, delivered) are ignored.
 */
export async function recordBounces(
  db: Kysely<Database>,
  clock: Clock,
  reports: readonly BounceReport[],
): Promise<BounceTally> {
  const tally: BounceTally = { marked: 0, unmatched: [], ignored: 0 };
  for (const report of reports) {
    if (report.action !== 'failed') {
      tally.ignored += 1;
      continue;
    }
    const quotedId = report.messageId ? readOutboxId(report.messageId) : null;
    const quoted = quotedId ? await findOutboxRow(db, quotedId) : undefined;
    const mail =
      quoted && quoted.recipient.toLowerCase() === report.recipient
        ? quoted
        : await findLatestSentOutboxRow(db, report.recipient);
    if (!mail) {
      tally.unmatched.push(report.recipient);
      continue;
    }
    const reason = [`Bounced: ${report.status}`, report.diagnostic].filter(Boolean).join(' ');
    await markOutboxRowFailed(db, mail.id, { at: clock.now().toISOString(), error: reason.slice(0, 500) });
    tally.marked += 1;
  }
  return tally;
}
